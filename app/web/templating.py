"""Rendering: one template gives the full page to a plain request and a named block to
htmx (jinja2-fragments), so a page and its fragments cannot drift apart.

Templates build links with `url(...)` (paths from the route table, never typed by
hand), get `csrf_token()` for forms, and `flashes` for one-shot messages after a
redirect. Flashes travel in a signed cookie so they need no server state.
"""

from collections.abc import Hashable
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from itsdangerous import BadSignature
from jinja2 import pass_context
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from app.config import PROJECT_ROOT
from app.db import open_session
from app.markdown import render_markdown
from app.models import IdeaStatus, User, utcnow
from app.security import csrf_token, signer
from app.services.site import pages as site_pages
from app.services.site import settings as site_settings
from app.web.static import file_version

FLASH_COOKIE = "cg_flash"

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))
# Templates do not change under a running app: don't stat every file on every render.
templates.env.auto_reload = False


@pass_context
def _url(context: Any, name: str, query: dict[str, Any] | None = None, **path_params: Any) -> str:
    path = path_for(context["request"].app, name, **path_params)
    if query:
        kept = {key: value for key, value in query.items() if value not in (None, "")}
        if kept:
            return f"{path}?{urlencode(kept)}"
    return str(path)


def path_for(app: Any, name: str, **path_params: Any) -> str:
    """`app.url_path_for`, remembered: the route table never changes once the app runs,
    and looking a name up walks every route (a page asks for a hundred links)."""
    paths = getattr(app.state, "paths", None)
    if paths is None:
        paths = app.state.paths = lru_cache(maxsize=16_384)(
            lambda name, params: str(app.url_path_for(name, **dict(params)))
        )
    return paths(name, tuple(path_params.items()))


@pass_context
def _csrf_token(context: Any) -> str:
    # A page shared by members has a slot where each member's token goes (member_pages).
    return context.get("csrf_slot") or csrf_token(context["request"])


def _time_ago(moment: datetime) -> str:
    seconds = int((utcnow() - moment).total_seconds())
    for unit, size in (("year", 31_536_000), ("month", 2_592_000), ("day", 86_400),
                       ("hour", 3_600), ("minute", 60)):  # fmt: skip
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def _status_label(status: str) -> str:
    return IdeaStatus(status).label


@pass_context
def _static_url(context: Any, name: str) -> str:
    """A static file's URL with its content version, so browsers may cache it for good."""
    return _url(context, "static", query={"v": file_version(name)}, path=name)


def insight_readable(settings, user) -> bool:
    """Whether `user` (None for a visitor) may read the insight (Settings.insight_visibility)."""
    visibility = settings.insight_visibility
    if visibility == "public":
        return True
    if visibility == "members":
        return user is not None
    return bool(user and user.is_moderator)


@pass_context
def _insight_visible(context: Any) -> bool:
    return insight_readable(context["request"].app.state.settings, context.get("user"))


def site_for(request: Request) -> site_settings.Site:
    """The site's settings (/mod/settings), read once per page generation: every page
    shows them, and only a committed write changes them."""
    app = request.app

    def load() -> site_settings.Site:
        with open_session(app.state.engine) as session:
            return site_settings.load_site(session=session, settings=app.state.settings)

    return app.state.page_caching.remembered("site", load)


@pass_context
def _site(context: Any) -> site_settings.Site:
    return site_for(context["request"])


@pass_context
def _pages_to_agree(context: Any) -> list:
    """The changed pages the signed-in member is asked to agree to (none on a page shared
    by members, whose stand-in member is no one in particular)."""
    user, request = context.get("user"), context["request"]
    if not isinstance(user, User):
        return []
    app = request.app

    def asking() -> dict[str, int]:
        with open_session(app.state.engine) as session:
            return site_pages.asking_versions(session=session)

    versions = app.state.page_caching.remembered("asking", asking)
    if all(version == 1 for version in versions.values()):
        return []  # no page asks again: no query
    cached = getattr(request.state, "pages_to_agree", None)
    if cached is None:
        with open_session(app.state.engine) as session:
            cached = site_pages.pages_to_agree(session=session, user=user, asking=versions)
        request.state.pages_to_agree = cached
    return cached


def _fragment(context: Any, template_name: str, values: dict, key: Hashable | None) -> Markup:
    """`template_name` rendered with the page's context and `values`: once for `key` and
    then kept (PageCaching.fragment), or every time if `key` is None. `key` must hold
    every value the fragment shows."""
    template = context.environment.get_template(template_name)

    def render() -> str:
        return template.render({**context.get_all(), **values})

    if key is None:
        return Markup(render())  # noqa: S704 - the template escaped it
    return Markup(context["request"].app.state.page_caching.fragment(key, render))  # noqa: S704


@pass_context
def _idea_card(context: Any, idea: Any, heading: str | None = None, autofocus: bool = False):
    """One idea in a list (ideas/_idea_card.html). A visitor's card, and the card on a
    page shared by members (whose vote button is a slot), is the same for everyone, so it
    is rendered once for the values it shows; a signed-in member's own card, with their
    vote button and form token, is rendered every time."""
    heading = heading or context.get("heading")  # a page may set it for all its cards
    values = {"idea": idea, "heading": heading, "autofocus": autofocus}
    vote_slots = bool(context.get("vote_slots"))
    key = None
    if context.get("user") is None or vote_slots:
        # What the card shows: the idea's fields, how long ago it was posted and, for a
        # visitor, a sign-in link back to this page.
        next_path = None if vote_slots else context.get("next_path")
        shown = (idea, heading, autofocus, vote_slots, next_path, _time_ago(idea.created_at))
        key = ("idea-card", *shown)
    return _fragment(context, "ideas/_idea_card.html", values, key)


@pass_context
def _comment_item(context: Any, comment: Any, reply: bool = False):
    """One comment of a debate and its replies (ideas/_comment.html). A visitor's is the
    same for every visitor, so it is rendered once for what it shows; a member's, with
    their forms, every time."""
    values = {"comment": comment, "reply": reply}
    key = None
    if context.get("user") is None:
        key = ("comment", _comment_shown(comment), reply, context.get("focus"))
    return _fragment(context, "ideas/_comment.html", values, key)


def _comment_shown(comment: Any) -> tuple:
    """What a visitor sees of a comment (a CommentView) and its replies."""
    return (
        comment.id, comment.author_id, comment.author_name, comment.author_organisation,
        comment.stance, comment.body_html, comment.created_at, comment.edited_at,
        comment.removed, comment.hidden, _time_ago(comment.created_at),
        tuple(_comment_shown(reply) for reply in comment.replies),
    )  # fmt: skip


templates.env.globals.update(
    url=_url, csrf_token=_csrf_token, static_url=_static_url, insight_visible=_insight_visible,
    site=_site, pages_to_agree=_pages_to_agree, idea_card=_idea_card,
    comment_item=_comment_item,
)  # fmt: skip


def _markdown(source: str) -> Markup:
    return Markup(render_markdown(source))  # noqa: S704 - nh3 has sanitised it


templates.env.filters.update(time_ago=_time_ago, status_label=_status_label, markdown=_markdown)


def is_htmx(request: Request) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
    blocks: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page, or only `block` (or `blocks`) of it for an htmx request."""
    full_context = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "unread_count": getattr(request.state, "unread_count", 0),
        "pending_reports": getattr(request.state, "pending_reports", 0),
        "site_name": site_for(request).name,
        "flashes": [] if block or blocks else _read_flashes(request),
        **(context or {}),
    }
    kwargs: dict[str, Any] = {"block_name": block} if block else {}
    if blocks:
        kwargs["block_names"] = blocks
    response = templates.TemplateResponse(
        request, template, full_context, status_code=status_code, headers=headers, **kwargs
    )
    if full_context["flashes"]:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(request: Request, to: str, *, flash: str | None = None) -> RedirectResponse:
    """The 303 that answers a plain form post, optionally carrying a one-shot message."""
    response = RedirectResponse(to, status_code=303)
    if flash:
        value = _flash_signer(request).dumps(_read_flashes(request) + [flash])
        response.set_cookie(
            FLASH_COOKIE, value, path="/", httponly=True, samesite="lax",
            secure=request.url.scheme == "https",
        )  # fmt: skip
    return response


def _flash_signer(request: Request):
    return signer(request.app.state.settings.secret_key.get_secret_value(), "flash")


def _read_flashes(request: Request) -> list[str]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        messages = _flash_signer(request).loads(raw, max_age=300)
    except BadSignature:
        return []
    return [m for m in messages if isinstance(m, str)] if isinstance(messages, list) else []


def plural(count: int, noun: str) -> str:
    """ "1 idea", "3 ideas": never "idea(s)"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def with_query(path: str, params: dict[str, Any]) -> str:
    """`path` with the params that have a value as its query string."""
    kept = urlencode({key: value for key, value in params.items() if value})
    return f"{path}?{kept}" if kept else str(path)


def local_path(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`: redirects never leave."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    # Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//…".
    if any(ch.isspace() or ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
