"""Generated forums on disk: built once, kept between runs, rebuilt when the schema moves.

SQLite forums are files under var/bench/ (`large.db`, with `large.json` beside it as the
marker); PostgreSQL forums are databases `commonground_bench_<size>` on the server named
by COMMONGROUND_BENCH_POSTGRES_URL (or COMMONGROUND_TEST_POSTGRES_URL), whose marker is
the database's COMMENT. A marker records the alembic head and the generator version the
forum was built with; when either differs (a migration was added, the generator
changed) the forum is built again. A marker is written last, so an interrupted build is
never mistaken for a finished one.

The schema comes from `alembic upgrade head`, exactly as a deployment builds it. Rows go
in the fast way each engine offers: one large transaction of executemany on SQLite (its
FTS5 triggers index every row as it goes in, as they would in production), COPY on
PostgreSQL (its generated tsvector columns and GIN indexes likewise). Afterwards every
stored counter is checked against the rows it counts.
"""

import json
import os
import random
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import DateTime, Engine, create_engine, inspect, text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import app.models  # noqa: F401 - registers the tables in SQLModel.metadata
from app.config import PROJECT_ROOT
from app.db import make_engine, normalise_url
from app.markdown import render_markdown
from app.security import hash_password
from tests.bench import words
from tests.bench.generate import BENCH_PASSWORD, GENERATOR_VERSION, TABLES, Forum, Size

BENCH_DIR = PROJECT_ROOT / "var" / "bench"
POSTGRES_URL_ENVS = ("COMMONGROUND_BENCH_POSTGRES_URL", "COMMONGROUND_TEST_POSTGRES_URL")
PROGRESS_EVERY = 200_000


@dataclass
class BenchDatabase:
    engine_name: str  # "sqlite" or "postgresql"
    size: Size
    url: str  # what COMMONGROUND_DATABASE_URL is set to
    info: dict  # the marker: ids the cases use, counts, build time

    @property
    def label(self) -> str:
        return f"{self.engine_name}-{self.size.name}"


def postgres_server_url() -> str | None:
    for name in POSTGRES_URL_ENVS:
        if os.environ.get(name):
            return os.environ[name]
    return None


def alembic_config() -> Config:
    return Config(str(PROJECT_ROOT / "alembic.ini"))


def head_revision() -> str:
    return "+".join(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))


def migrate(url: str) -> None:
    """`alembic upgrade head` on an empty database, as tests/conftest.py does it."""
    engine = make_engine(url, pool_size=1)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def _log(message: str) -> None:
    print(f"  {message}", flush=True)


def _progress(table: str, count: int, rows, started: float):
    """Pass rows through, printing how far the table has got every PROGRESS_EVERY rows."""
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_EVERY == 0:
            _log(f"{table}: {number:,}/{count:,} rows ({time.monotonic() - started:.0f} s)")
        yield row


def _is_current(marker: dict | None, size: Size) -> bool:
    return bool(
        marker
        and marker.get("revision") == head_revision()
        and marker.get("generator") == GENERATOR_VERSION
        and marker.get("counts", {}).get("ideas") == size.ideas
    )


def _check_columns(engine: Engine) -> None:
    """Say so when the schema has columns the generator leaves to their defaults: a new
    stored column (a denormalised counter, say) may then need the generator's help."""
    inspector = inspect(engine)
    for table, columns in TABLES.items():
        missing = {c["name"] for c in inspector.get_columns(table)} - set(columns)
        missing -= {"search_vector"}  # PostgreSQL computes it
        if missing:
            _log(f"warning: {table} columns left to their defaults: {', '.join(sorted(missing))}")


def _check_html() -> None:
    """The generator writes body_html itself (the Markdown renderer would add minutes);
    make sure it is exactly what the app would have stored."""
    rng = random.Random(1)
    for n in range(200):
        theme = words.THEMES[n % len(words.THEMES)]
        for source in (words.body(rng, theme), words.comment(rng, theme, "against")):
            if render_markdown(source) != words.paragraphs_html(source):
                raise AssertionError(f"generated HTML differs from the app's for {source!r}")


@dataclass(frozen=True)
class Mismatch:
    table: str
    row_id: int
    column: str
    stored: int
    counted: int

    def __str__(self) -> str:
        where = f"{self.table} {self.row_id}"
        return f"{where}: {self.column} is {self.stored}, its rows say {self.counted}"


def verify_counters(engine: Engine, idea_ids: list[int] | None = None) -> list[Mismatch]:
    """Every stored counter (of `idea_ids`, or of all ideas and themes) against the rows
    it counts; returns the mismatches found."""
    where = ""
    if idea_ids is not None:
        where = f"WHERE i.id IN ({','.join(str(int(i)) for i in idea_ids) or 'NULL'})"
    problems = []
    with engine.connect() as connection:
        rows = connection.execute(
            text(f"""
            SELECT i.id, i.vote_count, coalesce(v.n, 0),
                   i.disagree_count, coalesce(s.n_disagree, 0),
                   i.pass_count, coalesce(s.n_pass, 0),
                   i.comment_count, coalesce(c.n, 0),
                   i.comments_for, coalesce(c.n_for, 0),
                   i.comments_against, coalesce(c.n_against, 0),
                   i.comments_neutral, coalesce(c.n_neutral, 0)
            FROM idea i
            LEFT JOIN (SELECT idea_id, count(*) AS n FROM vote GROUP BY idea_id) v
                ON v.idea_id = i.id
            LEFT JOIN (SELECT idea_id,
                              sum(CASE WHEN answer = 'disagree' THEN 1 ELSE 0 END) AS n_disagree,
                              sum(CASE WHEN answer = 'pass' THEN 1 ELSE 0 END) AS n_pass
                       FROM stance GROUP BY idea_id) s
                ON s.idea_id = i.id
            LEFT JOIN (SELECT idea_id, count(*) AS n,
                              sum(CASE WHEN stance = 'for' THEN 1 ELSE 0 END) AS n_for,
                              sum(CASE WHEN stance = 'against' THEN 1 ELSE 0 END) AS n_against,
                              sum(CASE WHEN stance = 'neutral' THEN 1 ELSE 0 END) AS n_neutral
                       FROM comment WHERE hidden_at IS NULL AND deleted_at IS NULL
                       GROUP BY idea_id) c
                ON c.idea_id = i.id
            {where}""")  # noqa: S608 - ids are ints
        )
        for row in rows:
            idea_id, *pairs = row
            for name, stored, counted in zip(
                ("vote_count", "disagree_count", "pass_count", "comment_count",
                 "comments_for", "comments_against", "comments_neutral"),
                pairs[0::2], pairs[1::2], strict=True,
            ):  # fmt: skip
                if stored != counted:
                    problems.append(Mismatch("idea", idea_id, name, stored, counted))
        if idea_ids is None:
            themes = connection.execute(
                text("""SELECT t.id, t.idea_count, count(i.id) FROM theme t
                        LEFT JOIN idea i ON i.theme_id = t.id AND i.hidden_at IS NULL
                             AND i.status != 'merged'
                        GROUP BY t.id, t.idea_count""")
            )
            problems += [
                Mismatch("theme", theme_id, "idea_count", stored, counted)
                for theme_id, stored, counted in themes
                if stored != counted
            ]
    return problems


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_converters(table: str) -> dict[int, object]:
    """Column index -> SQLAlchemy's own bind processor for that column on SQLite, so
    datetimes are stored in exactly the text form the app writes and reads."""
    dialect = sqlite_dialect.dialect()
    sa_table = SQLModel.metadata.tables[table]
    converters = {}
    for index, name in enumerate(TABLES[table]):
        column_type = sa_table.c[name].type
        if isinstance(getattr(column_type, "impl", column_type), DateTime):
            converters[index] = column_type.dialect_impl(dialect).bind_processor(dialect)
    return converters


def _load_sqlite(path: Path, forum: Forum) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # A throw-away file until the marker is written: no journal, no fsync.
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("BEGIN")
        for table, count, rows in forum.tables():
            started = time.monotonic()
            converters = _sqlite_converters(table)
            columns = TABLES[table]

            def converted(rows=rows, converters=converters):
                for row in rows:
                    row = list(row)
                    for index, convert in converters.items():
                        if row[index] is not None:
                            row[index] = convert(row[index])
                    yield row

            connection.executemany(
                f'INSERT INTO "{table}" ({", ".join(columns)}) '  # noqa: S608 - our names
                f"VALUES ({', '.join('?' * len(columns))})",
                _progress(table, count, converted(), started),
            )
            _log(f"{table}: {count:,} rows in {time.monotonic() - started:.1f} s")
        connection.execute("COMMIT")
        # What the app runs in; WAL is a property of the file.
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def _sqlite_database(size: Size, *, rebuild: bool) -> BenchDatabase:
    path = BENCH_DIR / f"{size.name}.db"
    marker_path = BENCH_DIR / f"{size.name}.json"
    url = f"sqlite:///{path}"
    marker = json.loads(marker_path.read_text()) if marker_path.exists() else None
    if not rebuild and path.exists() and _is_current(marker, size):
        return BenchDatabase("sqlite", size, url, marker)

    print(f"Building the {size.name} SQLite forum ({path}):", flush=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    marker_path.unlink(missing_ok=True)
    building = path.with_name(path.name + ".building")
    for stale in (path, building):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{stale}{suffix}").unlink(missing_ok=True)
    started = time.monotonic()
    building_url = f"sqlite:///{building}"
    migrate(building_url)
    engine = make_engine(building_url, pool_size=1)
    _check_columns(engine)
    engine.dispose()
    forum = _plan(size)
    _load_sqlite(building, forum)
    engine = make_engine(building_url, pool_size=1)
    try:
        _verify(engine)
    finally:
        engine.dispose()
    # SQLite removes the WAL when the last connection closes; should one remain, it
    # belongs to the file and moves with it.
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{building}{suffix}").exists():
            shutil.move(f"{building}{suffix}", f"{path}{suffix}")
    marker = _marker(forum, started)
    marker_path.write_text(json.dumps(marker, indent=1))
    _log(f"built in {marker['build_seconds']:.0f} s")
    return BenchDatabase("sqlite", size, url, marker)


# --- PostgreSQL --------------------------------------------------------------------------


def _admin_engine(server_url: str) -> Engine:
    return create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")


def database_url(server_url: str, name: str) -> str:
    return make_url(normalise_url(server_url)).set(database=name).render_as_string(False)


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _load_postgresql(url: str, forum: Forum) -> None:
    with psycopg.connect(_libpq_url(url)) as connection:
        with connection.cursor() as cursor:
            for table, count, rows in forum.tables():
                started = time.monotonic()
                columns = ", ".join(TABLES[table])
                with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                    for row in _progress(table, count, rows, started):
                        copy.write_row(row)
                _log(f"{table}: {count:,} rows in {time.monotonic() - started:.1f} s")
            # Explicit ids were inserted: move each sequence past them, or the app's
            # first insert would collide.
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'coalesce(max(id), 0) + 1, false) FROM "{table}"'
                )
        connection.commit()
    # What autovacuum would soon do after a bulk load; done now so plans are stable.
    with psycopg.connect(_libpq_url(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _postgresql_database(server_url: str, size: Size, *, rebuild: bool) -> BenchDatabase:
    # COMMONGROUND_BENCH_DATABASE_PREFIX: forums of one's own on a server others bench on.
    prefix = os.environ.get("COMMONGROUND_BENCH_DATABASE_PREFIX", "commonground_bench")
    name = f"{prefix}_{size.name}"
    url = database_url(server_url, name)
    admin = _admin_engine(server_url)
    try:
        with admin.connect() as connection:
            found = connection.execute(
                text(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    "WHERE datname = :name"
                ),
                {"name": name},
            ).first()
        marker = None
        if found and found[0]:
            try:
                marker = json.loads(found[0])
            except ValueError:
                marker = None
        if not rebuild and found and _is_current(marker, size):
            return BenchDatabase("postgresql", size, url, marker)

        print(f"Building the {size.name} PostgreSQL forum (database {name}):", flush=True)
        started = time.monotonic()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        migrate(url)
        engine = make_engine(url, pool_size=1)
        _check_columns(engine)
        engine.dispose()
        forum = _plan(size)
        _load_postgresql(url, forum)
        engine = make_engine(url, pool_size=1)
        try:
            _verify(engine)
        finally:
            engine.dispose()
        marker = _marker(forum, started)
        comment = json.dumps(marker).replace("'", "''")
        with admin.connect() as connection:
            connection.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'"))
        _log(f"built in {marker['build_seconds']:.0f} s")
        return BenchDatabase("postgresql", size, url, marker)
    finally:
        admin.dispose()


# --- both ----------------------------------------------------------------------------------


def _plan(size: Size) -> Forum:
    started = time.monotonic()
    forum = Forum(size, password_hash=hash_password(BENCH_PASSWORD))
    _check_html()
    _log(f"planned {size.ideas:,} ideas, {size.votes:,} votes, {size.comments:,} comments, "
         f"{size.members:,} members in {time.monotonic() - started:.1f} s")  # fmt: skip
    return forum


def _verify(engine: Engine) -> None:
    started = time.monotonic()
    problems = verify_counters(engine)
    if problems:
        listed = "\n".join(map(str, problems[:20]))
        raise AssertionError(f"generated counters are wrong:\n{listed}")
    _log(f"every stored counter matches its rows (checked in {time.monotonic() - started:.1f} s)")


def _marker(forum: Forum, started: float) -> dict:
    return {
        "revision": head_revision(),
        "generator": GENERATOR_VERSION,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.monotonic() - started, 1),
        **forum.info(),
    }


def ensure(engine_name: str, size: Size, *, rebuild: bool = False) -> BenchDatabase:
    """The cached forum of `size` on `engine_name`, built first when missing or stale."""
    if engine_name == "sqlite":
        return _sqlite_database(size, rebuild=rebuild)
    server_url = postgres_server_url()
    if not server_url:
        raise RuntimeError(f"set {POSTGRES_URL_ENVS[0]} or {POSTGRES_URL_ENVS[1]}")
    return _postgresql_database(server_url, size, rebuild=rebuild)
