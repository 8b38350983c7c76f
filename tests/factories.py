"""Small factories: rows made through the services, with sensible defaults."""

import itertools
from datetime import timedelta
from functools import cache

from sqlmodel import Session

from app.models import (
    Comment,
    EmailToken,
    Idea,
    Role,
    Round,
    RoundTheme,
    Theme,
    TokenPurpose,
    User,
    utcnow,
)
from app.security import hash_password, new_token, token_digest
from app.services.ideas import comments, proposals, votes
from app.services.ideas.proposals import IdeaDraft
from app.services.moderation import flags

_numbers = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_user(
    session: Session,
    *,
    email: str | None = None,
    display_name: str | None = None,
    organisation: str = "Northfield Food Bank",
    role: Role = Role.member,
    verified: bool = True,
    established: bool = False,
) -> User:
    """A member; `established`: confirmed two days ago and has proposed an idea, so their
    reports count towards hiding (app/services/moderation/trust.py)."""
    number = next(_numbers)
    user = User(
        email=email or f"member{number}@example.org",
        display_name=display_name or f"Member {number}",
        organisation=organisation,
        role=role,
        password_hash=_password_hash(),
        email_verified_at=(utcnow() - timedelta(days=2 if established else 0))
        if verified
        else None,
    )
    session.add(user)
    session.commit()
    if established:
        make_idea(session, author=user)
    return user


@cache
def _password_hash() -> str:
    # argon2 is slow on purpose; one hash serves every test member.
    return hash_password(PASSWORD)


def make_theme(session: Session, *, slug: str | None = None, name: str | None = None) -> Theme:
    number = next(_numbers)
    theme = Theme(
        slug=slug or f"theme-{number}",
        name=name or f"Theme {number}",
        description="What the sector could do **together**.",
        position=number,
    )
    session.add(theme)
    session.commit()
    return theme


def make_idea(
    session: Session,
    *,
    author: User | None = None,
    theme: Theme | None = None,
    title: str | None = None,
    body: str = "Pool what we have so that each small charity gets more.",
) -> Idea:
    author = author or make_user(session)
    theme = theme or make_theme(session)
    return proposals.create_idea(
        session=session,
        author=author,
        draft=IdeaDraft(
            title=title or f"Shared mentoring pool number {next(_numbers)}",
            body=body,
            theme=theme.slug,
        ),
    )


def make_comment(
    session: Session,
    *,
    idea: Idea,
    author: User | None = None,
    body: str = "I back this: it worked for us in Leeds.",
    stance: str = "for",
    parent: Comment | None = None,
) -> Comment:
    return comments.add_comment(
        session=session,
        author=author or make_user(session),
        idea_id=idea.id,
        body=body,
        stance=stance,
        parent_id=parent.id if parent else None,
    )


def make_moderator(session: Session, **kwargs) -> User:
    return make_user(session, role=Role.moderator, **kwargs)


def make_admin(session: Session, **kwargs) -> User:
    return make_user(session, role=Role.admin, **kwargs)


def make_vote(session: Session, *, idea: Idea, user: User | None = None) -> User:
    """A vote for `idea`; returns the voter."""
    voter = user or make_user(session)
    votes.cast_vote(session=session, user=voter, idea_id=idea.id)
    return voter


def make_flag(
    session: Session,
    *,
    idea: Idea | None = None,
    comment: Comment | None = None,
    reporter: User | None = None,
    reason: str = "spam",
    note: str = "",
    threshold: int = 3,
) -> flags.FlagOutcome:
    """A report on an idea or a comment, through the service (so it may hide the item)."""
    reporter = reporter or make_user(session, established=True)
    if comment is not None:
        return flags.flag_comment(
            session=session, reporter=reporter, comment_id=comment.id, reason=reason,
            note=note, threshold=threshold,
        )  # fmt: skip
    assert idea is not None
    return flags.flag_idea(
        session=session, reporter=reporter, idea_id=idea.id, reason=reason, note=note,
        threshold=threshold,
    )  # fmt: skip


def make_email_token(
    session: Session,
    user: User,
    purpose: TokenPurpose,
    *,
    new_email: str | None = None,
    lifetime: timedelta = timedelta(minutes=15),
) -> str:
    """A one-time token as a mail would carry it (sign-in, reset, email change)."""
    token = new_token()
    session.add(
        EmailToken(
            user_id=user.id,
            purpose=purpose,
            token_digest=token_digest(token),
            new_email=new_email,
            expires_at=utcnow() + lifetime,
        )
    )
    session.commit()
    return token


def make_round(
    session: Session,
    *,
    themes: list[Theme],
    opens_in: timedelta = timedelta(days=-1),
    closes_in: timedelta = timedelta(days=14),
    hide_counts: bool = False,
    comments_after_close: bool = True,
    slug: str | None = None,
) -> Round:
    """A round over `themes`, open by default (opened a day ago, closing in two weeks)."""
    number = next(_numbers)
    now = utcnow()
    round_ = Round(
        slug=slug or f"round-{number}",
        title=f"Round {number}",
        question="How can the sector keep developing leaders when budgets are cut?",
        introduction="We want to hear **from you**.",
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        hide_counts=hide_counts,
        comments_after_close=comments_after_close,
    )
    session.add(round_)
    session.flush()
    for theme in themes:
        session.add(RoundTheme(round_id=round_.id, theme_id=theme.id))
    session.commit()
    return round_
