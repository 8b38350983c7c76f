"""Erasing an account: nothing personal is left in any table, the counters equal a
recount, and what the member kept shows as by "a former member".

The columns searched are every text column of every table in the metadata (so a new
table is searched without editing this file), and TEXT_COLUMNS_EXPECTED names the ones
known to hold personal data, so that the search is seen to cover them. The references to
members are every foreign key to user.id: after an erasure only KEPT_REFERENCES may
still point at the erased row.
"""

import math
from dataclasses import replace

import pytest
from sqlalchemy import JSON, String, Text, select
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from app.models import Comment, Idea, Role, Theme, User, UserState
from app.services.accounts import erasure, sessions
from app.services.errors import Forbidden, NotFound
from app.services.ideas import counters
from app.services.moderation import audit
from tests.conftest import end_test_transactions, send_queued_mail
from tests.factories import PASSWORD, make_moderator, make_user
from tests.services.member_world import COMMENT_TEXT, IDEA_TEXT, PERSONAL, member_world

TEXT_COLUMNS_EXPECTED = {
    ("user", "email"),
    ("user", "display_name"),
    ("user", "organisation"),
    ("user", "bio"),
    ("user", "sector_role"),
    ("user_session", "user_agent"),
    ("flag", "note"),
    ("outbox_mail", "to_address"),
    ("outbox_mail", "subject"),
    ("outbox_mail", "text_body"),
    ("outbox_mail", "html_body"),
    ("email_token", "new_email"),
    ("api_token", "name"),
    ("idea", "title"),
    ("idea", "body"),
    ("comment", "body"),
    ("audit_event", "after"),
}
# What may still name the erased row: the authorship of what they kept, and the actor of
# what they did to others' things (shown as "a former member").
KEPT_REFERENCES = {
    ("idea", "author_id"),
    ("comment", "author_id"),
    ("flag", "reporter_id"),
    ("flag", "resolved_by_id"),
    ("notification", "actor_id"),
    ("audit_event", "actor_id"),
    ("idea_status_change", "actor_id"),
    ("idea_merge", "actor_id"),
    ("duplicate_pair", "dismissed_by_id"),
    ("webhook", "created_by_id"),
}


def text_columns() -> list[tuple[str, str]]:
    return [
        (table.name, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text | JSON | AutoString)
    ]


def member_references() -> list[tuple[str, str]]:
    return [
        (table.name, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table.name == "user"
    ]


def where_found(engine, marks) -> list[str]:
    """'table.column' for each text column holding any of `marks`."""
    end_test_transactions()
    tables = SQLModel.metadata.tables
    found = []
    with engine.connect() as connection:
        for table, column in text_columns():
            for (value,) in connection.execute(select(tables[table].c[column])):
                if value is not None and any(mark in str(value) for mark in marks):
                    found.append(f"{table}.{column}")
                    break
    return found


def references_to(engine, user_id: int) -> set[tuple[str, str]]:
    end_test_transactions()
    tables = SQLModel.metadata.tables
    with engine.connect() as connection:
        return {
            (table, column)
            for table, column in member_references()
            if connection.execute(
                select(tables[table].c[column]).where(tables[table].c[column] == user_id).limit(1)
            ).first()
        }


def assert_counters_match_a_recount(session) -> None:
    end_test_transactions()
    session.expire_all()
    for idea in session.exec(select(Idea)).scalars():
        stored, counted = counters.stored_idea_counts(idea), counters.recount_idea(session, idea)
        assert replace(stored, trending_score=0) == replace(counted, trending_score=0), idea.id
        assert math.isclose(stored.trending_score, counted.trending_score, rel_tol=1e-9)
    for theme in session.exec(select(Theme)).scalars():
        assert theme.idea_count == counters.recount_theme(session, theme.id), theme.slug


@pytest.fixture
def world(session, settings, engine):
    world = member_world(session, settings)
    send_queued_mail(engine, settings)  # mail about the member goes out, and is kept
    assert where_found(engine, PERSONAL), "the world holds the member's personal data"
    return world


def test_the_search_covers_every_column_known_to_hold_personal_data():
    assert set(text_columns()) >= TEXT_COLUMNS_EXPECTED
    assert set(member_references()) >= KEPT_REFERENCES
    assert ("vote", "user_id") in set(member_references()) - KEPT_REFERENCES


def test_erasing_leaves_nothing_personal_and_counters_equal_a_recount(
    session, settings, engine, world
):
    before_votes = {idea.id: idea.vote_count for idea in world.ideas}

    done = erasure.erase_account(
        session=session, settings=settings, user_id=world.member.id, content="keep"
    )

    assert done.votes_removed == 3  # four cast; the merge set one aside (they had both)
    assert not (settings.export_dir / done.export_files[0]).exists()
    assert where_found(engine, PERSONAL) == []
    assert references_to(engine, world.member.id) <= KEPT_REFERENCES
    assert_counters_match_a_recount(session)
    session.expire_all()
    assert session.get(Idea, world.own_idea.id).vote_count == before_votes[world.own_idea.id] - 1
    erased = session.get(User, world.member.id)
    assert (erased.state, erased.display_name, erased.password_hash) == (
        UserState.deleted,
        erasure.FORMER_MEMBER,
        None,
    )
    # What they chose to keep is still there, by "a former member".
    assert where_found(engine, [IDEA_TEXT, COMMENT_TEXT]) != []


def test_erasing_content_too_withdraws_ideas_and_removes_comments(session, settings, engine, world):
    erasure.erase_account(
        session=session, settings=settings, user_id=world.member.id, content="erase"
    )

    assert where_found(engine, [*PERSONAL, IDEA_TEXT, COMMENT_TEXT]) == []
    assert_counters_match_a_recount(session)
    session.expire_all()
    own = session.get(Idea, world.own_idea.id)
    assert own.hidden_at is not None and own.title == erasure.WITHDRAWN_TITLE
    kept = session.exec(select(Comment).where(Comment.author_id == world.member.id)).scalars()
    assert all(comment.deleted_at is not None and comment.body == "" for comment in kept)


def test_an_erased_member_can_no_longer_sign_in(session, settings, world):
    token = sessions.start_session(session=session, user=world.member, days=1)

    erasure.erase_account(session=session, settings=settings, user_id=world.member.id, content="")

    assert sessions.user_for_session_token(session=session, token=token) is None
    assert sessions.authenticate(session=session, email=PERSONAL[0], password=PASSWORD) is None
    with pytest.raises(NotFound):
        erasure.erase_account(
            session=session, settings=settings, user_id=world.member.id, content=""
        )


def test_a_moderator_erases_on_request_and_the_audit_log_says_so(session, settings, world):
    moderator = make_moderator(session)

    erasure.erase_account(
        session=session,
        settings=settings,
        user_id=world.member.id,
        content="keep",
        actor=moderator,
    )

    page = audit.list_events(session=session, filters=audit.AuditFilter(action="user.erase"))
    assert [(e.actor_id, e.target_id) for e in page.items] == [(moderator.id, world.member.id)]
    assert not any(mark in str(page.items[0].after) for mark in PERSONAL)


def test_who_may_erase_whom(session, settings):
    member, moderator = make_user(session), make_moderator(session)
    admin = make_user(session, role=Role.admin)

    with pytest.raises(Forbidden):
        erasure.erase_account(
            session=session,
            settings=settings,
            user_id=moderator.id,
            content="",
            actor=make_moderator(session),
        )
    with pytest.raises(Forbidden):
        erasure.erase_account(session=session, settings=settings, user_id=admin.id, content="")
    with pytest.raises(Forbidden):
        erasure.erase_account(
            session=session, settings=settings, user_id=moderator.id, content="", actor=member
        )
    erasure.erase_account(
        session=session, settings=settings, user_id=moderator.id, content="", actor=admin
    )
