"""Similar ideas, for "is yours one of these?" while a member writes and before posting.

Two steps: the full-text index (see `fulltext`) finds the candidates that share most
of the significant words, then each is scored by TF-IDF cosine over stemmed words
(title words count double; term counts are damped, 1 + log n). The IDF comes from the
candidates themselves: a word most candidates share ("charities", "leaders") says
little, one only a few share says a lot. The score lies between 0 and 1, is the same on
both databases and, unlike a relevance rank, comparable between queries, so one
threshold can say "likely the same idea". Measured on the labelled pairs in
tests/search_pairs.py by `make bench`.
"""

import math
import threading
from collections import Counter
from dataclasses import dataclass

import snowballstemmer
from sqlmodel import Session, col, select

from app.models import Idea, IdeaStatus
from app.services.errors import DomainError
from app.services.finding.fulltext import MAX_QUERY_WORDS, ranked_ideas, words_in

SIMILAR_CANDIDATES = 40
SIMILAR_LIMIT = 5
# Thresholds chosen on tests/search_pairs.py: below SHOW a suggestion is mostly noise;
# at DUPLICATE about a quarter of true duplicates are caught before posting, for a
# similar share of near misses asked "is yours one of these?" (a click to dismiss).
SHOW_SIMILARITY = 0.08
DUPLICATE_SIMILARITY = 0.15

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
    vote_count: int
    similarity: float

    @property
    def likely_duplicate(self) -> bool:
        return self.similarity >= DUPLICATE_SIMILARITY


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


def _stems(text: str) -> list[str]:
    words = [w for w in words_in(text) if w not in STOPWORDS and len(w) > 1]
    return _stemmer().stemWords(words)


def _profile(title: str, body: str) -> Counter:
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


def _significant_words(title: str, body: str) -> list[str]:
    title_words = [w for w in words_in(title) if w not in STOPWORDS and len(w) > 2]
    body_counts = Counter(w for w in words_in(body) if w not in STOPWORDS and len(w) > 3)
    words = list(dict.fromkeys(title_words))
    for word, _count in body_counts.most_common():
        if len(words) >= 2 * MAX_QUERY_WORDS:
            break
        if word not in words:
            words.append(word)
    return words


def similar_ideas(
    *,
    session: Session,
    title: str,
    body: str = "",
    exclude_id: int | None = None,
    limit: int = SIMILAR_LIMIT,
    minimum: float = SHOW_SIMILARITY,
) -> list[SimilarIdea]:
    """Ideas already proposed that look like this one, most similar first."""
    words = _significant_words(title, body)
    if not words:
        return []
    ranked = ranked_ideas(session, words, any_word=True, prefix=False)
    query = (
        select(Idea.id, Idea.title, Idea.body, Idea.status, Idea.vote_count)
        .join(ranked, ranked.c.id == Idea.id)
        .where(col(Idea.hidden_at).is_(None), Idea.status != IdeaStatus.merged)
        .order_by(ranked.c.score)
        .limit(SIMILAR_CANDIDATES)
    )
    if exclude_id is not None:
        query = query.where(Idea.id != exclude_id)
    candidates = session.exec(query).all()
    scores = score_candidates((title, body), [(t, b) for _i, t, b, _s, _v in candidates])
    scored = [
        SimilarIdea(id=i, title=t, status=s, vote_count=v, similarity=score)
        for (i, t, _b, s, v), score in zip(candidates, scores, strict=True)
        if score >= minimum
    ]
    scored.sort(key=lambda idea: (-idea.similarity, -idea.vote_count, idea.id))
    return scored[:limit]


def check_not_duplicate(*, session: Session, title: str, body: str) -> None:
    """Raise LikelyDuplicates when ideas very like this one are already proposed."""
    likely = [
        i for i in similar_ideas(session=session, title=title, body=body) if i.likely_duplicate
    ]
    if likely:
        raise LikelyDuplicates(likely)
