"""Signed-in list pages, rendered once and personalised cheaply.

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


def _render_shared(context: dict) -> SharedResults:
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
    return SharedResults(context["generation"], html, buttons)


def personal_results(request: Request, context: dict) -> Markup:
    """The results block of a list page for the signed-in member in `context`."""
    state = request.app.state
    lists: OrderedDict = getattr(state, "shared_lists", None) or OrderedDict()
    state.shared_lists = lists
    key = (request.url.path, request.url.query)
    shared = lists.get(key)
    if shared is None or shared.generation != context["generation"]:
        shared = lists[key] = _render_shared(context)
        while len(lists) > MAX_LISTS:
            lists.popitem(last=False)
    lists.move_to_end(key)

    voted = context["voted"]
    filled = VOTE_SLOT.sub(
        lambda slot: shared.buttons[int(slot[1])][int(slot[1]) in voted], shared.html
    )
    return Markup(filled.replace(CSRF_PLACEHOLDER, csrf_token(request)))  # noqa: S704 - ours
