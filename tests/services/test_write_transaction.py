"""One way to write: a service that refuses inside its write transaction leaves nothing
open. On SQLite another writer gets the write lock at once (both this process's lock and
SQLite's own); on PostgreSQL no transaction of ours is left idle."""

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db import WRITE_NOWAIT, WRITE_OPTION, open_session
from app.models import IdeaStatus, Role, TokenPurpose, User, utcnow
from app.services.accounts import mailed_tokens, registration, roles
from app.services.errors import DomainError
from app.services.ideas import comments, merging, proposals, themes, votes
from app.services.ideas.proposals import IdeaDraft
from app.services.moderation import answers, hiding, members, pinning
from app.services.notifying import follows, notifications
from tests.factories import (
    PASSWORD,
    make_admin,
    make_comment,
    make_email_token,
    make_idea,
    make_moderator,
    make_theme,
    make_user,
)


def _edit_idea_badly(session):
    idea = make_idea(session)
    author = session.get(User, idea.author_id)
    proposals.update_idea(
        session=session, editor=author, idea_id=idea.id, draft=IdeaDraft(title="x", theme="")
    )


def _edit_comment_to_nothing(session):
    comment = make_comment(session, idea=make_idea(session))
    author = session.get(User, comment.author_id)
    comments.edit_comment(session=session, user=author, comment_id=comment.id, body="")


def _reply_to_a_missing_comment(session):
    idea = make_idea(session)
    comments.add_comment(
        session=session, author=make_user(session), idea_id=idea.id, body="Yes.",
        stance="for", parent_id=999_999,
    )  # fmt: skip


def _follow_an_archived_theme(session):
    theme = make_theme(session)
    theme.archived_at = utcnow()
    session.add(theme)
    session.commit()
    follows.follow_theme(session=session, user=make_user(session), slug=theme.slug)


def _follow_a_hidden_idea(session):
    idea = make_idea(session)
    hiding.hide_idea(session=session, actor=make_moderator(session), idea_id=idea.id)
    follows.follow_idea(session=session, user=make_user(session), idea_id=idea.id)


def _vote_for_a_merged_idea(session):
    idea, survivor = make_idea(session), make_idea(session)
    merging.merge_idea(
        session=session, actor=make_moderator(session), idea_id=idea.id, into=survivor.id
    )
    votes.cast_vote(session=session, user=make_user(session), idea_id=idea.id)


def _merge_into_itself(session):
    idea = make_idea(session)
    merging.merge_idea(
        session=session, actor=make_moderator(session), idea_id=idea.id, into=idea.id
    )


def _unmerge_what_is_not_merged(session):
    idea = make_idea(session)
    merging.unmerge_idea(session=session, actor=make_moderator(session), idea_id=idea.id)


def _answer_a_merged_idea(session):
    idea, survivor = make_idea(session), make_idea(session)
    moderator = make_moderator(session)
    merging.merge_idea(session=session, actor=moderator, idea_id=idea.id, into=survivor.id)
    answers.set_status(
        session=session, actor=moderator, idea_id=idea.id, status=IdeaStatus.planned, response=""
    )


def _pin_a_hidden_idea(session):
    idea, moderator = make_idea(session), make_moderator(session)
    hiding.hide_idea(session=session, actor=moderator, idea_id=idea.id)
    pinning.pin_idea(session=session, actor=moderator, idea_id=idea.id)


def _hide_a_deleted_comment(session):
    comment = make_comment(session, idea=make_idea(session))
    author = session.get(User, comment.author_id)
    comments.delete_comment(session=session, user=author, comment_id=comment.id)
    hiding.hide_comment(session=session, actor=make_moderator(session), comment_id=comment.id)


def _merge_a_theme_into_itself(session):
    theme = make_theme(session)
    themes.merge_theme(
        session=session, actor=make_moderator(session), theme_id=theme.id, into=theme.slug
    )


def _a_second_account_for_one_address(session):
    member = make_user(session)
    registration.create_user(
        session=session, email=member.email, password=PASSWORD, display_name="Someone"
    )


def _demote_the_last_admin(session):
    admin = make_admin(session)
    roles.set_role(session=session, email=admin.email, role=Role.member)


def _suspend_an_admin(session):
    admin, other = make_admin(session), make_admin(session)
    members.suspend(session=session, actor=admin, user_id=other.id, reason="Spam links")


def _sign_in_with_a_used_link(session):
    token = make_email_token(session, make_user(session), TokenPurpose.sign_in)
    mailed_tokens.sign_in_with_link(session=session, token=token)
    mailed_tokens.sign_in_with_link(session=session, token=token)


def _unsubscribe_an_account_that_is_gone(session):
    notifications.unsubscribe(session=session, user_id=999_999, scope="all")


REFUSALS = [
    _edit_idea_badly,
    _edit_comment_to_nothing,
    _reply_to_a_missing_comment,
    _follow_an_archived_theme,
    _follow_a_hidden_idea,
    _vote_for_a_merged_idea,
    _merge_into_itself,
    _unmerge_what_is_not_merged,
    _answer_a_merged_idea,
    _pin_a_hidden_idea,
    _hide_a_deleted_comment,
    _merge_a_theme_into_itself,
    _a_second_account_for_one_address,
    _demote_the_last_admin,
    _suspend_an_admin,
    _sign_in_with_a_used_link,
    _unsubscribe_an_account_that_is_gone,
]


@pytest.mark.parametrize("refuse", REFUSALS, ids=lambda f: f.__name__.strip("_"))
def test_a_refused_write_leaves_nothing_open(session, engine, refuse):
    with pytest.raises(DomainError):
        refuse(session)

    assert not session.in_transaction()
    if engine.dialect.name == "sqlite":
        assert _sqlite_writer_gets_the_lock_at_once(engine)
    else:
        assert _idle_transactions(engine) == []


def _sqlite_writer_gets_the_lock_at_once(engine) -> bool:
    # This process's own write lock (db.py): a writer that must not wait gets it.
    with open_session(engine) as other:
        other.connection(execution_options={WRITE_OPTION: True, WRITE_NOWAIT: True})
        other.rollback()
    # SQLite's: another connection, with no busy timeout at all.
    outsider = sqlite3.connect(make_url(engine.url).database, timeout=0, isolation_level=None)
    try:
        outsider.execute("BEGIN IMMEDIATE")
        outsider.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        outsider.close()


def _idle_transactions(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database()"
                " AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
            )
        ).all()
