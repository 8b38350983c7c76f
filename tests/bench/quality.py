"""Issue 5's numbers: search latency over the large forum, and similar-ideas quality.

Latency is the search service itself (`search.search_ideas`), called directly with the
app's own engine and sessions, for queries as members type them (one word, two words,
an unfinished word), so it measures the database work a search costs without HTTP.

Quality is measured on the labelled pairs in tests/search_pairs.py, loaded through the
app's own `create_idea` into a fresh database of each engine. Every idea in a duplicate
pair is used as a query (`similar_ideas` with the service's defaults, as the new-idea
form shows them):
- recall@5: share of duplicate pairs, both directions, whose partner is in the top five;
- first: share whose partner is the first suggestion;
- precision@5: share of all suggestions shown that are a labelled duplicate of the query;
- the confirmation step ("is yours one of these?", at `DUPLICATE_SIMILARITY`): over all
  labelled pairs, both directions, precision and recall of the warning firing for the
  partner, where a near miss that fires is a false alarm; and the share of the new
  proposals (`NEW_PROPOSALS`, which none of the ideas makes) for which it fires at all.
"""

import random
import secrets
import shutil
import statistics
import tempfile
import time
from collections import defaultdict

from sqlalchemy import create_engine, text
from sqlmodel import Session

from app.db import make_engine, normalise_url, open_session
from app.models import Theme, User, utcnow
from app.services.finding import search, similar
from app.services.ideas import proposals
from app.services.ideas.proposals import IdeaDraft
from tests.bench import words
from tests.bench.databases import (
    BENCH_DIR,
    BenchDatabase,
    database_url,
    migrate,
    postgres_server_url,
)  # fmt: skip
from tests.search_pairs import CORPUS, NEW_PROPOSALS, PAIRS

SEARCH_QUERIES = 200
SIMILAR_TITLES = 50
WARM_UP = 20


def _ms(seconds: list[float]) -> dict:
    values = sorted(1000 * s for s in seconds)
    return {
        "count": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(values[max(0, int(round(0.95 * len(values))) - 1)], 2),
        "max_ms": round(values[-1], 2),
    }


def search_latency(db: BenchDatabase) -> dict:
    """Median and p95 of `search_ideas` (and, for information, `similar_ideas` for a new
    idea's title) on `db`; each query in a read transaction of its own."""
    rng = random.Random(5)
    queries = words.search_queries(rng, SEARCH_QUERIES)
    titles = [words.title(rng, rng.choice(words.THEMES)) for _ in range(SIMILAR_TITLES)]
    engine = make_engine(db.url, pool_size=1)
    timings: dict[str, list[float]] = {"search": [], "similar": []}
    results = []
    try:
        with open_session(engine) as session:
            for query in queries[:WARM_UP]:
                search.search_ideas(session=session, q=query)
                session.commit()
            for query in queries:
                started = time.perf_counter()
                page = search.search_ideas(session=session, q=query)
                timings["search"].append(time.perf_counter() - started)
                session.commit()
                results.append(len(page.items))
            for title in titles:
                started = time.perf_counter()
                similar.similar_ideas(session=session, title=title)
                timings["similar"].append(time.perf_counter() - started)
                session.commit()
    finally:
        engine.dispose()
    return {
        "search": {**_ms(timings["search"]), "queries_with_results": sum(1 for r in results if r)},
        "similar": _ms(timings["similar"]),
        "examples": queries[:8],
    }


# --- similar-ideas quality -----------------------------------------------------------------


def _partners(duplicate: bool) -> dict:
    partners = defaultdict(set)
    for pair in PAIRS:
        if pair.duplicate == duplicate:
            partners[pair.a].add(pair.b)
            partners[pair.b].add(pair.a)
    return partners


def _load_corpus(session: Session) -> dict:
    author = User(email="pairs@bench.example.org", display_name="Pairs", email_verified_at=utcnow())
    theme = Theme(slug="pairs", name="Labelled pairs")
    session.add_all([author, theme])
    session.commit()
    return {
        idea: proposals.create_idea(
            session=session,
            author=author,
            draft=IdeaDraft(title=idea.title, body=idea.body, theme=theme.slug),
        ).id
        for idea in CORPUS
    }


def _score(session: Session) -> dict:
    ids = _load_corpus(session)
    duplicates, near_misses = _partners(True), _partners(False)
    top = {}
    for idea, idea_id in ids.items():
        found = similar.similar_ideas(
            session=session, title=idea.title, body=idea.body, exclude_id=idea_id
        )
        session.commit()
        top[idea] = found
    by_id = {idea_id: idea for idea, idea_id in ids.items()}

    hits = firsts = directions = shown = relevant = 0
    for query, partners in duplicates.items():
        suggested = [by_id[s.id] for s in top[query]]
        shown += len(suggested)
        relevant += sum(1 for s in suggested if s in partners)
        for partner in partners:
            directions += 1
            hits += partner in suggested
            firsts += suggested[:1] == [partner]

    def fires(query, partner) -> bool:
        return any(
            by_id[s.id] == partner and s.similarity >= similar.DUPLICATE_SIMILARITY
            for s in top[query]
        )

    caught = sum(fires(q, p) for q, ps in duplicates.items() for p in ps)
    false_alarms = sum(fires(q, p) for q, ps in near_misses.items() for p in ps)
    near_directions = sum(len(ps) for ps in near_misses.values())
    new_warned = 0
    for idea in NEW_PROPOSALS:  # what the posting step asks, as it asks it
        warned = similar.likely_duplicates(session=session, title=idea.title, body=idea.body)
        new_warned += bool(warned)
        session.commit()
    return {
        "ideas": len(ids),
        "duplicate_pairs": sum(1 for p in PAIRS if p.duplicate),
        "near_miss_pairs": sum(1 for p in PAIRS if not p.duplicate),
        "recall_at_5": round(hits / directions, 3),
        "first": round(firsts / directions, 3),
        "precision_at_5": round(relevant / shown, 3) if shown else None,
        "suggestions_shown": shown,
        "confirmation": {
            "threshold": similar.DUPLICATE_SIMILARITY,
            "precision": round(caught / (caught + false_alarms), 3)
            if caught + false_alarms
            else None,
            "recall": round(caught / directions, 3),
            "near_miss_false_alarm_rate": round(false_alarms / near_directions, 3),
            "new_proposals_warned": round(new_warned / len(NEW_PROPOSALS), 3),
        },
    }


def similar_quality(engine_name: str) -> dict:
    """Load the labelled corpus into a throw-away database of `engine_name` and score it."""
    if engine_name == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix="pairs-", dir=BENCH_DIR)
        try:
            return _score_at(f"sqlite:///{folder}/pairs.db")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    server_url = postgres_server_url()
    name = f"commonground_bench_pairs_{secrets.token_hex(4)}"
    admin = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return _score_at(database_url(server_url, name))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _score_at(url: str) -> dict:
    migrate(url)
    engine = make_engine(url, pool_size=2)
    try:
        with open_session(engine) as session:
            return _score(session)
    finally:
        engine.dispose()
