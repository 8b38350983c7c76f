"""Ideas: proposing, editing, reading one, and the sorted lists.

Lists paginate by keyset: the cursor carries the sort key and id of the last idea shown,
and the next page starts strictly after it in the index's order. A page therefore costs
the same however deep it is, and ideas added between two page loads neither repeat nor
push others out of sight (OFFSET would do both).
"""

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, literal_column, tuple_, update
from sqlmodel import Session, col, select

from app.db import begin_write
from app.markdown import render_markdown
from app.models import Idea, IdeaStatus, Theme, User, utcnow
from app.services import duplicates, follows, notifications, similar, trending
from app.services.errors import Forbidden, NotFound, ValidationFailed

PAGE_SIZE = 20
TITLE_MIN, TITLE_MAX = 8, 120
BODY_MAX = 10_000
EXCERPT_CHARS = 180

SORT_COLUMNS = {
    "trending": Idea.trending_score,
    "top": Idea.vote_count,
    "new": Idea.created_at,
    "discussed": Idea.comment_count,
}
SORTS = tuple(SORT_COLUMNS)
DEFAULT_SORT = "trending"


@dataclass(frozen=True)
class IdeaCard:
    """What a list shows of an idea: only these columns are read."""

    id: int
    title: str
    excerpt: str
    status: str
    pinned: bool
    vote_count: int
    comment_count: int
    created_at: datetime
    author_name: str
    author_organisation: str
    theme_slug: str
    theme_name: str
    # Search results: the title and a passage with the matching words marked (safe HTML).
    snippet: str = ""
    title_html: str = ""


@dataclass(frozen=True)
class IdeaPage:
    items: list[IdeaCard]
    next_cursor: str | None


class InvalidCursor(ValidationFailed):
    def __init__(self) -> None:
        super().__init__({"cursor": "This page link is not valid. Start again from the list."})


# --- reading ---------------------------------------------------------------------------


def card_query(
    *, theme_id: int | None = None, status: IdeaStatus | None = None, pinned: bool | None = None
):
    """The columns an idea card shows, for the ideas a list may show (not hidden; not
    merged unless asked for), joined with author and theme. Callers add the order.
    `pinned` True keeps only pinned ideas, False leaves them out (for pages that show
    them in a block of their own above the list)."""
    query = (
        select(
            Idea.id,
            Idea.title,
            func.substr(Idea.body, 1, 2 * EXCERPT_CHARS),
            Idea.status,
            Idea.pinned,
            Idea.vote_count,
            Idea.comment_count,
            Idea.created_at,
            User.display_name,
            User.organisation,
            Theme.slug,
            Theme.name,
        )
        .join(User, col(User.id) == Idea.author_id)
        .join(Theme, col(Theme.id) == Idea.theme_id)
        .where(col(Idea.hidden_at).is_(None))
    )
    if theme_id is not None:
        query = query.where(Idea.theme_id == theme_id)
    if pinned is not None:
        query = query.where(col(Idea.pinned).is_(pinned))
    if status is not None:
        return query.where(status_is(status))
    return query.where(Idea.status != IdeaStatus.merged)


def status_is(status: IdeaStatus):
    """`Idea.status == status`, saying so in a way the planners see the status indexes
    cover (they leave the open ideas out: app/models.py, NOT_OPEN)."""
    if status == IdeaStatus.open:
        return Idea.status == status
    return and_(Idea.status == status, col(Idea.status) != literal_column(f"'{IdeaStatus.open}'"))


def list_ideas(
    *,
    session: Session,
    sort: str = DEFAULT_SORT,
    theme_id: int | None = None,
    status: IdeaStatus | None = None,
    pinned: bool | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> IdeaPage:
    """A page of shown ideas in `sort` order (see `card_query` for the filters)."""
    sort_column = SORT_COLUMNS[sort]
    query = (
        card_query(theme_id=theme_id, status=status, pinned=pinned)
        .add_columns(sort_column)
        .order_by(col(sort_column).desc(), col(Idea.id).desc())
        .limit(limit + 1)
    )
    if cursor:
        after_value, after_id = _sort_key_from_cursor(cursor, sort)
        query = query.where(tuple_(sort_column, Idea.id) < tuple_(after_value, after_id))

    rows = session.exec(query).all()
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        value = last[-1].isoformat() if isinstance(last[-1], datetime) else last[-1]
        next_cursor = encode_cursor(sort, value, last[0])
    return IdeaPage(items=[card(row) for row in rows[:limit]], next_cursor=next_cursor)


def card(row: Any, *, snippet: str = "", title_html: str = "") -> IdeaCard:
    (id_, title, body_start, status, pinned, votes, comments, created, name, org, slug, theme) = (
        row[:12]
    )
    return IdeaCard(
        id=id_,
        title=title,
        excerpt=_excerpt(body_start),
        status=status,
        pinned=pinned,
        vote_count=votes,
        comment_count=comments,
        created_at=created,
        author_name=name,
        author_organisation=org,
        theme_slug=slug,
        theme_name=theme,
        snippet=snippet,
        title_html=title_html,
    )


def _excerpt(body_start: str) -> str:
    """The first words of the Markdown source, shown as plain (escaped) text."""
    text = " ".join(body_start.replace("#", "").replace("*", "").split())
    if len(text) <= EXCERPT_CHARS and len(body_start) < 2 * EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def encode_cursor(kind: str, *values: Any) -> str:
    """An opaque "continue after this" token: the sort it belongs to and its key."""
    raw = json.dumps([kind, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, length: int) -> list[Any]:
    """The key in a cursor of `kind`; InvalidCursor if it is anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidCursor() from error
    if not isinstance(values, list) or len(values) != length + 1 or values[0] != kind:
        raise InvalidCursor()
    return values[1:]


def _sort_key_from_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    value, idea_id = decode_cursor(cursor, sort, 2)
    try:
        if type(idea_id) is not int:
            raise TypeError(idea_id)
        if sort == "new":
            value = datetime.fromisoformat(value)
        elif sort == "trending":
            value = float(value)
        elif type(value) is not int:
            raise TypeError(value)
    except (ValueError, TypeError) as error:
        raise InvalidCursor() from error
    return value, idea_id


def get_idea(*, session: Session, idea_id: int, viewer: User | None) -> Idea:
    """An idea a viewer may see: hidden ones only for moderators."""
    idea = session.get(Idea, idea_id)
    if idea is None or (idea.hidden_at is not None and not (viewer and viewer.is_moderator)):
        raise NotFound("There is no idea at this address. It may have been removed.")
    return idea


def get_author(*, session: Session, idea: Idea) -> User:
    return session.get_one(User, idea.author_id)


# --- writing ---------------------------------------------------------------------------


def _validate(
    *, session: Session, title: str, body: str, theme_slug: str, current_theme_id: int | None = None
) -> Theme:
    """Checks a new or edited idea. An archived theme takes no new ideas, but an idea
    already in one may stay there when its author edits it."""
    errors = {}
    if len(title) < TITLE_MIN:
        errors["title"] = f"Give your idea a title of at least {TITLE_MIN} characters."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep the title to {TITLE_MAX} characters; say more in the details."
    if len(body) > BODY_MAX:
        errors["body"] = f"Keep the details to {BODY_MAX:,} characters."
    theme = None
    if theme_slug:
        theme = session.exec(select(Theme).where(Theme.slug == theme_slug)).first()
        if theme and theme.archived_at is not None and theme.id != current_theme_id:
            theme = None
    if theme is None:
        errors["theme"] = "Choose the theme your idea belongs to."
    if errors:
        raise ValidationFailed(errors)
    assert theme is not None
    return theme


def create_idea(
    *,
    session: Session,
    author: User,
    title: str,
    body: str,
    theme_slug: str,
    check_duplicates: bool = False,
) -> Idea:
    """Propose an idea. With `check_duplicates`, raise LikelyDuplicates instead when very
    similar ideas exist, so the member can back one of those rather than split the vote."""
    if not author.is_verified:
        raise Forbidden("Confirm your email address to propose ideas.")
    title, body = title.strip(), body.strip()
    theme = _validate(session=session, title=title, body=body, theme_slug=theme_slug)
    if check_duplicates:
        similar.check_not_duplicate(session=session, title=title, body=body)
    begin_write(session)
    now = utcnow()
    idea = Idea(
        title=title,
        body=body,
        body_html=render_markdown(body),
        author_id=author.id,
        theme_id=theme.id,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
        trending_score=trending.initial_score(now),
    )
    session.add(idea)
    change_theme_count(session, theme.id, +1)
    session.flush()
    follows.auto_follow_idea(session, user_id=author.id, idea_id=idea.id, reason="propose")
    notifications.idea_created(session, idea=idea, author=author)
    duplicates.record_pairs(session=session, idea=idea)
    session.commit()
    return idea


def update_idea(
    *, session: Session, editor: User, idea_id: int, title: str, body: str, theme_slug: str
) -> Idea:
    begin_write(session)
    idea = editable_idea(session=session, editor=editor, idea_id=idea_id)
    title, body = title.strip(), body.strip()
    theme = _validate(
        session=session, title=title, body=body, theme_slug=theme_slug,
        current_theme_id=idea.theme_id,
    )  # fmt: skip
    if theme.id != idea.theme_id and is_shown(idea):
        change_theme_count(session, idea.theme_id, -1)
        change_theme_count(session, theme.id, +1)
    now = utcnow()
    idea.title, idea.body, idea.body_html = title, body, render_markdown(body)
    idea.theme_id = theme.id
    idea.edited_at = idea.updated_at = now
    session.add(idea)
    duplicates.record_pairs(session=session, idea=idea)
    session.commit()
    return idea


def editable_idea(*, session: Session, editor: User, idea_id: int) -> Idea:
    """The idea if `editor` may edit it (its author); Forbidden otherwise."""
    idea = get_idea(session=session, idea_id=idea_id, viewer=editor)
    if idea.author_id != editor.id:
        raise Forbidden("Only the author can edit this idea.")
    if idea.status == IdeaStatus.merged:
        raise Forbidden("This idea has been merged into another and can no longer be edited.")
    return idea


def is_shown(idea: Idea) -> bool:
    """Shown in lists and counted in its theme: not hidden and not merged away."""
    return idea.hidden_at is None and idea.status != IdeaStatus.merged


def change_theme_count(session: Session, theme_id: int | None, delta: int) -> None:
    """Move a theme's `idea_count` inside the caller's transaction (one atomic UPDATE)."""
    if not delta:
        return
    session.exec(
        update(Theme).where(col(Theme.id) == theme_id).values(idea_count=Theme.idea_count + delta)
    )
