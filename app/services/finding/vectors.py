"""Ideas' embeddings in the database, and the nearest ones to a text, searched in memory.

Each process keeps one float32 matrix of every idea's embedding (384 floats an idea: 150 MB
at 100,000 ideas) and multiplies it by the query vector with numpy: an exact search, a few
milliseconds at that size, on SQLite and on plain PostgreSQL alike (no extension needed).
The matrix loads on first use and is kept fresh by one indexed query per search: rows are
never updated in place but rewritten with a new id, so reading the rows after the last id
seen (less a small window, for PostgreSQL transactions that commit out of id order) brings
in every new or edited idea. If a row the matrix holds is no longer in the database (a
rolled-back write, an emptied table), the matrix is rebuilt.
"""

import logging
import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine, delete, func
from sqlmodel import Session, col, select
from threadpoolctl import threadpool_limits

from app.db import open_session, write_transaction
from app.models import Idea, IdeaEmbedding
from app.services.finding import embeddings

logger = logging.getLogger(__name__)

# Rows re-read behind the last id seen: a PostgreSQL transaction may take its id, then
# commit after a later one.
LATE_WINDOW = 64
LOAD_BATCH = 5_000


def store(session: Session, *, idea_id: int, title: str, body: str) -> bool:
    """Write the idea's embedding in the caller's transaction; False without a model."""
    vector = embeddings.embed_idea(title, body)
    session.exec(delete(IdeaEmbedding).where(col(IdeaEmbedding.idea_id) == idea_id))
    if vector is None:
        return False
    session.add(
        IdeaEmbedding(idea_id=idea_id, model=embeddings.MODEL, vector=embeddings.to_bytes(vector))
    )
    return True


@dataclass(frozen=True)
class Neighbour:
    idea_id: int
    row_id: int
    similarity: float


class VectorIndex:
    """Every idea's embedding of one database, as one matrix; safe to share between threads
    (refreshes take a lock, searches read a consistent snapshot)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        # One column an idea: numpy's product with a vector reads this layout about twice
        # as fast as one row an idea (7 against 14 ms at 100,000 ideas, one thread).
        self._matrix = np.zeros((embeddings.DIMENSIONS, 0), dtype=np.float32)
        self._ideas = np.zeros(0, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._slots: dict[int, int] = {}
        self._last_id = 0

    def __len__(self) -> int:
        return self._size

    def refresh(self, session: Session, *, rebuild: bool = False) -> None:
        with self._lock:
            newest = session.exec(select(func.max(IdeaEmbedding.id))).one() or 0
            if rebuild or newest < self._last_id:
                self._reset()
            if newest == self._last_id and self._size:
                return
            after = max(0, self._last_id - LATE_WINDOW) if self._size else 0
            while True:
                batch = session.exec(
                    select(IdeaEmbedding.id, IdeaEmbedding.idea_id, IdeaEmbedding.vector)
                    .where(col(IdeaEmbedding.id) > after, IdeaEmbedding.model == embeddings.MODEL)
                    .order_by(col(IdeaEmbedding.id))
                    .limit(LOAD_BATCH)
                ).all()
                if not batch:
                    break
                self._add(batch)
                after = batch[-1][0]
            self._last_id = max(self._last_id, newest)

    def _add(self, batch) -> None:
        needed = self._size + len(batch)
        if needed > self._matrix.shape[1]:
            capacity = max(needed, 2 * self._matrix.shape[1], 1024)
            matrix = np.zeros((embeddings.DIMENSIONS, capacity), dtype=np.float32)
            ideas, rows = np.zeros(capacity, dtype=np.int64), np.zeros(capacity, dtype=np.int64)
            matrix[:, : self._size] = self._matrix[:, : self._size]
            ideas[: self._size], rows[: self._size] = (
                self._ideas[: self._size],
                self._rows[: self._size],
            )
            # New arrays, not resized ones: a search in flight keeps reading the old ones.
            self._matrix, self._ideas, self._rows = matrix, ideas, rows
        slots = np.empty(len(batch), dtype=np.int64)
        block = np.empty((len(batch), embeddings.DIMENSIONS), dtype=np.float32)
        for k, (row_id, idea_id, vector) in enumerate(batch):
            slot = self._slots.get(idea_id)
            if slot is None:
                slot = self._slots[idea_id] = self._size
                self._size += 1
            slots[k], block[k] = slot, embeddings.from_bytes(vector)
            self._ideas[slot], self._rows[slot] = idea_id, row_id
        # One write for the batch: a column at a time touches every row of the matrix.
        self._matrix[:, slots] = block.T

    def vector_of(self, idea_id: int) -> np.ndarray | None:
        slot = self._slots.get(idea_id)
        return None if slot is None else self._matrix[:, slot]

    def row_of(self, idea_id: int) -> int | None:
        slot = self._slots.get(idea_id)
        return None if slot is None else int(self._rows[slot])

    def nearest(self, vector: np.ndarray, *, limit: int) -> list[Neighbour]:
        with self._lock:
            size, matrix, ideas, rows = self._size, self._matrix, self._ideas, self._rows
        if not size:
            return []
        # One thread: a matrix-vector product this size gains nothing from BLAS threads,
        # which only fight the request threads for the cores.
        with threadpool_limits(1):
            scores = vector @ matrix[:, :size]
        count = min(limit, size)
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best])]
        return [Neighbour(int(ideas[i]), int(rows[i]), float(scores[i])) for i in best]


_indexes: dict[str, VectorIndex] = {}
_indexes_lock = threading.Lock()


def index_for(session: Session) -> VectorIndex:
    """The (fresh) index of the session's database, one per database in this process."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _indexes_lock:
        index = _indexes.get(key)
        if index is None:
            index = _indexes[key] = VectorIndex()
    index.refresh(session)
    return index


def warm_up(engine: Engine | None = None) -> threading.Thread:
    """Load the model and, given `engine`, its database's matrix, in a background thread
    (returned), so the first search of a process waits for neither. A failure is logged:
    the first search then loads what it needs, as without a warm-up."""

    def load() -> None:
        if embeddings.model() is None or engine is None:
            return
        try:
            with open_session(engine) as session:  # closing it ends the read
                index_for(session)
        except Exception as error:  # e.g. the database is not migrated yet
            logger.warning("similar ideas: the vectors were not loaded at start (%s)", error)

    thread = threading.Thread(target=load, name="similar-ideas-warm-up", daemon=True)
    thread.start()
    return thread


def reindex(*, session: Session, everything: bool = False, batch: int = 500, progress=None) -> int:
    """Embed the ideas that have no embedding by the current model (`everything`: all of
    them), `batch` ideas a transaction; `progress(n)` after each batch. Returns how many."""
    if embeddings.model() is None:
        return 0
    current = select(IdeaEmbedding.idea_id).where(IdeaEmbedding.model == embeddings.MODEL)
    query = select(Idea.id).order_by(col(Idea.id))
    if not everything:
        query = query.where(col(Idea.id).not_in(current))
    ids = list(session.exec(query).all())
    session.rollback()
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with write_transaction(session):
            rows = session.exec(
                select(Idea.id, Idea.title, Idea.body).where(col(Idea.id).in_(chunk))
            ).all()
            vectors = embeddings.embed([embeddings.idea_text(t, b) for _i, t, b in rows])
            session.exec(delete(IdeaEmbedding).where(col(IdeaEmbedding.idea_id).in_(chunk)))
            session.add_all(
                IdeaEmbedding(idea_id=i, model=embeddings.MODEL, vector=embeddings.to_bytes(v))
                for (i, _t, _b), v in zip(rows, vectors, strict=True)
            )
        if progress is not None:
            progress(len(chunk))
    return len(ids)


def pending(*, session: Session, everything: bool = False) -> int:
    """Ideas `reindex` would embed: those without an embedding by the current model."""
    query = select(func.count()).select_from(Idea)
    if not everything:
        current = select(IdeaEmbedding.idea_id).where(IdeaEmbedding.model == embeddings.MODEL)
        query = query.where(col(Idea.id).not_in(current))
    return session.exec(query).one()
