"""Idea lists: the cards a list shows and the sorted, filtered pages of them.

Lists paginate by keyset: the cursor carries the sort key and id of the last idea shown,
and the next page starts strictly after it in the index's order. A page therefore costs
the same however deep it is, and ideas added between two page loads neither repeat nor
push others out of sight (OFFSET would do both).
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, bindparam, case, func, literal_column, tuple_
from sqlmodel import Session, col, select

from app.models import (
    ANSWERED_STATUSES,
    Idea,
    IdeaStatus,
    InsightIdea,
    InsightRun,
    Theme,
    User,
    UserState,
)
from app.services.bounds import is_id
from app.services.cursors import InvalidCursor, decode_cursor, encode_cursor
from app.services.rounds.state import hidden_counts_sql, round_closed_sql

PAGE_SIZE = 20
EXCERPT_CHARS = 180

SORT_COLUMNS = {
    "trending": Idea.trending_score,
    "top": Idea.vote_count,
    "new": Idea.created_at,
    "discussed": Idea.comment_count,
}
# Common ground (the bridging score of the latest insight run) sorts by a column of the
# run's rows, not of the idea: an idea not yet analysed is not listed by it.
COMMON = "common"
SORTS = (*SORT_COLUMNS, COMMON)
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
    # The author's profile, or None for a former member (an erased account).
    author_id: int | None = None
    # Its round hides the totals while it runs; it takes no new answers (rounds.state).
    counts_hidden: bool = False
    answers_closed: bool = False


@dataclass(frozen=True)
class IdeaPage:
    items: list[IdeaCard]
    next_cursor: str | None


def card_query(
    *,
    theme_id: int | None = None,
    status: IdeaStatus | None = None,
    pinned: bool | None = None,
    round_id: int | None = None,
):
    """The columns an idea card shows, for the ideas a list may show (not hidden; not
    merged unless asked for), joined with author and theme. Callers add the order.
    `pinned` True keeps only pinned ideas, False leaves them out (for pages that show
    them in a block of their own above the list)."""
    query = (
        select(
            Idea.id,
            Idea.title,
            func.substr(Idea.body, 1, 2 * EXCERPT_CHARS).label("body_start"),
            Idea.status,
            Idea.pinned,
            Idea.vote_count,
            Idea.comment_count,
            Idea.created_at,
            col(User.display_name).label("author_name"),
            col(User.organisation).label("author_organisation"),
            col(Theme.slug).label("theme_slug"),
            col(Theme.name).label("theme_name"),
            profile_id(Idea.author_id),
            hidden_counts_sql(Idea.round_id),
            round_closed_sql(Idea.round_id),
        )
        .join(User, col(User.id) == Idea.author_id)
        .join(Theme, col(Theme.id) == Idea.theme_id)
        .where(col(Idea.hidden_at).is_(None))
    )
    if theme_id is not None:
        query = query.where(Idea.theme_id == theme_id)
    if round_id is not None:
        query = query.where(Idea.round_id == round_id)
    if pinned is not None:
        query = query.where(col(Idea.pinned).is_(pinned))
    if status is not None:
        return query.where(status_is(status))
    return query.where(Idea.status != IdeaStatus.merged)


def profile_id(author_id):
    """The author's id, for a link to their profile; NULL for a former member (a query
    joined with User)."""
    return case((User.state == UserState.deleted, None), else_=author_id).label("author_id")


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
    round_id: int | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> IdeaPage:
    """A page of shown ideas in `sort` order (see `card_query` for the filters)."""
    statement = _page_statement(sort, theme_id, status, pinned, round_id, bool(cursor), limit)
    values: dict[str, Any] = {}
    if sort == COMMON:
        values["run_id"] = _latest_run(session)
    if cursor:
        values["after_value"], values["after_id"] = _sort_key_from_cursor(cursor, sort)
    # Core, not the ORM: the rows are read as they are (no objects), which is most of a
    # list's own cost after a write.
    rows = session.connection().execute(statement, values).all()
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        value = last.sort_key.isoformat() if isinstance(last.sort_key, datetime) else last.sort_key
        next_cursor = encode_cursor(sort, value, last.id)
    return IdeaPage(items=[card(row) for row in rows[:limit]], next_cursor=next_cursor)


@lru_cache(maxsize=512)
def _page_statement(sort, theme_id, status, pinned, round_id, after: bool, limit: int):
    """The statement of a list's page, built once for its filters: the values that vary
    from page to page (the run, the cursor's key, the time) are bound when it runs."""
    query = card_query(theme_id=theme_id, status=status, pinned=pinned, round_id=round_id)
    sort_column, id_column = SORT_COLUMNS.get(sort), Idea.id
    if sort == COMMON:
        # In the order of the run's index (run_id, bridging, idea_id).
        sort_column, id_column = InsightIdea.bridging, InsightIdea.idea_id
        query = query.join(
            InsightIdea,
            and_(col(InsightIdea.idea_id) == Idea.id, InsightIdea.run_id == bindparam("run_id")),
        )
    query = (
        query.add_columns(col(sort_column).label("sort_key"))
        .order_by(col(sort_column).desc(), col(id_column).desc())
        .limit(limit + 1)
    )
    if after:
        after_key = bindparam("after_value", type_=col(sort_column).type), bindparam("after_id")
        query = query.where(tuple_(sort_column, id_column) < tuple_(*after_key))
    return query


def _latest_run(session: Session) -> int:
    """The latest finished insight run's id (0 when there is none: nothing is listed)."""
    found = session.exec(
        select(InsightRun.id)
        .where(col(InsightRun.finished_at).is_not(None))
        .order_by(col(InsightRun.id).desc())
        .limit(1)
    ).first()
    return found or 0


def card(row: Any, *, snippet: str = "", title_html: str = "") -> IdeaCard:
    """The card of a row of `card_query` (its columns by name; a caller may add more)."""
    return IdeaCard(
        id=row.id,
        title=row.title,
        excerpt=excerpt(row.body_start),
        status=row.status,
        pinned=row.pinned,
        vote_count=row.vote_count,
        comment_count=row.comment_count,
        created_at=row.created_at,
        author_name=row.author_name,
        author_organisation=row.author_organisation,
        theme_slug=row.theme_slug,
        theme_name=row.theme_name,
        snippet=snippet,
        title_html=title_html,
        author_id=row.author_id,
        counts_hidden=bool(row.counts_hidden),
        answers_closed=bool(row.round_closed) or row.status in ANSWERED_STATUSES,
    )


def excerpt(body_start: str) -> str:
    """The first words of the Markdown source, shown as plain (escaped) text."""
    text = " ".join(body_start.replace("#", "").replace("*", "").split())
    if len(text) <= EXCERPT_CHARS and len(body_start) < 2 * EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def _sort_key_from_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    value, idea_id = decode_cursor(cursor, sort, 2)
    try:
        if not is_id(idea_id):
            raise TypeError(idea_id)
        if sort == "new":
            value = datetime.fromisoformat(value)
        elif sort in ("trending", COMMON):
            value = float(value)
        elif type(value) is not int:
            raise TypeError(value)
    except (ValueError, TypeError) as error:
        raise InvalidCursor() from error
    return value, idea_id
