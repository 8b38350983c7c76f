"""Signed-in list pages, rendered once and personalised cheaply.

(Each worker keeps its own copies; they are only ever used for the generation they were
made in, so workers never disagree for longer than a render.)

Every member sees the same idea cards on a list page, except for their own vote buttons.
So for a verified member the results block is rendered once per list (path and query)
and page generation (see app/cache.py), with a slot where each vote button goes, and both
versions of each button (voted and not) are rendered beside it, with a placeholder for
the CSRF token. A member's page then fills the slots from their votes (one indexed
query) and puts in their token: string work, not template work. A write bumps the
generation, so the next page is rendered afresh and counts are never stale.
"""

import re
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import Request
from markupsafe import Markup

from app.security import csrf_token
from app.services.ideas import IdeaPage
from app.web.templating import templates

VOTE_SLOT = re.compile(r"<!--vote:(\d+)-->")
CSRF_PLACEHOLDER = "__commonground_csrf_token__"
MAX_LISTS = 512


@dataclass(frozen=True)
class SharedResults:
    generation: int
    html: str
    # idea id -> (button when not voted, button when voted)
    buttons: dict[int, tuple[str, str]]
    # What was rendered, so a later page can skip the queries.
    page: IdeaPage
    pinned: list
    comment_hits: list


def _lists(request: Request) -> OrderedDict:
    state = request.app.state
    if getattr(state, "shared_lists", None) is None:
        state.shared_lists = OrderedDict()
    return state.shared_lists


def _key(request: Request) -> tuple:
    return (request.url.path, request.url.query)


def cached(request: Request) -> SharedResults | None:
    """This list as rendered for members in the current generation, if it has been."""
    shared = _lists(request).get(_key(request))
    generation = request.app.state.page_generation.current()
    return shared if shared is not None and shared.generation == generation else None


def per_generation(request: Request, name: str, compute):
    """`compute()`, remembered until the next write (for what every page shows)."""
    state = request.app.state
    generation = state.page_generation.current()
    remembered = getattr(state, "per_generation", {})
    if name not in remembered or remembered[name][0] != generation:
        remembered = {**remembered, name: (generation, compute())}
        state.per_generation = remembered
    return remembered[name][1]


def _render_shared(request: Request, context: dict) -> SharedResults:
    shared = {**context, "vote_slots": True, "csrf_placeholder": CSRF_PLACEHOLDER}
    html = templates.get_template("ideas/_results.html").render(shared)
    button = templates.get_template("ideas/_vote_button.html")
    buttons = {}
    for idea in [*context["page"].items, *context.get("pinned", [])]:
        buttons[idea.id] = tuple(
            button.render({**shared, "vote": {"idea_id": idea.id, "voted": voted,
                                              "vote_count": idea.vote_count}})
            for voted in (False, True)
        )  # fmt: skip
    generation = request.app.state.page_generation.current()
    return SharedResults(
        generation, html, buttons, context["page"], context["pinned"], context["comment_hits"]
    )


def personal_results(request: Request, context: dict) -> Markup:
    """The results block of a list page for the signed-in member in `context`."""
    lists, key = _lists(request), _key(request)
    shared = cached(request)
    if shared is None:
        shared = lists[key] = _render_shared(request, context)
        while len(lists) > MAX_LISTS:
            lists.popitem(last=False)
    lists.move_to_end(key)

    voted = context["voted"]
    filled = VOTE_SLOT.sub(
        lambda slot: shared.buttons[int(slot[1])][int(slot[1]) in voted], shared.html
    )
    return Markup(filled.replace(CSRF_PLACEHOLDER, csrf_token(request)))  # noqa: S704 - ours
