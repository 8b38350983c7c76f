"""The stored counters equal a recount after any sequence of actions.

A hypothesis state machine votes, unvotes, disagrees, passes, comments, deletes, hides
and restores ideas and comments, merges and unmerges, through the services, on a small
forum; after every step each idea's `vote_count`, `disagree_count`, `pass_count`,
`comment_count`, comment stance tally and trending score, and each theme's
`idea_count`, must equal what counting the rows gives (counters.recount_*).
"""

import contextlib
import math

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlmodel import Session, select

from app.db import open_session
from app.models import Comment, Idea, Theme, User
from app.services.errors import DomainError
from app.services.ideas import comments, counters, merging, votes
from app.services.moderation import hiding
from tests.conftest import empty_tables
from tests.factories import make_comment, make_idea, make_moderator, make_theme, make_user

MEMBERS, IDEAS = 4, 4
STANCES = st.sampled_from(["for", "against", "neutral"])
CHANGES = st.sampled_from(list(votes.Change))
member = st.integers(0, MEMBERS - 1)
idea = st.integers(0, IDEAS - 1)


class CounterMachine(RuleBasedStateMachine):
    """Actions a forum sees, each either done or refused (a refusal changes nothing)."""

    engine = None  # set by the test

    @initialize()
    def forum(self) -> None:
        empty_tables(self.engine)
        self.session: Session = open_session(self.engine)
        self.moderator = make_moderator(self.session)
        self.members = [make_user(self.session) for _ in range(MEMBERS)]
        themes = [make_theme(self.session), make_theme(self.session)]
        self.ideas = [make_idea(self.session, theme=themes[n % 2]).id for n in range(IDEAS)]
        self.comments: list[int] = []

    def teardown(self) -> None:
        session = getattr(self, "session", None)
        if session is not None:
            session.close()

    def _try(self, action, **arguments) -> None:
        # A refusal (merged, hidden or gone) is fine: the invariant checks nothing moved.
        with contextlib.suppress(DomainError):
            action(session=self.session, **arguments)

    @rule(who=member, which=idea)
    def vote(self, who, which):
        self._try(votes.cast_vote, user=self.members[who], idea_id=self.ideas[which])

    @rule(who=member, which=idea)
    def unvote(self, who, which):
        self._try(votes.withdraw_vote, user=self.members[who], idea_id=self.ideas[which])

    @rule(who=member, which=idea, changes=st.lists(CHANGES, min_size=1, max_size=3))
    def answer(self, who, which, changes):
        """A member changing their mind, once or a few times in a row: every move
        between support, disagree, pass and no answer."""
        for change in changes:
            self._try(
                votes.answer_idea, user=self.members[who], idea_id=self.ideas[which], change=change
            )

    @rule(who=member, which=idea, stance=STANCES, reply=st.booleans())
    def comment(self, who, which, stance, reply):
        idea_row = self.session.get(Idea, self.ideas[which])
        parent = next(
            (c for c in self.comments if self.session.get(Comment, c).idea_id == idea_row.id),
            None,
        )
        try:
            made = make_comment(
                self.session, idea=idea_row, author=self.members[who], stance=stance,
                parent=self.session.get(Comment, parent) if reply and parent else None,
            )  # fmt: skip
        except DomainError:
            return
        self.comments.append(made.id)

    @rule(data=st.data(), stance=STANCES)
    def edit_comment(self, data, stance):
        if self.comments:
            comment = self.session.get(Comment, data.draw(st.sampled_from(self.comments)))
            author = self.session.get(User, comment.author_id)
            self._try(
                comments.edit_comment, user=author, comment_id=comment.id,
                body="Changed my mind.", stance=stance,
            )  # fmt: skip

    @rule(data=st.data())
    def delete_comment(self, data):
        if self.comments:
            comment = self.session.get(Comment, data.draw(st.sampled_from(self.comments)))
            author = self.session.get(User, comment.author_id)
            self._try(comments.delete_comment, user=author, comment_id=comment.id)

    @rule(data=st.data(), hidden=st.booleans())
    def hide_or_restore_comment(self, data, hidden):
        if self.comments:
            action = hiding.hide_comment if hidden else hiding.restore_comment
            comment_id = data.draw(st.sampled_from(self.comments))
            self._try(action, actor=self.moderator, comment_id=comment_id)

    @rule(which=idea, hidden=st.booleans())
    def hide_or_restore_idea(self, which, hidden):
        action = hiding.hide_idea if hidden else hiding.restore_idea
        self._try(action, actor=self.moderator, idea_id=self.ideas[which])

    @rule(which=idea, into=idea)
    def merge(self, which, into):
        self._try(
            merging.merge_idea, actor=self.moderator, idea_id=self.ideas[which],
            into=self.ideas[into],
        )  # fmt: skip

    @rule(which=idea)
    def unmerge(self, which):
        self._try(merging.unmerge_idea, actor=self.moderator, idea_id=self.ideas[which])

    @invariant()
    def counters_equal_a_recount(self):
        if not hasattr(self, "session"):
            return
        self.session.commit()  # a fresh snapshot
        for stored in self.session.exec(select(Idea).execution_options(populate_existing=True)):
            counted = counters.recount_idea(self.session, stored)
            kept = counters.stored_idea_counts(stored)
            assert (kept.vote_count, kept.comment_count) == (
                counted.vote_count,
                counted.comment_count,
            ), stored.id
            assert (kept.comments_for, kept.comments_against, kept.comments_neutral) == (
                counted.comments_for,
                counted.comments_against,
                counted.comments_neutral,
            ), stored.id
            assert (kept.disagree_count, kept.pass_count) == (
                counted.disagree_count,
                counted.pass_count,
            ), stored.id
            assert math.isclose(kept.trending_score, counted.trending_score, abs_tol=1e-6)
        for theme in self.session.exec(select(Theme).execution_options(populate_existing=True)):
            assert theme.idea_count == counters.recount_theme(self.session, theme.id), theme.slug


@pytest.mark.slow
def test_counters_equal_a_recount_after_any_sequence(engine):
    CounterMachine.engine = engine
    machine = CounterMachine.TestCase
    machine.settings = settings(
        max_examples=12,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    machine().runTest()
