"""Similar ideas, for "is yours one of these?" while a member writes and before posting.

A hybrid of words and meaning. Candidates are the ideas with the nearest sentence
embeddings (see `embeddings` and `vectors`: the same proposal in other words), or without
a model the full-text index's best word matches (see `fulltext`). Each is then scored by
a weighted sum of the embeddings' cosine and a TF-IDF cosine over stemmed words
(title words count double; term counts are damped, 1 + log n; the IDF comes from the
candidates themselves, so a word most of them share says little). The score lies between
0 and 1, is the same on both databases and comparable between queries, so one threshold
can say "likely the same idea". Measured on the labelled pairs in tests/search_pairs.py
by `make bench`; without an embedding model the words alone decide.
"""

import math
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer
from sqlmodel import Session, col, select

from app.models import Idea, IdeaEmbedding, IdeaStatus
from app.services.errors import DomainError
from app.services.finding import embeddings, vectors
from app.services.finding.fulltext import MAX_QUERY_WORDS, ranked_ideas, words_in
from app.services.rounds.state import shown_count_sql

SIMILAR_CANDIDATES = 40
# Nearest embeddings re-scored with words. The full-text index adds no candidate then: on
# the labelled pairs it found no partner the embeddings missed, and its any-word query was
# most of a search's time at 10,000 ideas (docs/similar-ideas.md). With MiniLM, 30 find
# every partner that 60 do; scoring the words of each costs a search about 0.1 ms.
SEMANTIC_CANDIDATES = 30
SIMILAR_LIMIT = 5
# Chosen on tests/search_pairs.py (docs/similar-ideas.md has the operating point): below
# SHOW a suggestion is mostly noise; at DUPLICATE the form asks "is yours one of these?".
MEANING_WEIGHT = 0.75
SHOW_SIMILARITY = 0.30
DUPLICATE_SIMILARITY = 0.53
# Words only (no embedding model installed).
LEXICAL_SHOW_SIMILARITY = 0.08
LEXICAL_DUPLICATE_SIMILARITY = 0.15

# Words too common to say anything about what an idea proposes.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "get",
        "got",
        "make",
        "made",
        "many",
        "much",
        "may",
        "might",
        "must",
        "one",
        "per",
        "us",
        "use",
        "via",
        "want",
        "way",
        "idea",
        "ideas",
    ]
)


@dataclass(frozen=True)
class SimilarIdea:
    id: int
    title: str
    status: str
    vote_count: int | None  # None while its round hides the totals
    similarity: float

    @property
    def likely_duplicate(self) -> bool:
        return self.similarity >= duplicate_similarity(semantic=semantic())


class LikelyDuplicates(DomainError):
    """A new idea looks like ones already proposed; the member confirms before posting."""

    def __init__(self, ideas: list[SimilarIdea]) -> None:
        super().__init__("This looks like an idea already proposed.")
        self.ideas = ideas


# A Snowball stemmer keeps its working state on the object and is not thread-safe (shared
# by the request threads, it raised IndexError under load): one per thread.
_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Stemming is pure Python and the costliest step of scoring; a forum's words repeat."""
    return _stemmer().stemWord(word)


def _stems(text: str) -> list[str]:
    return [_stem(w) for w in words_in(text) if w not in STOPWORDS and len(w) > 1]


@lru_cache(maxsize=20_000)
def _profile(title: str, body: str) -> Counter:
    """Stem counts of an idea (cached: the same ideas come back as candidates; read only)."""
    profile = Counter(_stems(body))
    for stem in _stems(title):
        profile[stem] += 2
    return profile


def score_candidates(mine: tuple[str, str], candidates: list[tuple[str, str]]) -> list[float]:
    """Similarity of each candidate (title, body) to `mine`, between 0 and 1."""
    profiles = [_profile(*candidate) for candidate in candidates]
    me = _profile(*mine)
    documents = len(profiles) + 1
    frequency = Counter(stem for profile in [me, *profiles] for stem in profile)

    def weighted(profile: Counter) -> dict[str, float]:
        return {
            stem: (1 + math.log(count)) * math.log((documents + 1) / (frequency[stem] + 0.5))
            for stem, count in profile.items()
        }

    mine_weighted = weighted(me)
    return [cosine(mine_weighted, weighted(profile)) for profile in profiles]


def cosine(first: dict[str, float], second: dict[str, float]) -> float:
    dot = sum(weight * second.get(stem, 0.0) for stem, weight in first.items())
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in first.values())) * math.sqrt(
        sum(w * w for w in second.values())
    )
    return dot / norm


def _significant_words(title: str, body: str, limit: int = 2 * MAX_QUERY_WORDS) -> list[str]:
    title_words = [w for w in words_in(title) if w not in STOPWORDS and len(w) > 2]
    body_counts = Counter(w for w in words_in(body) if w not in STOPWORDS and len(w) > 3)
    words = list(dict.fromkeys(title_words))
    for word, _count in body_counts.most_common():
        if len(words) >= limit:
            break
        if word not in words:
            words.append(word)
    return words


def _lexical_candidates(session: Session, title: str, body: str, exclude_id: int | None) -> list:
    words = _significant_words(title, body)
    if not words:
        return []
    ranked = ranked_ideas(session, words, any_word=True, prefix=False)
    query = (
        select(ranked.c.id)
        .join(Idea, ranked.c.id == Idea.id)
        .where(*_open_ideas(exclude_id))
        .order_by(ranked.c.score)
        .limit(SIMILAR_CANDIDATES)
    )
    return list(session.exec(query).all())


def _open_ideas(exclude_id: int | None) -> list:
    shown = [col(Idea.hidden_at).is_(None), Idea.status != IdeaStatus.merged]
    return shown if exclude_id is None else [*shown, Idea.id != exclude_id]


def _rows(session: Session, ids: list[int], exclude_id: int | None) -> list:
    return list(
        session.exec(
            select(
                Idea.id,
                Idea.title,
                Idea.body,
                Idea.status,
                shown_count_sql(Idea.vote_count, Idea.round_id),
                IdeaEmbedding.id,
            )
            .outerjoin(IdeaEmbedding, col(IdeaEmbedding.idea_id) == Idea.id)
            .where(col(Idea.id).in_(ids), *_open_ideas(exclude_id))
        ).all()
    )


def similar_ideas(
    *,
    session: Session,
    title: str,
    body: str = "",
    exclude_id: int | None = None,
    limit: int = SIMILAR_LIMIT,
    duplicates_only: bool = False,
    vector: np.ndarray | None = None,
) -> list[SimilarIdea]:
    """Ideas already proposed that look like this one, most similar first (with
    `duplicates_only`, only those likely the same proposal).

    Candidates are the nearest embeddings, each scored by meaning and by words together
    (see `combined`). Without an embedding model, or before any idea is embedded by it
    (an upgrade, until `commonground reindex`), the full-text index's best word matches,
    scored by words alone with their own thresholds. `vector`: the text's embedding when
    the caller has it (a stored idea's), so the model need not run."""
    if not title.strip() and not body.strip():
        return []
    mine = vector if vector is not None else embeddings.embed_idea(title, body)
    index = None if mine is None else vectors.index_for(session)
    if index is None or not len(index):
        index = None
        ids = _lexical_candidates(session, title, body, exclude_id)
    else:
        nearest = index.nearest(mine, limit=SEMANTIC_CANDIDATES + 1)
        ids = [n.idea_id for n in nearest if n.idea_id != exclude_id]
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    candidates = _rows(session, ids, exclude_id)
    if index is not None and any(
        row[5] is not None and row[5] != index.row_of(row[0]) for row in candidates
    ):  # the matrix holds a vector the database no longer has
        index.refresh(session, rebuild=True)
    lexical = score_candidates((title, body), [(row[1], row[2]) for row in candidates])
    threshold = (duplicate_similarity if duplicates_only else show_similarity)(
        semantic=index is not None
    )
    scored = []
    for (i, t, _b, s, v, _row), words_score in zip(candidates, lexical, strict=True):
        theirs = index.vector_of(i) if index is not None else None
        score = words_score if index is None else combined(meaning=_cosine(mine, theirs),
                                                           words=words_score)  # fmt: skip
        if score >= threshold:
            scored.append(SimilarIdea(id=i, title=t, status=s, vote_count=v, similarity=score))
    scored.sort(key=lambda idea: (-idea.similarity, -(idea.vote_count or 0), idea.id))
    return scored[:limit]


def _cosine(mine, vector) -> float:
    return 0.0 if vector is None else max(0.0, float(mine @ vector))


def combined(*, meaning: float, words: float) -> float:
    """One score between 0 and 1 from the embeddings' cosine and the words' TF-IDF cosine:
    meaning finds the other wording, words separate two proposals on one topic."""
    return MEANING_WEIGHT * meaning + (1 - MEANING_WEIGHT) * words


def semantic() -> bool:
    """Whether similar ideas are found by meaning here (an embedding model is installed)."""
    return embeddings.model() is not None


def show_similarity(*, semantic: bool) -> float:
    return SHOW_SIMILARITY if semantic else LEXICAL_SHOW_SIMILARITY


def duplicate_similarity(*, semantic: bool) -> float:
    return DUPLICATE_SIMILARITY if semantic else LEXICAL_DUPLICATE_SIMILARITY


def likely_duplicates(
    *,
    session: Session,
    title: str,
    body: str,
    exclude_id: int | None = None,
    vector: np.ndarray | None = None,
) -> list[SimilarIdea]:
    """The ideas so like this one that it is likely the same proposal: what the "is yours
    one of these?" step shows and the moderators' duplicates queue pairs."""
    return similar_ideas(
        session=session, title=title, body=body, exclude_id=exclude_id, duplicates_only=True,
        vector=vector,
    )  # fmt: skip
