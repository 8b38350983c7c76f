"""The mail a round sends, through the outbox: "a round is open" to members who asked
for it (Settings → Notifications), "closing in three days" and "the report is out" to
everyone who took part (proposed, voted, answered or commented in it).

Rounds open and close by the clock, not by a request, so the mail worker sends these
on its passes (`send_due`); each notice is sent once, marked on the round in the same
transaction that queues its mail.
"""

from datetime import datetime, timedelta

from sqlalchemy import union
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import lock_row, write_transaction
from app.links import Links
from app.models import (
    Comment,
    Idea,
    NotificationSettings,
    Round,
    Stance,
    User,
    UserState,
    Vote,
    utcnow,
)
from app.services.notifying import emails, outbox
from app.services.rounds.state import countdown, london

CLOSING_NOTICE = timedelta(days=3)


def participant_ids_query(round_id: int):
    """Everyone who took part in the round: proposed, voted, answered or commented."""
    in_round = select(Idea.id).where(Idea.round_id == round_id)
    return union(
        select(Idea.author_id.label("user_id")).where(Idea.round_id == round_id),
        select(Vote.user_id).where(col(Vote.idea_id).in_(in_round)),
        select(Stance.user_id).where(col(Stance.idea_id).in_(in_round)),
        select(Comment.author_id).where(
            col(Comment.idea_id).in_(in_round), col(Comment.deleted_at).is_(None)
        ),
    )


def _mailable(query) -> list[User]:
    return select(User).where(
        col(User.id).in_(query),
        User.state == UserState.active,
        col(User.email_verified_at).is_not(None),
    )


def _queue(session: Session, settings: Settings, users, template: str, round_: Round, **extra):
    sent = 0
    for user in session.exec(users):
        mail = emails.compose(
            settings, template, to=user.email, user_id=user.id, user=user, round=round_,
            closes=london(round_.closes_at), **extra,
        )  # fmt: skip
        outbox.queue(session, mail, kind=template, user_id=user.id)
        sent += 1
    return sent


def send_due(*, session: Session, settings: Settings, now: datetime | None = None) -> int:
    """Queue the round notices that are due; how many mails."""
    now = now or utcnow()
    queued = 0
    due = session.exec(
        select(Round.id).where(
            (
                col(Round.opened_notice_at).is_(None)
                & (Round.opens_at <= now)
                & (Round.closes_at > now)
            )
            | (
                col(Round.closing_notice_at).is_(None)
                & (Round.closes_at > now)
                & (Round.closes_at <= now + CLOSING_NOTICE)
                & (Round.opens_at <= now)
            )
            | (col(Round.report_notice_at).is_(None) & col(Round.reported_at).is_not(None))
        )
    ).all()
    session.commit()
    for round_id in due:
        with write_transaction(session):
            round_ = lock_row(session, Round, round_id)
            if round_ is None:
                continue
            queued += _one(session, settings, round_, now)
    return queued


def _one(session: Session, settings: Settings, round_: Round, now: datetime) -> int:
    queued = 0
    links = Links(settings)
    running = round_.opens_at <= now < round_.closes_at and round_.reported_at is None
    if round_.opened_notice_at is None and running:
        opted_in = select(NotificationSettings.user_id).where(
            col(NotificationSettings.mail_round_opened).is_(True)
        )
        queued += _queue(
            session, settings, _mailable(opted_in), "round_opened", round_,
            link=links.round(round_.slug),
        )  # fmt: skip
        round_.opened_notice_at = now
    if round_.closing_notice_at is None and running and round_.closes_at <= now + CLOSING_NOTICE:
        queued += _queue(
            session, settings, _mailable(participant_ids_query(round_.id)), "round_closing",
            round_, link=links.round(round_.slug), left=countdown(round_.closes_at, now),
        )  # fmt: skip
        round_.closing_notice_at = now
    if round_.report_notice_at is None and round_.reported_at is not None:
        queued += _queue(
            session, settings, _mailable(participant_ids_query(round_.id)), "round_report",
            round_, link=links.round_report(round_.slug),
        )  # fmt: skip
        round_.report_notice_at = now
    session.add(round_)
    return queued
