"""Following ideas and themes.

A member follows an idea by pressing Follow, or by proposing, voting on or commenting on
it (each of those can be switched off in their notification settings). Unfollowing is
remembered (`unfollowed_at`), so a later vote or comment does not follow the idea again;
only pressing Follow does. Who follows what decides who hears of status changes and of
new ideas in a theme (`app.services.notifications`).
"""

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import Follow, Idea, NotificationSettings, Theme, User, utcnow
from app.services.errors import Forbidden, NotFound

AutoFollowReason = Literal["propose", "vote", "comment"]


@dataclass(frozen=True)
class FollowState:
    following: bool


def _insert(session: Session):
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _target(idea_id: int | None, theme_id: int | None) -> tuple[list[str], dict]:
    if idea_id is not None:
        return ["user_id", "idea_id"], {"idea_id": idea_id}
    return ["user_id", "theme_id"], {"theme_id": theme_id}


def _set_follow(
    session: Session, user_id: int, *, following: bool, idea_id=None, theme_id=None
) -> None:
    """Follow or unfollow, whatever the row said before (an explicit choice)."""
    conflict, target = _target(idea_id, theme_id)
    unfollowed_at = None if following else utcnow()
    session.exec(
        _insert(session)(Follow)
        .values(user_id=user_id, created_at=utcnow(), unfollowed_at=unfollowed_at, **target)
        .on_conflict_do_update(index_elements=conflict, set_={"unfollowed_at": unfollowed_at})
    )


def auto_follow_statement(dialect_name: str, reason: AutoFollowReason):
    """Follow an idea the member acted on, unless their settings say not to or they have
    unfollowed it before: one INSERT taking `user_id`, `idea_id` and `now` (also run raw,
    by the votes service)."""
    user_id, now = bindparam("user_id", 0), bindparam("now", utcnow())
    switched_off = select(NotificationSettings.user_id).where(
        NotificationSettings.user_id == user_id,
        col(getattr(NotificationSettings, f"follow_on_{reason}")).is_(False),
    )
    insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
    wanted = select(user_id, bindparam("idea_id", 0), now).where(~switched_off.exists())
    return (
        insert(Follow)
        .from_select(["user_id", "idea_id", "created_at"], wanted)
        .on_conflict_do_nothing(index_elements=["user_id", "idea_id"])
    )


def auto_follow_idea(
    session: Session, *, user_id: int, idea_id: int, reason: AutoFollowReason
) -> None:
    """See `auto_follow_statement`. Part of the caller's transaction."""
    connection = session.connection()  # Core: parameters, not ORM rows
    statement = auto_follow_statement(connection.dialect.name, reason)
    connection.execute(statement, {"user_id": user_id, "idea_id": idea_id, "now": utcnow()})


def _require_verified(user: User) -> None:
    if not user.is_verified:
        raise Forbidden("Confirm your email address to follow ideas and themes.")


def _shown_idea(session: Session, idea_id: int) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None or idea.hidden_at is not None:
        raise NotFound("There is no idea at this address. It may have been removed.")
    return idea


def _theme(session: Session, slug: str) -> Theme:
    theme = session.exec(select(Theme).where(Theme.slug == slug)).first()
    if theme is None:
        raise NotFound("There is no theme at this address.")
    return theme


def follow_idea(*, session: Session, user: User, idea_id: int) -> FollowState:
    _require_verified(user)
    with write_transaction(session):
        _shown_idea(session, idea_id)
        _set_follow(session, user.id, following=True, idea_id=idea_id)
    return FollowState(following=True)


def unfollow_idea(*, session: Session, user: User, idea_id: int) -> FollowState:
    with write_transaction(session):
        _shown_idea(session, idea_id)
        _set_follow(session, user.id, following=False, idea_id=idea_id)
    return FollowState(following=False)


def follow_theme(*, session: Session, user: User, slug: str) -> Theme:
    _require_verified(user)
    with write_transaction(session):
        theme = _theme(session, slug)
        if theme.archived_at is not None:
            raise Forbidden("This theme is archived: there is nothing new to follow.")
        _set_follow(session, user.id, following=True, theme_id=theme.id)
    return theme


def unfollow_theme(*, session: Session, user: User, slug: str) -> Theme:
    with write_transaction(session):
        theme = _theme(session, slug)
        _set_follow(session, user.id, following=False, theme_id=theme.id)
    return theme


def _active(query):
    return query.where(col(Follow.unfollowed_at).is_(None))


def following_idea_query(user_id, idea_id):
    """A row if the member follows the idea (also run raw by the vote fast path)."""
    return _active(select(Follow.id).where(Follow.user_id == user_id, Follow.idea_id == idea_id))


def follows_idea(*, session: Session, user: User | None, idea_id: int) -> bool:
    if user is None:
        return False
    return session.exec(following_idea_query(user.id, idea_id)).first() is not None


def follows_theme(*, session: Session, user: User | None, theme_id: int) -> bool:
    if user is None:
        return False
    query = select(Follow.id).where(Follow.user_id == user.id, Follow.theme_id == theme_id)
    return session.exec(_active(query)).first() is not None


def idea_follower_ids(session: Session, idea_id: int) -> list[int]:
    return list(session.exec(_active(select(Follow.user_id).where(Follow.idea_id == idea_id))))


def theme_follower_ids(session: Session, theme_id: int) -> list[int]:
    return list(session.exec(_active(select(Follow.user_id).where(Follow.theme_id == theme_id))))


def unfollowed_idea(session: Session, *, user_id: int, idea_id: int) -> bool:
    """Whether the member said they no longer want to hear about this idea."""
    return (
        session.exec(
            select(Follow.id).where(
                Follow.user_id == user_id,
                Follow.idea_id == idea_id,
                col(Follow.unfollowed_at).is_not(None),
            )
        ).first()
        is not None
    )


def move_idea_followers(session: Session, *, from_idea_id: int, to_idea_id: int) -> None:
    """After a merge, the merged idea's followers follow the survivor (unless they chose
    to unfollow it before). Part of the caller's transaction."""
    for user_id in idea_follower_ids(session, from_idea_id):
        session.exec(
            _insert(session)(Follow)
            .values(user_id=user_id, idea_id=to_idea_id, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["user_id", "idea_id"])
        )


@dataclass(frozen=True)
class Followed:
    """What a member follows, for their settings page."""

    themes: list[Theme]
    ideas: list[tuple[int, str]]
    more_ideas: bool


def followed_by(*, session: Session, user: User, idea_limit: int = 50) -> Followed:
    themes = session.exec(
        _active(select(Theme).join(Follow, col(Follow.theme_id) == Theme.id))
        .where(Follow.user_id == user.id)
        .order_by(col(Theme.position), col(Theme.name))
    ).all()
    ideas = session.exec(
        _active(select(Idea.id, Idea.title).join(Follow, col(Follow.idea_id) == Idea.id))
        .where(Follow.user_id == user.id, col(Idea.hidden_at).is_(None))
        .order_by(col(Follow.created_at).desc(), col(Follow.id).desc())
        .limit(idea_limit + 1)
    ).all()
    return Followed(
        themes=list(themes),
        ideas=[(row[0], row[1]) for row in ideas[:idea_limit]],
        more_ideas=len(ideas) > idea_limit,
    )
