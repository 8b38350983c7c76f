"""Erasing an account (UK GDPR article 17), by the member or by a moderator on request.

Everything personal goes at once, in one transaction: the profile, the email address and
password, sessions, API tokens, votes, follows, notifications, settings, mail sent to
them, one-time tokens, data downloads and the notes of their reports. The user row stays
as "a former member", holding nothing personal, so that what they chose to keep (their
ideas and comments, the default, as Decidim and CONSUL do) still has an author, and the
audit trail of a former moderator still has an actor; others' "@Name" mentions of them
become "@A former member". Asked to, their ideas and comments
are erased too: a comment as its author deleting it does, leaving "comment removed" if
it has replies; an idea's title and text blanked and the idea withdrawn from view (its
votes and the debate under it are other members' and stay, for moderators).

Their votes are removed with the counters they moved (counters.py), in the same
transaction, each idea locked in id order first, as every writer locks.
"""

from dataclasses import dataclass
from enum import StrEnum

from markupsafe import escape
from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import lock_row, locking, write_transaction
from app.markdown import render_markdown
from app.models import (
    ApiToken,
    Comment,
    DataExport,
    EmailToken,
    Flag,
    Follow,
    Idea,
    InsightMember,
    MergedVote,
    Notification,
    NotificationSettings,
    OutboxMail,
    OutboxStatus,
    PageAgreement,
    Role,
    SegmentAnswer,
    Stance,
    User,
    UserSession,
    UserState,
    Vote,
    utcnow,
)
from app.services.errors import Forbidden, NotFound, ValidationFailed
from app.services.ideas import counters
from app.services.moderation import audit
from app.services.moderation.hiding import set_idea_hidden

FORMER_MEMBER = "A former member"
WITHDRAWN_TITLE = "Withdrawn by its author"
# What is left of a sent mail that named or was sent to an erased member.
ERASED_MAIL = "(This mail concerned a member whose account has since been erased.)"
ERASED_SUBJECT = "(erased)"
LOCK_BATCH = 500
MARKS_PER_STATEMENT = 50


class ContentChoice(StrEnum):
    keep = "keep"  # ideas and comments stay, by "a former member"
    erase = "erase"

    @property
    def label(self) -> str:
        return {
            "keep": "Keep my ideas and comments, shown as by “a former member”",
            "erase": "Erase my ideas and comments too",
        }[self.value]


@dataclass(frozen=True)
class Erasure:
    user_id: int
    content: ContentChoice
    votes_removed: int
    ideas_erased: int
    comments_erased: int
    export_files: list[str]


def parse_choice(content: str) -> ContentChoice:
    try:
        return ContentChoice(content or ContentChoice.keep)
    except ValueError as error:
        raise ValidationFailed({"content": "Choose what happens to the ideas and comments."}) from (
            error
        )


def former_email(user_id: int) -> str:
    """The address an erased row keeps: unique, as the column must be, and no one's."""
    return f"erased-{user_id}@erased.invalid"


def _check_actor(actor: User | None, user: User) -> None:
    if user.role == Role.admin:
        raise Forbidden(
            "An admin's account can't be erased. Another admin must first change its role."
        )
    if actor is None or actor.id == user.id:
        return
    if not actor.is_moderator:
        raise Forbidden("Only the inquiry's moderators can erase another member's account.")
    if user.role != Role.member and actor.role != Role.admin:
        raise Forbidden("Only admins can erase a moderator's account.")


def erase_account(
    *,
    session: Session,
    settings: Settings,
    user_id: int,
    content: str,
    actor: User | None = None,
    confirm=None,
) -> Erasure:
    """Erase the account `user_id`: by its member (`actor` None or themselves) or by a
    moderator `actor`, recorded in the audit log. `confirm(session, user)` runs first in
    the transaction (the password or mailed link that proves the member asked)."""
    choice = parse_choice(content)
    with write_transaction(session):
        user = lock_row(session, User, user_id)
        if user is None or user.state == UserState.deleted:
            raise NotFound("There is no member at this address.")
        _check_actor(actor, user)
        if confirm is not None:
            confirm(session, user)
        erasure = _erase(session, user, choice)
        if actor is not None and actor.id != user.id:
            audit.record(
                session, actor=actor, action="user.erase", target_type="user",
                target_id=user.id, after={
                    "content": choice.value, "votes_removed": erasure.votes_removed,
                    "ideas_erased": erasure.ideas_erased,
                    "comments_erased": erasure.comments_erased,
                },
            )  # fmt: skip
    for name in erasure.export_files:  # files go once the rows that name them have
        (settings.export_dir / name).unlink(missing_ok=True)
    return erasure


def _erase(session: Session, user: User, choice: ContentChoice) -> Erasure:
    uid = user.id
    votes = session.exec(select(Vote.idea_id, Vote.created_at).where(Vote.user_id == uid)).all()
    stances = session.exec(select(Stance.idea_id, Stance.answer).where(Stance.user_id == uid)).all()
    comments, ideas = [], []
    if choice == ContentChoice.erase:
        comments = list(
            session.exec(
                select(Comment).where(Comment.author_id == uid, col(Comment.deleted_at).is_(None))
            )
        )
        ideas = list(session.exec(select(Idea.id).where(Idea.author_id == uid)))
    answered = {row.idea_id for row in votes} | {row.idea_id for row in stances}
    locked = _lock_ideas(session, answered | {c.idea_id for c in comments} | set(ideas))
    erased_texts = [c.body for c in comments] + [locked[idea_id].title for idea_id in ideas]

    for idea_id, voted_at in votes:
        counters.vote_removed(locked[idea_id], voted_at)
    session.exec(delete(Vote).where(col(Vote.user_id) == uid))
    session.exec(delete(MergedVote).where(col(MergedVote.user_id) == uid))
    for idea_id, answer in stances:
        counters.stance_removed(locked[idea_id], answer)
    session.exec(delete(Stance).where(col(Stance.user_id) == uid))

    now = utcnow()
    for comment in comments:
        if comment.hidden_at is None:
            counters.comment_unshown(locked[comment.idea_id], comment)
        comment.deleted_at = now
        comment.body = comment.body_html = ""
        session.add(comment)
    for idea_id in ideas:
        idea = locked[idea_id]
        idea.title, idea.body, idea.body_html = WITHDRAWN_TITLE, "", ""
        idea.edited_at = idea.updated_at = now
        set_idea_hidden(session, idea, True)
    session.add_all(locked.values())

    export_files = [
        name
        for name in session.exec(select(DataExport.file_name).where(DataExport.user_id == uid))
        if name
    ]
    for model in (UserSession, ApiToken, Follow, Notification, NotificationSettings,
                  EmailToken, DataExport, SegmentAnswer, InsightMember,
                  PageAgreement):  # fmt: skip
        session.exec(delete(model).where(col(model.user_id) == uid))
    session.exec(update(Flag).where(col(Flag.reporter_id) == uid).values(note=""))
    _erase_mail(session, user, erased_texts)
    _erase_mentions(session, user.display_name)

    user.email = former_email(uid)
    user.display_name = FORMER_MEMBER
    user.organisation = user.sector_role = user.bio = ""
    user.password_hash = None
    user.email_verified_at = None
    user.role = Role.member
    user.state = UserState.deleted
    session.add(user)
    return Erasure(
        user_id=uid,
        content=choice,
        votes_removed=len(votes),
        ideas_erased=len(ideas),
        comments_erased=len(comments),
        export_files=export_files,
    )


def _lock_ideas(session: Session, ids: set[int]) -> dict[int, Idea]:
    """The ideas, locked in id order (the order every writer takes them in)."""
    ordered, locked = sorted(ids), {}
    for start in range(0, len(ordered), LOCK_BATCH):
        batch = ordered[start : start + LOCK_BATCH]
        rows = session.exec(
            locking(select(Idea).where(col(Idea.id).in_(batch)).order_by(col(Idea.id)))
        )
        locked |= {idea.id: idea for idea in rows}
    return locked


def _erase_mentions(session: Session, name: str) -> None:
    """Other members' "@Name" mentions of the member now say "@A former member" (their
    words stay; a name written without the @ is theirs to keep)."""
    mention = f"@{name}"
    for comment in session.exec(
        select(Comment).where(col(Comment.body).contains(mention, autoescape=True))
    ):
        comment.body = comment.body.replace(mention, f"@{FORMER_MEMBER}")
        comment.body_html = render_markdown(comment.body)
        session.add(comment)


def _erase_mail(session: Session, user: User, erased_texts: list[str]) -> None:
    """Mail to the member goes; sent mail to others that named them, or quoted what they
    erased, is blanked (what is still waiting to go out is left to go: the worker sends
    it within seconds)."""
    session.exec(
        delete(OutboxMail).where(
            or_(col(OutboxMail.user_id) == user.id, col(OutboxMail.to_address) == user.email)
        )
    )
    marks = {user.email, user.display_name}
    # A mail quotes the start of a title or comment; a very short one names nothing.
    marks |= {" ".join(text.split())[:40] for text in erased_texts if len(text) >= 12}
    marks |= {str(escape(mark)) for mark in marks}
    ordered = sorted(marks)
    columns = (OutboxMail.subject, OutboxMail.text_body, OutboxMail.html_body)
    for start in range(0, len(ordered), MARKS_PER_STATEMENT):
        batch = ordered[start : start + MARKS_PER_STATEMENT]
        named = [col(c).contains(mark, autoescape=True) for mark in batch for c in columns]
        session.exec(
            update(OutboxMail)
            .where(col(OutboxMail.status) != OutboxStatus.pending, or_(*named))
            .values(subject=ERASED_SUBJECT, text_body=ERASED_MAIL, html_body=ERASED_MAIL)
        )
