"""Full-text search over ideas and comments (`/ideas?q=`), on either engine (see
`fulltext`). Results are the ideas a list may show, most relevant first, then most
supported; the last word also matches as a prefix, so results follow a member who is
still typing. Hidden and merged ideas stay in the index and are filtered out here, so
hiding, restoring, merging and unmerging change results at once.
"""

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import bindparam, func, literal_column, select, tuple_
from sqlmodel import Session, col

from app.models import Comment, Idea, IdeaStatus, User
from app.services.bounds import is_id
from app.services.cursors import InvalidCursor, decode_cursor, encode_cursor
from app.services.finding.fulltext import (
    END_MARK,
    ENGLISH,
    MARK,
    SNIPPET_WORDS,
    comment_fts,
    fts5_query,
    headline_options,
    idea_fts,
    is_postgresql,
    marked,
    query_words,
    ranked_ideas,
    tsquery,
    tsquery_text,
)
from app.services.ideas.listing import PAGE_SIZE, IdeaPage, card, card_query


@dataclass(frozen=True)
class CommentHit:
    comment_id: int
    idea_id: int
    idea_title: str
    author_name: str
    snippet: Markup


def search_ideas(
    *,
    session: Session,
    q: str,
    theme_id: int | None = None,
    status: IdeaStatus | None = None,
    round_id: int | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> IdeaPage:
    """Ideas matching `q`, most relevant first, then most supported."""
    words = query_words(q)
    if not words:
        return IdeaPage(items=[], next_cursor=None)
    ranked = ranked_ideas(session, words)
    query = (
        card_query(theme_id=theme_id, status=status, round_id=round_id)
        .join(ranked, ranked.c.id == Idea.id)
        .add_columns(ranked.c.score)
        .order_by(ranked.c.score, col(Idea.vote_count).desc(), col(Idea.id).desc())
        .limit(limit + 1)
    )
    if cursor:
        score, votes, idea_id = decode_cursor(cursor, "relevance", 3)
        if not (isinstance(score, int | float) and type(votes) is int and is_id(idea_id)):
            raise InvalidCursor()
        query = query.where(
            tuple_(ranked.c.score, -col(Idea.vote_count), -col(Idea.id))
            > tuple_(score, -votes, -idea_id)
        )
    rows = session.exec(query).all()
    page_rows = rows[:limit]
    marked = _highlights(session, words, [row.id for row in page_rows])
    items = [
        card(row, title_html=marked[row.id][0], snippet=marked[row.id][1]) for row in page_rows
    ]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor("relevance", last.score, last.vote_count, last.id)
    return IdeaPage(items=items, next_cursor=next_cursor)


def _highlights(session: Session, words: list[str], ids: list[int]) -> dict[int, tuple]:
    """For one page of results: each title and a short passage with the matches marked.
    A second query, so that only these rows pay for building snippets."""
    if not ids:
        return {}
    if is_postgresql(session):
        tsq = tsquery(bindparam("q", tsquery_text(words)))
        rows = session.exec(
            select(
                Idea.id,
                func.ts_headline(ENGLISH, Idea.title, tsq, headline_options(whole=True)),
                func.ts_headline(ENGLISH, Idea.body, tsq, headline_options()),
            ).where(col(Idea.id).in_(ids))
        )
    else:
        rows = session.exec(
            select(
                idea_fts.c.rowid,
                func.highlight(literal_column("idea_fts"), 0, MARK, END_MARK),
                func.snippet(literal_column("idea_fts"), 1, MARK, END_MARK, "…", SNIPPET_WORDS),
            )
            .select_from(idea_fts)
            .where(
                literal_column("idea_fts").op("MATCH")(bindparam("q", fts5_query(words))),
                idea_fts.c.rowid.in_(ids),
            )
        )
    return {idea_id: (marked(title), marked(body)) for idea_id, title, body in rows}


def search_comments(*, session: Session, q: str, limit: int = 5) -> list[CommentHit]:
    """Comments matching `q` on ideas that are shown, best first."""
    words = query_words(q)
    if not words:
        return []
    visible = (
        col(Comment.hidden_at).is_(None),
        col(Comment.deleted_at).is_(None),
        col(Idea.hidden_at).is_(None),
    )
    if is_postgresql(session):
        tsq = tsquery(bindparam("q", tsquery_text(words)))
        vector = literal_column("comment.search_vector")
        query = select(
            Comment.id, Idea.id, Idea.title, User.display_name,
            func.ts_headline(ENGLISH, Comment.body, tsq, headline_options()),
        ).where(vector.op("@@")(tsq)).order_by(func.ts_rank(vector, tsq).desc())  # fmt: skip
    else:
        match = literal_column("comment_fts").op("MATCH")(bindparam("q", fts5_query(words)))
        query = (
            select(
                Comment.id,
                Idea.id,
                Idea.title,
                User.display_name,
                func.snippet(literal_column("comment_fts"), 0, MARK, END_MARK, "…", SNIPPET_WORDS),
            )  # fmt: skip
            .select_from(comment_fts)
            .join(Comment, col(Comment.id) == comment_fts.c.rowid)
            .where(match)
            .order_by(func.bm25(literal_column("comment_fts")))
        )
    query = (
        query.join(Idea, col(Idea.id) == Comment.idea_id)
        .join(User, col(User.id) == Comment.author_id)
        .where(*visible)
        .limit(limit)
    )
    return [
        CommentHit(comment_id=c, idea_id=i, idea_title=t, author_name=a, snippet=marked(s))
        for c, i, t, a, s in session.exec(query)
    ]
