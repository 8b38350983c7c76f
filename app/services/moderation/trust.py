"""How far a member's word goes before the forum knows them (Discourse's trust levels,
in two steps): a new member's post may carry only a few links, and only established
members' reports count towards hiding an idea or comment on their own.

Established: a moderator, or an active member whose address was confirmed at least
ESTABLISHED_AFTER ago and who has taken part (an idea, a comment or a vote). Three
accounts made a minute ago can report anything; the moderators see every report, but
only the reports of established members hide it before a moderator looks.
"""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, or_
from sqlmodel import col, select

from app.models import Comment, Idea, Role, User, UserState, Vote, utcnow
from app.services.errors import ValidationFailed

ESTABLISHED_AFTER = timedelta(days=1)
NEW_MEMBER_LINKS = 2

# A link as Markdown would make one: a URL, or www. written out.
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)")


def link_count(text: str) -> int:
    return len(_LINK.findall(text))


def is_new_member(user: User, *, now: datetime | None = None) -> bool:
    if user.role in (Role.moderator, Role.admin):
        return False
    confirmed = user.email_verified_at
    return confirmed is None or _aware(confirmed) > (now or utcnow()) - ESTABLISHED_AFTER


def check_links(user: User, *texts: str, field: str = "body") -> None:
    """Refuse a post from a new member with more links than NEW_MEMBER_LINKS."""
    if is_new_member(user) and sum(link_count(text) for text in texts) > NEW_MEMBER_LINKS:
        raise ValidationFailed(
            {
                field: f"New members can include up to {NEW_MEMBER_LINKS} links in a post. "
                "Remove some, or post them again tomorrow."
            }
        )


def established(reporter_id, *, now: datetime | None = None):
    """A condition on `reporter_id` (a column): the member is established."""
    since = (now or utcnow()) - ESTABLISHED_AFTER
    took_part = or_(
        exists(select(Idea.id).where(Idea.author_id == User.id)),
        exists(select(Comment.id).where(Comment.author_id == User.id)),
        exists(select(Vote.id).where(Vote.user_id == User.id)),
    )
    member = or_(
        col(User.role).in_((Role.moderator, Role.admin)),
        (User.state == UserState.active) & (col(User.email_verified_at) <= since) & took_part,
    )
    return exists(select(User.id).where(User.id == reporter_id, member))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
