"""Issue 17's numbers: similar ideas by meaning at 100,000 ideas, and posting an idea.

A throw-away database of each engine gets 100,000 generated ideas, bulk inserted with their
embeddings. The model costs about 15 ms an idea (100,000 would take about 25 minutes), so
the ideas are drawn from a pool of 2,000 generated texts, each embedded once by the model
and stored with every idea that uses it; each idea's title gets its own number, so no
cache of the words' scores is shared between them. A search costs the same whatever the
vectors say (it multiplies all of them); `commonground reindex`'s own rate is measured on
a further 500 ideas by `vectors.reindex`. Then:
- `similar_ideas` for 100 new ideas' title and body (the new-idea form's question), after
  one call that loads the matrix and 30 for other drafts; median and p95;
- `create_idea` with the duplicate check, as the form posts it (the embedding is computed
  and stored in the same transaction), 50 times; median and p95.
Run alone: `python -m tests.bench.similar_scale [sqlite,postgresql] [ideas]`.
"""

import random
import secrets
import shutil
import sys
import tempfile
import time

from sqlalchemy import create_engine, func, insert, text
from sqlmodel import select

from app.db import make_engine, normalise_url, open_session
from app.models import Idea, IdeaEmbedding, Theme, User, utcnow
from app.services.finding import embeddings, similar, vectors
from app.services.ideas import proposals
from app.services.ideas.proposals import IdeaDraft
from tests.bench import words
from tests.bench.databases import BENCH_DIR, database_url, migrate, postgres_server_url
from tests.bench.quality import _ms

IDEAS = 100_000
DISTINCT_TEXTS = 2_000
REINDEXED = 500
QUERIES = 100
WARM_UP = 30
POSTS = 50


def _drafts(seed: int, count: int) -> list[tuple[str, str]]:
    """`count` generated (title, body) pairs, the same for the same seed."""
    rng, drafts = random.Random(seed), []
    for _ in range(count):
        topic = rng.choice(words.THEMES)
        drafts.append((words.title(rng, topic), words.body(rng, topic)))
    return drafts


def _row(title: str, body: str, author: User, theme: Theme, now, **columns) -> dict:
    return {"title": title, "body": body, "body_html": body, "author_id": author.id,
            "theme_id": theme.id, "created_at": now, "updated_at": now,
            "last_activity_at": now, **columns}  # fmt: skip


def _fill(session, ideas: int) -> tuple[User, Theme]:
    author = User(email="scale@bench.example.org", display_name="Scale", email_verified_at=utcnow())
    theme = Theme(slug="scale", name="Scale")
    session.add_all([author, theme])
    session.commit()
    now, pool = utcnow(), _drafts(17, DISTINCT_TEXTS)
    vectors_of = embeddings.embed([embeddings.idea_text(t, b) for t, b in pool])
    first_id = (session.exec(select(func.max(Idea.id))).one() or 0) + 1
    for start in range(0, ideas, 5_000):
        rows, stored = [], []
        for n in range(start, min(start + 5_000, ideas)):
            (title, body), vector = pool[n % DISTINCT_TEXTS], vectors_of[n % DISTINCT_TEXTS]
            idea_id = first_id + n
            rows.append(_row(f"{title[:88]} (no. {n})", body, author, theme, now, id=idea_id))
            stored.append({"idea_id": idea_id, "model": embeddings.MODEL,
                           "vector": embeddings.to_bytes(vector)})  # fmt: skip
        session.exec(insert(Idea), params=rows)
        session.exec(insert(IdeaEmbedding), params=stored)
        session.commit()
    if session.get_bind().dialect.name == "postgresql":  # explicit ids: move the sequence on
        sequence = "SELECT setval('idea_id_seq', (SELECT max(id) FROM idea))"
        session.connection().exec_driver_sql(sequence)
        session.commit()
    return author, theme


def _warm_up(session) -> None:
    """Searches for other drafts first, as a process that has served for a while has done:
    the words' stems and the candidates' word counts are remembered (similar.py)."""
    for title, body in _drafts(11, WARM_UP):
        similar.similar_ideas(session=session, title=title, body=body)
        session.commit()


def _reindex_rate(session, author: User, theme: Theme) -> float:
    """Seconds an idea `vectors.reindex` takes, on REINDEXED ideas without an embedding."""
    now = utcnow()
    rows = [_row(title, body, author, theme, now) for title, body in _drafts(23, REINDEXED)]
    session.exec(insert(Idea), params=rows)
    session.commit()
    started = time.perf_counter()
    done = vectors.reindex(session=session, batch=250)
    return (time.perf_counter() - started) / max(done, 1)


def measure(url: str, ideas: int = IDEAS) -> dict:
    migrate(url)
    # The same drafts are asked of each engine: none may find its embedding remembered.
    embeddings.forget_drafts()
    engine = make_engine(url, pool_size=2)
    try:
        with open_session(engine) as session:
            started = time.perf_counter()
            author, theme = _fill(session, ideas)
            filled = time.perf_counter() - started
            per_idea = _reindex_rate(session, author, theme)
            drafts = _drafts(5, QUERIES + POSTS)
            started = time.perf_counter()
            similar.similar_ideas(session=session, title=drafts[0][0], body=drafts[0][1])
            first = time.perf_counter() - started
            session.commit()
            _warm_up(session)
            timings = []
            for title, body in drafts[:QUERIES]:
                started = time.perf_counter()
                similar.similar_ideas(session=session, title=title, body=body)
                timings.append(time.perf_counter() - started)
                session.commit()
            posts = []
            for title, body in drafts[QUERIES:]:
                draft = IdeaDraft(title=title[:100], body=body, theme=theme.slug)
                started = time.perf_counter()
                try:
                    proposals.create_idea(session=session, author=author, draft=draft,
                                          check_duplicates=True)  # fmt: skip
                except similar.LikelyDuplicates:
                    proposals.create_idea(session=session, author=author, draft=draft)
                posts.append(time.perf_counter() - started)
            return {
                "ideas": ideas,
                "fill_s": round(filled, 1),
                "reindex_ms_per_idea": round(per_idea * 1000, 1),
                "reindex_100k_min": round(per_idea * 100_000 / 60, 1),
                "first_similar_s": round(first, 2),
                "similar": _ms(timings),
                "post": _ms(posts),
            }
    finally:
        engine.dispose()


def similar_scale(engine_name: str, ideas: int = IDEAS) -> dict:
    if engine_name == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix="scale-", dir=BENCH_DIR)
        try:
            return measure(f"sqlite:///{folder}/scale.db", ideas)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    server_url = postgres_server_url()
    name = f"commonground_bench_scale_{secrets.token_hex(4)}"
    admin = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return measure(database_url(server_url, name), ideas)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def print_scale(numbers: dict) -> None:
    print("\nIssue 17: similar ideas by meaning at scale")
    for db, n in numbers.items():
        s, p = n["similar"], n["post"]
        print(f"  {db}, {n['ideas']:,} ideas (reindex {n['reindex_ms_per_idea']} ms an idea, "
              f"about {n['reindex_100k_min']} min for 100,000; first search "
              f"{n['first_similar_s']} s): similar_ideas median {s['median_ms']:.1f} ms, "
              f"p95 {s['p95_ms']:.1f} ms; posting an idea median {p['median_ms']:.1f} ms, "
              f"p95 {p['p95_ms']:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    engines = (sys.argv[1] if len(sys.argv) > 1 else "sqlite").split(",")
    size = int(sys.argv[2]) if len(sys.argv) > 2 else IDEAS
    print_scale({engine: similar_scale(engine, size) for engine in engines})
