"""Mentions: `@` followed by a member's display name, as the comment box completes it.

Display names have spaces and are not unique, so a mention is matched against the
longest display name that follows the `@` (up to five words). When several members share
that name, those who took part in the idea (its author, its commenters) are meant; if
none of them did, all of them are told. Completion suggests members whose name starts
with what follows the last `@` at the end of the text, people in the debate first.
"""

import re
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.models import Comment, Idea, User, UserState

MAX_WORDS = 5
MAX_MENTIONS = 10
SUGGESTIONS = 6
# An @ at the start or after a space or bracket (not inside an email address).
_AT = re.compile(r"(?:^|(?<=[\s(\[]))@(?=\w)")
_TRAILING = re.compile(r"(?:^|(?<=[\s(\[]))@(\w[\w'’.-]*(?: [\w'’.-]*){0,4})$")
_PUNCTUATION = ".,;:!?)]'’\""


@dataclass(frozen=True)
class Suggestion:
    user_id: int
    display_name: str
    organisation: str


def _candidates(text: str) -> list[list[str]]:
    """For each @ in `text`, the names it might start: longest first."""
    found = []
    for match in _AT.finditer(text):
        words = text[match.end() :].split()[:MAX_WORDS]
        names = []
        for count in range(len(words), 0, -1):
            name = " ".join(words[:count]).rstrip(_PUNCTUATION)
            if name:
                names.append(name)
        found.append(names)
    return found[:MAX_MENTIONS]


def _participant_ids(session: Session, idea_id: int) -> set[int]:
    idea = session.get(Idea, idea_id)
    ids = set(session.exec(select(Comment.author_id).where(Comment.idea_id == idea_id)))
    return ids | ({idea.author_id} if idea else set())


def mention_count(text: str) -> int:
    """How many mentions `text` holds (as many as could notify anyone)."""
    return min(len(_AT.findall(text)), MAX_MENTIONS)


def mentioned_user_ids(session: Session, *, text: str, idea_id: int) -> set[int]:
    """The members `text` mentions (active, confirmed members only)."""
    candidates = _candidates(text)
    every_name = {name for names in candidates for name in names}
    if not every_name:
        return set()
    folded = {name.casefold() for name in every_name}
    rows = session.exec(
        select(User.id, User.display_name).where(
            or_(col(User.display_name).in_(every_name), func.lower(User.display_name).in_(folded)),
            User.state == UserState.active,
            col(User.email_verified_at).is_not(None),
        )
    ).all()
    by_name: dict[str, set[int]] = {}
    for user_id, display_name in rows:
        by_name.setdefault(display_name.casefold(), set()).add(user_id)
    participants: set[int] | None = None
    mentioned: set[int] = set()
    for names in candidates:
        for name in names:  # longest first
            ids = by_name.get(name.casefold())
            if not ids:
                continue
            if len(ids) > 1:
                if participants is None:
                    participants = _participant_ids(session, idea_id)
                ids = (ids & participants) or ids
            mentioned |= ids
            break
    return mentioned


def trailing_mention(text: str) -> str | None:
    """What follows the last @ at the very end of `text`, if the text ends in a mention
    being typed."""
    match = _TRAILING.search(text[-80:] if len(text) > 80 else text)
    return match.group(1) if match else None


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def suggest(
    *, session: Session, viewer: User, text: str, idea_id: int | None = None
) -> list[Suggestion]:
    """Members whose name (or a word of it) starts with `text`; the idea's author and
    commenters come first."""
    text = text.strip()
    if not text:
        return []
    prefix = _like_prefix(text.casefold())
    rows = session.exec(
        select(User.id, User.display_name, User.organisation)
        .where(
            or_(
                func.lower(User.display_name).like(prefix, escape="\\"),
                func.lower(User.display_name).like("% " + prefix, escape="\\"),
            ),
            User.state == UserState.active,
            col(User.email_verified_at).is_not(None),
            User.id != viewer.id,
        )
        .order_by(col(User.display_name), col(User.id))
        .limit(50)
    ).all()
    participants = _participant_ids(session, idea_id) if idea_id else set()
    rows = sorted(rows, key=lambda row: (row[0] not in participants, row[1].casefold()))
    return [Suggestion(user_id=r[0], display_name=r[1], organisation=r[2]) for r in rows][
        :SUGGESTIONS
    ]


def complete(text: str, name: str) -> str:
    """`text` with the mention being typed at its end completed to `@name `."""
    partial = trailing_mention(text)
    if partial is None:
        return text
    return text[: len(text) - len(partial) - 1] + "@" + name + " "


def suggest_for_text(
    *, session: Session, viewer: User, text: str, idea_id: int | None = None
) -> list[Suggestion]:
    """Suggestions for the mention being typed at the end of `text`, if any; none once a
    whole name has been followed by a space (the mention is done)."""
    partial = trailing_mention(text)
    if not partial:
        return []
    found = suggest(session=session, viewer=viewer, text=partial, idea_id=idea_id)
    finished = partial.endswith(" ") and any(
        s.display_name.casefold() == partial.strip().casefold() for s in found
    )
    return [] if finished else found
