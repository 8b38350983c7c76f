"""Votes made and answered before FastAPI runs (app/fast/votes.py), and the batched
writer behind them (app/fast/vote_writer.py)."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func
from sqlmodel import select

from app.db import WRITE_OPTION
from app.models import Idea, IdeaStatus, UserState, Vote
from app.security import SESSION_COOKIE, token_digest
from app.services.accounts import sessions
from app.services.errors import Forbidden
from app.services.ideas import votes
from app.services.ideas.votes import AnswerStatements, Change
from tests.conftest import TEST_CSRF
from tests.factories import make_idea, make_user
from tests.fast.test_member_pages import Statements
from tests.pages import soup

# Sent as multipart, the same vote skips the fast path (it takes urlencoded forms only)
# and is made and answered by the app: what the fast path's answers must match.
# A form too large for the fast lane's read (4 KB) goes on to the app (multipart no
# longer does: the app refuses it, issue 21).
PAST_THE_FAST_LANE = {"padding": "x" * 5000}


def _run(coroutine, timeout: float = 20):
    """`asyncio.run` on a thread of its own: a browser test earlier in the run (Playwright's
    sync API) can leave an event loop running on this one. A coroutine still waiting
    after `timeout` fails the test rather than hanging it."""
    thread = ThreadPoolExecutor(max_workers=1)
    try:
        return thread.submit(asyncio.run, coroutine).result(timeout=timeout)
    finally:
        thread.shutdown(wait=False)


def _vote_rows(session, idea_id: int) -> int:
    session.commit()
    return session.exec(select(func.count()).where(Vote.idea_id == idea_id)).one()


def _stored_count(session, idea_id: int) -> int:
    session.expire_all()
    return session.get(Idea, idea_id).vote_count


def _signed_in(session, member) -> str:
    """The digest of a new session of `member`'s: what the writer is given."""
    token = sessions.start_session(session=session, user=member, days=1)
    session.commit()
    return token_digest(token)


def test_a_vote_is_made_and_answered_without_the_app(client, session, engine):
    idea = make_idea(session)
    client.login(make_user(session))

    with Statements(engine) as statements:
        answer = client.submit(f"/ideas/{idea.id}/vote", {"next": "/ideas?sort=new"})

    assert statements.seen == []  # the app's every query goes through SQLAlchemy
    assert (
        answer.status_code == 303
        and answer.headers["location"] == f"/ideas?sort=new#idea-{idea.id}"
    )
    assert _vote_rows(session, idea.id) == 1 == _stored_count(session, idea.id)


def test_the_fast_answers_are_the_apps_answers(client, session, engine):
    idea = make_idea(session)
    client.login(make_user(session))
    url = f"/ideas/{idea.id}/vote"

    for htmx in (False, True):
        for back in ("/ideas", f"/ideas/{idea.id}", "https://elsewhere.example/"):
            with Statements(engine) as fast_statements:
                fast = client.submit(url, {"next": back}, htmx=htmx)
            with Statements(engine) as slow_statements:
                slow = client.submit(url, {"next": back, **PAST_THE_FAST_LANE}, htmx=htmx)

            assert fast_statements.seen == [] and slow_statements.seen != []

            assert fast.status_code == slow.status_code
            assert dict(fast.headers) == dict(slow.headers)
            assert fast.text == slow.text
    assert _vote_rows(session, idea.id) == 1 == _stored_count(session, idea.id)


def test_an_htmx_vote_on_the_idea_page_also_shows_the_follow_button(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    answer = soup(client.submit(f"/ideas/{idea.id}/vote", {"next": f"/ideas/{idea.id}"},
                                htmx=True))  # fmt: skip

    assert "vote--voted" in answer.select_one(".vote")["class"]
    assert answer.select_one(f"#follow-idea-{idea.id}")["data-hx-swap-oob"] == "true"
    assert "follow--on" in answer.select_one(f"#follow-idea-{idea.id}")["class"]


def test_a_vote_empties_the_anonymous_page_cache(app, client, session):
    idea = make_idea(session)
    anonymous = type(client)(app)
    before = soup(anonymous.get("/ideas")).select_one(f"#idea-{idea.id} .vote__count strong")
    client.login(make_user(session))

    client.submit(f"/ideas/{idea.id}/vote")

    after = soup(anonymous.get("/ideas")).select_one(f"#idea-{idea.id} .vote__count strong")
    assert (before.get_text(), after.get_text()) == ("0", "1")


@pytest.mark.parametrize(
    "case, status",
    [("hidden", 404), ("merged", 403), ("wrong token", 403), ("unverified", 403),
     ("suspended", 403), ("signed out", 303), ("session ended", 303)],
)  # fmt: skip
def test_what_the_fast_path_cannot_do_the_app_refuses_as_usual(client, session, case, status):
    idea = make_idea(session)
    member = make_user(session, verified=case != "unverified")
    if case != "signed out":
        client.login(member)
    if case == "session ended":
        client.cookies.set(SESSION_COOKIE, "a-session-that-has-ended")
    if case == "suspended":
        member.state = UserState.suspended
        session.add(member)
    if case == "hidden":
        idea.hidden_at = idea.created_at
    if case == "merged":
        idea.status = IdeaStatus.merged
    session.add(idea)
    session.commit()
    token = "not-the-token" if case == "wrong token" else TEST_CSRF

    answer = client.post(f"/ideas/{idea.id}/vote", data={"csrf_token": token})

    assert answer.status_code == status
    if status == 303:
        assert answer.headers["location"].startswith("/login")
    assert _vote_rows(session, idea.id) == 0 == _stored_count(session, idea.id)


def test_a_batch_that_fails_writes_nothing_and_the_app_makes_the_vote(client, session, monkeypatch):
    idea = make_idea(session)
    client.login(make_user(session))
    change, failures = AnswerStatements.change, []

    def fail_once(self, connection, **vote):
        if not failures:
            change(self, connection, **vote)  # written, then rolled back with the batch
            failures.append(vote)
            raise RuntimeError("the disk is full")
        return change(self, connection, **vote)

    monkeypatch.setattr(AnswerStatements, "change", fail_once)

    answer = client.submit(f"/ideas/{idea.id}/vote")

    assert failures and answer.status_code == 303
    assert _vote_rows(session, idea.id) == 1 == _stored_count(session, idea.id)


def test_the_writer_refuses_one_vote_without_losing_the_others(app, session):
    open_idea, merged = make_idea(session), make_idea(session)
    merged.status = IdeaStatus.merged
    session.add(merged)
    session.commit()
    member = make_user(session)
    digest = _signed_in(session, member)
    writer = app.state.fast_lane.vote_writer

    async def both():  # in one batch: the second arrives while the first waits
        return await asyncio.gather(
            *(writer.change(session_digest=digest, idea_id=idea.id, change=Change.vote)
              for idea in (merged, open_idea))
        )  # fmt: skip

    refused, counted = _run(both())

    assert isinstance(refused, Forbidden)
    assert counted == (member.id, votes.VoteState(open_idea.id, answer="support", vote_count=1))
    assert _vote_rows(session, open_idea.id) == 1 and _vote_rows(session, merged.id) == 0


def test_a_batch_waits_for_a_taken_write_lock_on_its_thread(app, session, engine):
    idea, member = make_idea(session), make_user(session)
    digest = _signed_in(session, member)
    # Another writer holds SQLite's write lock for a moment (PostgreSQL has none).
    held = engine.connect().execution_options(**{WRITE_OPTION: True})
    held.begin()
    threading.Timer(0.3, held.rollback).start()

    vote = _run(
        app.state.fast_lane.vote_writer.change(
            session_digest=digest, idea_id=idea.id, change=Change.vote
        )
    )

    held.close()
    assert vote == (member.id, votes.VoteState(idea.id, answer="support", vote_count=1))
    assert _vote_rows(session, idea.id) == 1


def test_a_batch_that_fails_after_its_statements_still_answers_every_vote(app, session):
    idea, member = make_idea(session), make_user(session)
    digest = _signed_in(session, member)
    writer = app.state.fast_lane.vote_writer
    bump, failures = writer.after_commit, []

    def fail_once():
        if not failures:
            failures.append(True)
            raise OSError("the page cache's file is gone")
        bump()

    writer.after_commit = fail_once

    told = _run(writer.change(session_digest=digest, idea_id=idea.id, change=Change.vote))
    again = _run(writer.change(session_digest=digest, idea_id=idea.id, change=Change.vote))

    assert told is None  # made the usual way by the app, which finds it already made
    assert again == (member.id, votes.VoteState(idea.id, answer="support", vote_count=1))
    assert _vote_rows(session, idea.id) == 1 == _stored_count(session, idea.id)
