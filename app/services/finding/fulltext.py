"""The full-text engines behind search and similar ideas: SQLite FTS5 and PostgreSQL
tsvector, built by the search migration and kept in step by the database itself in the
same transaction as each insert and edit. This module holds the engine-specific SQL;
`search` and `similar` build on it and know nothing of either engine.

A member's words never reach either query language as syntax: the text is cut into word
characters, and each word is quoted (FTS5) or joined with & or | (tsquery). So any
language and any punctuation is safe; what is not a word is ignored.
"""

import re

from markupsafe import Markup, escape
from sqlalchemy import Double, Float, bindparam, cast, func, literal_column, select
from sqlalchemy.sql import column, table
from sqlmodel import Session, col

from app.models import Idea

WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 12
TITLE_WEIGHT = 10.0  # FTS5 bm25 column weight; tsvector uses weights A (title) and B (body)
MARK, END_MARK = "\x02", "\x03"  # put around matches by the database, turned into <mark>
SNIPPET_WORDS = 24
ENGLISH = literal_column("'english'::regconfig")

idea_fts = table("idea_fts", column("rowid"))
comment_fts = table("comment_fts", column("rowid"))


def words_in(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text)]


def query_words(text: str) -> list[str]:
    return words_in(text)[:MAX_QUERY_WORDS]


def fts5_query(words: list[str], *, any_word: bool = False, prefix: bool = True) -> str:
    # Words hold only word characters, so a quoted word is always a plain term.
    terms = [f'"{word}"' for word in words]
    if prefix and terms:
        terms[-1] += "*"
    return (" OR " if any_word else " ").join(terms)


def tsquery_text(words: list[str], *, any_word: bool = False, prefix: bool = True) -> str:
    terms = list(words)
    if prefix and terms:
        terms[-1] += ":*"
    return (" | " if any_word else " & ").join(terms)


def tsquery(query_text):
    return func.to_tsquery(ENGLISH, query_text)


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def headline_options(*, whole: bool = False) -> str:
    options = f"StartSel={MARK}, StopSel={END_MARK}, MaxWords={SNIPPET_WORDS}, MinWords=10"
    return options + (", HighlightAll=true" if whole else "")


def ranked_ideas(
    session: Session, words: list[str], *, any_word: bool = False, prefix: bool = True
):
    """A CTE of (id, score) for ideas matching `words`; a lower score is a better match.
    `any_word` matches ideas with any of the words instead of all of them."""
    if is_postgresql(session):
        query_text = bindparam("q", tsquery_text(words, any_word=any_word, prefix=prefix))
        vector = literal_column("idea.search_vector")
        ranked = select(
            col(Idea.id).label("id"),
            # ts_rank is a real (float4); as double precision the value a cursor carries
            # back compares exactly equal to the one computed again.
            (-cast(func.ts_rank(vector, tsquery(query_text)), Double)).label("score"),
        ).where(vector.op("@@")(tsquery(query_text)))
    else:
        query_text = bindparam("q", fts5_query(words, any_word=any_word, prefix=prefix))
        ranked = (
            select(
                idea_fts.c.rowid.label("id"),
                func.bm25(literal_column("idea_fts"), TITLE_WEIGHT, 1.0, type_=Float).label(
                    "score"
                ),
            )
            .select_from(idea_fts)
            .where(literal_column("idea_fts").op("MATCH")(query_text))
        )
    # MATERIALIZED: computed once, and never folded into the outer query (FTS5's ranking
    # function only works inside its own MATCH query).
    return ranked.cte("ranked").prefix_with("MATERIALIZED")


def marked(text: str) -> Markup:
    """Escape what a member wrote, then turn the engine's match markers into <mark>."""
    text = " ".join(text.replace("#", "").replace("*", "").split())
    safe = str(escape(text)).replace(MARK, "<mark>").replace(END_MARK, "</mark>")
    return Markup(safe)  # noqa: S704 - escaped above; only our own <mark> tags are added
