"""The inquiry's open data: ideas, comments, votes and themes, as CSV or JSON, for
moderators and, when the site allows (`open_data`), everyone (as Decidim publishes).

Only what the forum shows is in it: no hidden ideas or comments, no deleted comments.
Members are pseudonyms, never names: an HMAC of their id keyed by a random key made for
this one download, so the same member is the same pseudonym throughout one file and a
different one in the next, and files cannot be joined to identify anyone. Files are
streamed in batches read by keyset on the id, each batch's read transaction ended before
its rows go out, so memory stays flat and no slow download holds a connection. CSV cells
are formula-safe (audit.csv_cell).
"""

import csv
import hashlib
import hmac
import io
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.models import Comment, Idea, Theme, User, Vote
from app.services.errors import NotFound
from app.services.moderation.audit import csv_cell
from app.services.rounds.state import hidden_counts_sql, shown_count_sql

BATCH = 1_000
FORMATS = ("csv", "json")


class Pseudonyms:
    """Member ids as pseudonyms, keyed afresh for each download."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __call__(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return hmac.new(self._key, str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    columns: tuple[str, ...]
    rows: Callable[[Session, Pseudonyms, int | None], list[tuple]]  # a batch after an id


def _ideas(session: Session, who: Pseudonyms, after: int | None) -> list[tuple]:
    query = select(
        Idea.id, Idea.title, Idea.body, Idea.status, Theme.slug, Idea.author_id,
        shown_count_sql(Idea.vote_count, Idea.round_id), Idea.comment_count, Idea.comments_for,
        Idea.comments_against,
        Idea.comments_neutral, Idea.merged_into_id, Idea.official_response, Idea.created_at,
    ).join(Theme, col(Theme.id) == Idea.theme_id).where(col(Idea.hidden_at).is_(None))  # fmt: skip
    rows = _batch(session, query, Idea.id, after)
    return [(*row[:5], who(row[5]), *row[6:]) for row in rows]


def _comments(session: Session, who: Pseudonyms, after: int | None) -> list[tuple]:
    query = (
        select(Comment.id, Comment.idea_id, Comment.parent_id, Comment.author_id, Comment.stance,
               Comment.body, Comment.created_at, Comment.edited_at)
        .join(Idea, col(Idea.id) == Comment.idea_id)
        .where(col(Comment.hidden_at).is_(None), col(Comment.deleted_at).is_(None),
               col(Idea.hidden_at).is_(None))
    )  # fmt: skip
    rows = _batch(session, query, Comment.id, after)
    return [(*row[:3], who(row[3]), *row[4:]) for row in rows]


def _votes(session: Session, who: Pseudonyms, after: int | None) -> list[tuple]:
    query = (
        select(Vote.id, Vote.idea_id, Vote.user_id, Vote.created_at)
        .join(Idea, col(Idea.id) == Vote.idea_id)
        # A round hiding its totals hides its votes too: they would add up to them.
        .where(col(Idea.hidden_at).is_(None), ~hidden_counts_sql(Idea.round_id))
    )
    return [(row[0], row[1], who(row[2]), row[3]) for row in _batch(session, query, Vote.id, after)]


def _themes(session: Session, who: Pseudonyms, after: int | None) -> list[tuple]:
    query = select(
        Theme.id, Theme.slug, Theme.name, Theme.description, Theme.idea_count, Theme.archived_at,
        Theme.merged_into_id,
    )  # fmt: skip
    return list(_batch(session, query, Theme.id, after))


def _batch(session: Session, query, id_column, after: int | None) -> list:
    if after is not None:
        query = query.where(col(id_column) > after)
    rows = session.exec(query.order_by(col(id_column)).limit(BATCH)).all()
    session.commit()  # end the read: the rows go out with no transaction open
    return rows


DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset("ideas", "Every idea shown on the forum, with its counts and official answer.",
                ("id", "title", "body", "status", "theme", "author", "vote_count",
                 "comment_count", "comments_for", "comments_against", "comments_neutral",
                 "merged_into_id", "official_response", "created_at"), _ideas),
        Dataset("comments", "Every comment shown, with its stance and the idea it is on.",
                ("id", "idea_id", "parent_id", "author", "stance", "body", "created_at",
                 "edited_at"), _comments),
        Dataset("votes", "Every vote on a shown idea: which member (a pseudonym), when.",
                ("id", "idea_id", "member", "created_at"), _votes),
        Dataset("themes", "The themes ideas are grouped in.",
                ("id", "slug", "name", "description", "idea_count", "archived_at",
                 "merged_into_id"), _themes),
    )
}  # fmt: skip


def dataset_for(filename: str) -> tuple[Dataset, str]:
    """The dataset and format a file name like `votes.csv` asks for; NotFound otherwise."""
    name, _, fmt = filename.rpartition(".")
    if name not in DATASETS or fmt not in FORMATS:
        raise NotFound("There is no such file. The open data page lists the files.")
    return DATASETS[name], fmt


def _all_rows(session: Session, dataset: Dataset, who: Pseudonyms) -> Iterator[tuple]:
    after = None
    while True:
        rows = dataset.rows(session, who, after)
        yield from rows
        if len(rows) < BATCH:
            return
        after = rows[-1][0]


def stream(session: Session, dataset: Dataset, fmt: str) -> Iterator[str]:
    """The file, a piece at a time."""
    who = Pseudonyms()
    rows = _all_rows(session, dataset, who)
    if fmt == "csv":
        yield from _csv(dataset.columns, rows)
    else:
        yield from _json(dataset.columns, rows)


def _csv(columns, rows) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(value) for value in row])
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json(columns, rows) -> Iterator[str]:
    yield "["
    for count, row in enumerate(rows):
        item = {column: _plain(value) for column, value in zip(columns, row, strict=True)}
        yield ("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def may_download(user: User | None, setting: str) -> bool:
    return setting == "everyone" or bool(user and user.is_moderator)
