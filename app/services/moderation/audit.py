"""The audit trail: one event for every moderator and admin action, written by the service
that acts, in the same transaction, so an action and its record commit or fail together.

The CSV export escapes cells that a spreadsheet would run as a formula (a cell starting
with `=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe), as OWASP's
"CSV injection" guidance advises: member names and theme names end up in these cells.
"""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from app.models import AuditEvent, Comment, Idea, Theme, User
from app.services.bounds import parse_id
from app.services.errors import ValidationFailed

PAGE_SIZE = 50
EXPORT_BATCH = 500
# The dates the filter takes: the trail starts after the first and the day after the
# last is still a date (9999-12-31 has none).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2999, 12, 31)

# Every action the services record, with how the audit page names it.
ACTIONS = {
    "theme.create": "Created a theme",
    "theme.update": "Edited a theme",
    "theme.reorder": "Reordered a theme",
    "theme.archive": "Archived a theme",
    "theme.unarchive": "Brought back a theme",
    "theme.merge": "Merged a theme into another",
    "theme.move_ideas": "Moved ideas to another theme",
    "idea.status": "Set an idea's status",
    "idea.merge": "Merged an idea into another",
    "idea.unmerge": "Unmerged an idea",
    "idea.hide": "Hid an idea",
    "idea.restore": "Restored an idea",
    "idea.auto_hide": "Hid an idea after reports",
    "idea.pin": "Pinned an idea",
    "idea.unpin": "Unpinned an idea",
    "idea.move": "Moved an idea to another theme",
    "comment.hide": "Hid a comment",
    "comment.restore": "Restored a comment",
    "comment.auto_hide": "Hid a comment after reports",
    "flags.dismiss": "Dismissed reports",
    "duplicates.dismiss": "Marked two ideas as not duplicates",
    "user.suspend": "Suspended a member",
    "user.unsuspend": "Lifted a suspension",
    "user.role": "Changed a member's role",
    "segment.create": "Added a profile question",
    "segment.update": "Edited a profile question",
    "segment.archive": "Archived a profile question",
    "segment.unarchive": "Brought back a profile question",
    "user.erase": "Erased a member's account",
    "webhook.create": "Added a webhook",
    "webhook.update": "Changed a webhook",
    "webhook.delete": "Removed a webhook",
    "round.create": "Created a round",
    "round.update": "Edited a round",
    "round.open": "Opened a round early",
    "round.extend": "Extended a round",
    "round.close": "Closed a round early",
    "round.report": "Saved a round's report",
    "round.publish": "Published a round's report",
    "site.settings": "Changed the site settings",
    "page.publish": "Published a new version of a page",
    "site.first_admin": "Became the first admin with the set-up link",
    # Security events (app/services/accounts/security_events.py), the member's own.
    "security.sign_in": "Signed in",
    "security.sign_in_failed": "Failed to sign in",
    "security.link_sent": "Was sent a sign-in link and code",
    "security.password_reset": "Reset their password",
    "security.locked_out": "Reached the sign-in limits",
}

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = [
    "id",
    "created_at",
    "actor_id",
    "actor_email",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "before",
    "after",
]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    return value


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add the event to the caller's transaction; the caller commits."""
    assert action in ACTIONS, action
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    session.add(event)
    return event


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: datetime
    actor_id: int | None
    actor_email: str | None
    actor_name: str | None
    action: str
    target_type: str
    target_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditRow]
    next_cursor: int | None


def parse_filter(*, actor: str, action: str, date_from: str, date_to: str) -> AuditFilter:
    """The filter from the audit page's query; ValidationFailed names each bad field."""
    errors = {}
    actor_id = None
    if actor:
        actor_id = parse_id(actor)
        if actor_id is None:
            errors["actor"] = "Choose someone from the list."
    if action and action not in ACTIONS:
        errors["action"] = "Choose an action from the list."
    dates = {}
    for field, raw in (("from", date_from), ("to", date_to)):
        if raw:
            try:
                dates[field] = date.fromisoformat(raw)
            except ValueError:
                errors[field] = "Enter a date like 2026-11-27."
                continue
            if not EARLIEST_DATE <= dates[field] <= LATEST_DATE:
                errors[field] = f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}."
    if "from" in dates and "to" in dates and not errors and dates["from"] > dates["to"]:
        errors["to"] = "The end date must be on or after the start date."
    if errors:
        raise ValidationFailed(errors)
    return AuditFilter(
        actor_id=actor_id,
        action=action or None,
        date_from=dates.get("from"),
        date_to=dates.get("to"),
    )


def _query(filters: AuditFilter):
    query = select(
        AuditEvent.id,
        AuditEvent.created_at,
        AuditEvent.actor_id,
        User.email,
        User.display_name,
        AuditEvent.action,
        AuditEvent.target_type,
        AuditEvent.target_id,
        AuditEvent.before,
        AuditEvent.after,
    ).outerjoin(User, col(User.id) == AuditEvent.actor_id)
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.date_from:
        query = query.where(
            col(AuditEvent.created_at) >= datetime.combine(filters.date_from, time(), UTC)
        )
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time(), UTC)
        query = query.where(col(AuditEvent.created_at) < end)
    return query.order_by(col(AuditEvent.id).desc())


def list_events(
    *, session: Session, filters: AuditFilter, before_id: int | None = None, limit: int = PAGE_SIZE
) -> AuditPage:
    """Newest first, a page at a time (keyset on the id, which grows with time)."""
    query = _query(filters).limit(limit + 1)
    if before_id is not None:
        query = query.where(col(AuditEvent.id) < before_id)
    rows = [AuditRow(*row) for row in session.exec(query).all()]
    next_cursor = rows[limit - 1].id if len(rows) > limit else None
    return AuditPage(items=rows[:limit], next_cursor=next_cursor)


def iter_events(*, session: Session, filters: AuditFilter) -> Iterator[AuditRow]:
    """Every matching event, newest first, read in batches so memory stays flat.

    Each batch ends its read transaction before its rows are handed on, so a slow download
    never holds a database connection while it waits to send.
    """
    before_id = None
    while True:
        page = list_events(
            session=session, filters=filters, before_id=before_id, limit=EXPORT_BATCH
        )
        session.commit()
        yield from page.items
        if page.next_cursor is None:
            return
        before_id = page.next_cursor


def target_names(*, session: Session, rows: list[AuditRow]) -> dict[str, str]:
    """What the events are about, by name ("idea:27" -> its title), so that the log reads
    as titles rather than numbers: one query per kind of target on the page."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row.target_id is not None:
            wanted.setdefault(row.target_type, set()).add(row.target_id)
    names: dict[str, str] = {}
    for kind, model, column in (
        ("idea", Idea, Idea.title),
        ("theme", Theme, Theme.name),
        ("user", User, User.display_name),
    ):
        if ids := wanted.get(kind):
            found = session.exec(select(model.id, column).where(col(model.id).in_(ids))).all()
            names.update({f"{kind}:{i}": name for i, name in found})
    if ids := wanted.get("comment"):
        found = session.exec(
            select(Comment.id, Idea.title)
            .join(Idea, col(Idea.id) == Comment.idea_id)
            .where(col(Comment.id).in_(ids))
        ).all()
        names.update({f"comment:{i}": f"Comment on “{title}”" for i, title in found})
    return names


def actors(*, session: Session) -> list[tuple[int, str]]:
    """Everyone who appears in the trail as an actor, for the filter."""
    acting = select(AuditEvent.actor_id).where(col(AuditEvent.actor_id).is_not(None)).distinct()
    rows = session.exec(
        select(User.id, User.display_name, User.email)
        .where(col(User.id).in_(acting))
        .order_by(col(User.display_name))
    ).all()
    return [(user_id, f"{name} ({email})") for user_id, name, email in rows]


# --- CSV -------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """A value as a CSV cell a spreadsheet will show, never run."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    elif isinstance(value, datetime):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_lines(rows: Iterator[AuditRow]) -> Iterator[str]:
    """The header, then one CSV line per event."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield line(CSV_HEADER)
    for row in rows:
        yield line(
            [
                row.id,
                row.created_at,
                row.actor_id,
                row.actor_email,
                row.actor_name,
                row.action,
                row.target_type,
                row.target_id,
                row.before,
                row.after,
            ]
        )
