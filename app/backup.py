"""Backing the forum's database up while it runs, and restoring it into a fresh one
(`commonground backup`, `commonground restore`).

- SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), in one step, so the
  copy is one consistent snapshot even while the server writes (WAL mode lets it read
  beside the writer). The backup is itself a SQLite database file.
- PostgreSQL: `pg_dump --format=custom` (one transaction's snapshot, also consistent
  while the server writes); restored with `pg_restore`. The PostgreSQL client programs
  must be installed where the command runs (Debian: `postgresql-client`).

A restore goes into an empty database (a new SQLite file, or a PostgreSQL database with
no tables) unless `force` is given, so a mistyped URL cannot overwrite a live forum.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from app.db import make_engine, normalise_url


class BackupError(Exception):
    """What went wrong, in words for the command line."""


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _libpq_url(database_url: str) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump and pg_restore want it (no SQLAlchemy driver name), and the
    environment that carries its password (not the command line, which `ps` shows)."""
    url = make_url(normalise_url(database_url)).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
        url = url.set(password=None)
    return url.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def default_path(database_url: str, directory: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if database_url.startswith("sqlite") else "pgdump"
    return directory / f"commonground-{stamp}.{suffix}"


def backup(database_url: str, destination: Path) -> Path:
    """A consistent copy of the database at `destination` (written beside it first, then
    renamed into place, so a backup that fails leaves no half file)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if database_url.startswith("sqlite"):
            source = sqlite3.connect(_sqlite_path(database_url))
            target = sqlite3.connect(partial)
            try:
                source.backup(target)  # every page in one step: one snapshot
            finally:
                target.close()
                source.close()
        else:
            url, env = _libpq_url(database_url)
            command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file",
                       str(partial), url]  # fmt: skip
            _run(command, env)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination


def restore(source: Path, database_url: str, *, force: bool = False) -> None:
    """The backup at `source` into the database at `database_url`, which must be empty
    unless `force`."""
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    if not force and not _is_empty(database_url):
        raise BackupError("the database to restore into is not empty (use --force to replace it)")
    if database_url.startswith("sqlite"):
        path = _sqlite_path(database_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        backup_db = sqlite3.connect(source)
        target = sqlite3.connect(path)
        try:
            backup_db.backup(target)
        finally:
            target.close()
            backup_db.close()
        return
    url, env = _libpq_url(database_url)
    command = [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
               "--dbname", url]  # fmt: skip
    if force:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], env)


def _is_empty(database_url: str) -> bool:
    if database_url.startswith("sqlite"):
        path = _sqlite_path(database_url)
        if not path.exists() or path.stat().st_size == 0:
            return True
    engine = make_engine(database_url, pool_size=1)
    try:
        return not inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _run(command: list[str], env: dict[str, str]) -> None:
    # The program is the one on PATH by its fixed name; the arguments are ours.
    finished = subprocess.run(command, capture_output=True, text=True, check=False, env=env)  # noqa: S603
    if finished.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {finished.stderr.strip()}")
