"""The `commonground` command, run against the test database."""

import time
from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings
from app.fast.generation import page_generation
from app.models import (
    AuditEvent,
    Comment,
    Idea,
    MailFrequency,
    Notification,
    NotificationSettings,
    Round,
    Theme,
    User,
    Vote,
    utcnow,
)
from app.services.accounts import registration
from app.services.demo import seed
from app.services.ideas import comments, counters
from app.services.notifying import follows
from app.services.rounds.state import state_of
from tests.conftest import end_test_transactions
from tests.factories import make_comment, make_idea, make_user

runner = CliRunner()


@pytest.fixture
def command(engine, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMONGROUND_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMONGROUND_VAR_DIR", str(tmp_path))
    get_settings.cache_clear()

    def run(*args: str):
        end_test_transactions()
        return runner.invoke(cli, list(args), catch_exceptions=False)

    yield run
    get_settings.cache_clear()


def test_migrate_is_idempotent(command):
    result = command("migrate")
    assert result.exit_code == 0 and "up to date" in result.output


def test_create_user_and_set_role(command, session):
    created = command(
        "create-user", "--email", "Lead@Example.org", "--password", "a long passphrase here",
        "--role", "admin", "--display-name", "Inquiry Lead",
    )  # fmt: skip
    assert created.exit_code == 0, created.output

    user = session.exec(select(User).where(User.email == "lead@example.org")).one()
    assert (user.role, user.display_name, user.is_verified) == ("admin", "Inquiry Lead", True)

    make_user(session, email="second@example.org")
    promoted = command("set-role", "second@example.org", "admin")
    demoted = command("set-role", "lead@example.org", "moderator")
    assert promoted.exit_code == demoted.exit_code == 0
    session.refresh(user)
    assert user.role == "moderator"
    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.after) for e in events] == [
        ("user.role", None, {"role": "admin"}),
        ("user.role", None, {"role": "moderator"}),
    ]


def test_a_command_that_writes_moves_the_servers_page_cache_on(command, session):
    make_user(session, email="second@example.org")
    generation = page_generation(get_settings())
    before = generation.current()

    assert command("set-role", "second@example.org", "moderator").exit_code == 0

    assert generation.current() > before


def test_set_role_keeps_the_last_admin(command, session):
    admin = make_user(session, email="only.admin@example.org", role="admin")

    refused = command("set-role", "only.admin@example.org", "member")

    assert refused.exit_code == 1 and "last admin" in refused.output
    session.refresh(admin)
    assert admin.role == "admin"
    events = session.exec(select(AuditEvent)).all()
    assert events == []


def test_create_user_refuses_a_weak_password_or_taken_email(command, session):
    make_user(session, email="taken@example.org")

    weak = command("create-user", "--email", "new@example.org", "--password", "password")
    taken = command("create-user", "--email", "taken@example.org", "--password", "x" * 20)

    assert weak.exit_code == 1 and "common" in weak.output
    assert taken.exit_code == 1 and "already" in taken.output


def test_set_role_for_an_unknown_member_fails_cleanly(command):
    result = command("set-role", "nobody@example.org", "admin")
    assert result.exit_code == 1 and "No account" in result.output


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_seed_demo_loads_once_with_consistent_counters(command, session):
    first = command("seed-demo", "--if-empty")
    again = command("seed-demo")
    after_content = command("seed-demo", "--if-empty")

    assert first.exit_code == again.exit_code == after_content.exit_code == 0
    assert "already loaded" in again.output
    assert _count(session, Theme) == len(seed.content()["themes"])
    assert _count(session, Idea) == len(seed.content()["ideas"])
    assert _count(session, User) == len(seed.content()["members"])
    assert _count(session, Comment) >= 100
    for idea in session.exec(select(Idea)):
        votes = session.exec(
            select(func.count()).select_from(Vote).where(Vote.idea_id == idea.id)
        ).one()
        assert idea.vote_count == votes
        assert idea.comment_count == comments.count_shown_comments(session=session, idea_id=idea.id)
        # Replies need take no stance: the tally counts the comments that took one.
        stored, recounted = counters.stored_idea_counts(idea), counters.recount_idea(session, idea)
        assert asdict(stored) == pytest.approx(asdict(recounted))
    for theme in session.exec(select(Theme)):
        in_theme = session.exec(
            select(func.count()).select_from(Idea).where(Idea.theme_id == theme.id)
        ).one()
        assert theme.idea_count == in_theme


def test_seed_demo_has_a_closed_round_with_its_report_and_an_open_round(command, session):
    command("seed-demo")

    rounds = {state_of(r).value: r for r in session.exec(select(Round))}
    assert set(rounds) == {"reported", "open"}
    for round_ in rounds.values():
        members = [i for i in session.exec(select(Idea)) if i.round_id == round_.id]
        assert members and all(round_.opens_at <= i.created_at < round_.closes_at for i in members)
    closed = rounds["reported"]
    assert all(
        v.created_at <= closed.closes_at
        for v in session.exec(select(Vote).join(Idea).where(Idea.round_id == closed.id))
    )
    assert rounds["open"].hide_counts and closed.heard and closed.next_steps


def test_seed_demo_if_empty_leaves_real_content_alone(command, session):
    make_user(session)

    result = command("seed-demo", "--if-empty")

    assert "already has content" in result.output
    assert _count(session, Theme) == 0


def test_find_duplicates_rebuilds_the_queue(command, session):
    from tests.factories import make_idea

    make_idea(session, title="Peer mentoring for new chief executives", body="")
    make_idea(session, title="Mentoring new chief executives", body="")

    result = command("find-duplicates")

    assert result.exit_code == 0 and "1 likely duplicate pair(s)" in result.output


def test_seed_demo_members_follow_what_they_took_part_in(command, session):
    command("seed-demo")

    for idea in session.exec(select(Idea)):
        assert idea.author_id in follows.idea_follower_ids(session, idea.id)


@pytest.fixture
def file_mail(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMONGROUND_MAIL_BACKEND", "file")
    return tmp_path / "mail"


def test_send_mail_once_sends_what_is_queued(command, session, settings, file_mail):
    registration.sign_up(
        session=session, settings=settings, email="new@example.org",
        password="a long passphrase here", display_name="New Member", organisation="Here",
    )  # fmt: skip

    result = command("send-mail", "--once")

    assert result.exit_code == 0 and "1 sent" in result.output
    assert len(list(file_mail.glob("*.eml"))) == 1
    assert "0 sent" in command("send-mail", "--once").output


def test_send_digests_sends_the_digests_that_are_due(command, session, file_mail):
    author = make_user(session)
    session.add(NotificationSettings(user_id=author.id, mail_comment=MailFrequency.daily))
    session.commit()
    comment = make_comment(session, idea=make_idea(session, author=author))
    note = session.exec(select(Notification).where(Notification.comment_id == comment.id)).one()
    note.created_at = utcnow() - timedelta(days=2)
    session.add(note)
    session.commit()

    result = command("send-digests")

    assert result.exit_code == 0, result.output
    assert "1 digests made; 1 mails sent" in result.output
    assert "0 digests made" in command("send-digests").output


# --- backup and restore ----------------------------------------------------------------


def _restored_url(database_url: str, tmp_path):
    """A fresh, empty database of the same kind to restore into."""
    from contextlib import nullcontext

    from tests.conftest import fresh_postgres_database

    if database_url.startswith("sqlite"):
        return nullcontext(f"sqlite:///{tmp_path / 'restored.db'}")
    server = get_settings().database_url
    return fresh_postgres_database(server, prefix="commonground_restore")


def test_a_backup_under_write_load_restores_every_acknowledged_vote_and_comment(
    command, session, engine, database_url, tmp_path, monkeypatch
):
    import threading

    from app.db import open_session
    from app.services.ideas import votes

    ideas = [make_idea(session) for _ in range(5)]
    members = [make_user(session) for _ in range(20)]
    end_test_transactions()
    acknowledged_votes: list[tuple[int, int]] = []
    acknowledged_comments: list[int] = []
    stop = threading.Event()

    def write_load() -> None:  # a member voting and commenting while the backup runs
        with open_session(engine) as writer:
            for n in range(10_000):
                if stop.is_set():
                    return
                member = members[n % len(members)]
                idea = ideas[(n // len(members)) % len(ideas)]
                if n % 7 == 0:
                    made = comments.add_comment(
                        session=writer,
                        author=member,
                        idea_id=idea.id,
                        body=f"Reply {n}",
                        stance="for",
                    )
                    acknowledged_comments.append(made.id)
                else:
                    votes.cast_vote(session=writer, user=member, idea_id=idea.id)
                    acknowledged_votes.append((member.id, idea.id))

    load = threading.Thread(target=write_load)
    load.start()
    deadline = time.monotonic() + 60
    while len(acknowledged_votes) < 20:  # under way before the backup starts
        assert load.is_alive() and time.monotonic() < deadline, "the write load stopped"
        stop.wait(0.01)
    before = (list(acknowledged_votes), list(acknowledged_comments))
    try:
        backed_up = command("backup", str(tmp_path / "forum.backup"))
    finally:
        stop.set()
        load.join()
    assert backed_up.exit_code == 0, backed_up.output
    assert (tmp_path / "forum.backup").stat().st_size > 0

    with _restored_url(database_url, tmp_path) as restored_url:
        monkeypatch.setenv("COMMONGROUND_DATABASE_URL", restored_url)
        get_settings.cache_clear()
        restored = command("restore", str(tmp_path / "forum.backup"))
        assert restored.exit_code == 0, restored.output
        from app.db import make_engine
        from tests.bench.databases import verify_counters

        restored_engine = make_engine(restored_url, pool_size=1)
        try:
            with open_session(restored_engine) as reading:
                found_votes = set(reading.exec(select(Vote.user_id, Vote.idea_id)).all())
                found_comments = set(reading.exec(select(Comment.id)).all())
            # One snapshot: every stored counter matches its rows.
            assert verify_counters(restored_engine) == []
        finally:
            restored_engine.dispose()
        again = command("restore", str(tmp_path / "forum.backup"))
        assert again.exit_code == 1 and "not empty" in again.output
    assert set(before[0]) <= found_votes
    assert set(before[1]) <= found_comments


def test_a_restore_refuses_a_missing_backup(command, tmp_path):
    result = command("restore", str(tmp_path / "nothing.backup"))
    assert result.exit_code == 1 and "no backup" in result.output


def test_serve_in_development_points_links_at_the_port_served(monkeypatch, tmp_path):
    from app.cli import follow_served_address

    monkeypatch.setenv("COMMONGROUND_VAR_DIR", str(tmp_path))
    for name in ("COMMONGROUND_BASE_URL", "COMMONGROUND_ENV"):
        monkeypatch.setenv(name, "")  # so that undoing restores what was there before
        monkeypatch.delenv(name)
    get_settings.cache_clear()
    try:
        settings = follow_served_address("0.0.0.0", 8123)  # noqa: S104
        assert settings.base_url == "http://127.0.0.1:8123"
        assert get_settings().base_url == "http://127.0.0.1:8123"

        monkeypatch.setenv("COMMONGROUND_BASE_URL", "https://voice.example.org")
        get_settings.cache_clear()
        assert follow_served_address("127.0.0.1", 9000).base_url == "https://voice.example.org"
    finally:
        get_settings.cache_clear()


def test_reindex_embeds_ideas_with_a_progress_bar(command, session):
    from sqlalchemy import delete

    from app.models import IdeaEmbedding
    from tests.factories import make_idea

    make_idea(session, title="Peer mentoring for new chief executives", body="")
    session.exec(delete(IdeaEmbedding))
    session.commit()

    result = command("reindex")

    assert result.exit_code == 0 and "1 idea(s) embedded" in result.output
    assert len(session.exec(select(IdeaEmbedding)).all()) == 1


def test_reindex_replaces_an_earlier_models_embeddings(command, session):
    """After an upgrade that changes the model, the old vectors (another size) are neither
    searched nor kept: `reindex`, as `make run` and the container run it, embeds again."""
    from sqlalchemy import delete

    from app.models import IdeaEmbedding
    from app.services.finding import embeddings, similar, vectors
    from tests.factories import make_idea

    idea = make_idea(session, title="Peer mentoring for new chief executives", body="")
    session.exec(delete(IdeaEmbedding))
    session.add(IdeaEmbedding(idea_id=idea.id, model="an-earlier-model", vector=bytes(2 * 256)))
    session.commit()
    vectors.index_for(session).refresh(session, rebuild=True)  # as a process started now
    draft = {"title": "Mentoring new chief executives", "body": ""}
    before = similar.similar_ideas(session=session, **draft)
    assert [i.id for i in before] == [idea.id], "until then, by their words"
    session.rollback()

    result = command("reindex", "--if-model")

    assert result.exit_code == 0 and "1 idea(s) embedded" in result.output
    stored = session.exec(select(IdeaEmbedding)).one()
    assert stored.model == embeddings.MODEL
    assert [i.id for i in similar.similar_ideas(session=session, **draft)] == [idea.id]


def test_reindex_if_model_succeeds_without_one(command, monkeypatch):
    from app.services.finding import embeddings

    monkeypatch.setattr(embeddings, "model", lambda: None)

    assert command("reindex").exit_code == 1
    result = command("reindex", "--if-model")
    assert result.exit_code == 0 and "No embedding model installed" in result.output
