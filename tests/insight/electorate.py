"""A synthetic electorate with planted opinion groups, for testing the insight analysis.

Three groups of different sizes answer forty ideas from known probabilities: each group
has ideas of its own (it supports them, the others disagree), one idea every group
supports (the planted common ground), and one idea the first group supports and the
others reject (the planted divisive idea). Some answers are missing at random.
"""

from dataclasses import dataclass

import numpy as np

GROUP_SIZES = (120, 80, 50)
OWN_IDEAS = 12  # per group
CROSS, DIVISIVE = 0, 1  # the planted ideas' positions
MISSING = 0.3
SUPPORT_P = 0.85  # how often a member supports what their group supports


@dataclass(frozen=True)
class Electorate:
    groups: list[int]  # the planted group of each member (index = member number)
    ideas: int
    answers: list[tuple[int, int, int]]  # (member number, idea number, +1/-1/0)


def electorate(seed: int = 7) -> Electorate:
    rng = np.random.default_rng(seed)
    groups = [g for g, size in enumerate(GROUP_SIZES) for _ in range(size)]
    ideas = 2 + OWN_IDEAS * len(GROUP_SIZES)
    answers = []
    for member, group in enumerate(groups):
        for idea in range(ideas):
            if rng.random() < MISSING:
                continue
            if idea == CROSS:
                likes = True
            elif idea == DIVISIVE:
                likes = group == 0
            else:
                likes = (idea - 2) // OWN_IDEAS == group
            roll = rng.random()
            if likes:
                value = 1 if roll < SUPPORT_P else (-1 if roll < SUPPORT_P + 0.1 else 0)
            else:
                value = -1 if roll < SUPPORT_P else (1 if roll < SUPPORT_P + 0.1 else 0)
            answers.append((member, idea, value))
    return Electorate(groups=groups, ideas=ideas, answers=answers)
