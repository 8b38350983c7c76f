"""A member's "download my data" (UK GDPR article 15; ASVS 4.0.3 V8.3.2).

The member asks; a DataExport row is queued, and the worker (app/worker.py) makes the
ZIP in the background, claiming the row with the outbox's lease so several workers never
make the same one. The ZIP holds, for every table that stores something about the
member, a JSON and a CSV file of their rows (`TABLES`: each table with the columns that
tie a row to them; tests/services/test_data_export.py checks against the metadata that
no table referring to members is left out). Secrets are never in it (`LEFT_OUT`). Then
the link is mailed; it works once, for the member signed in, until it expires, and the
file is deleted when it has been downloaded or has expired.
"""

import csv
import io
import json
import logging
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, update
from sqlmodel import Session, SQLModel, col, select

from app.config import Settings
from app.db import lock_row, write_transaction
from app.links import Links
from app.models import DataExport, DataExportStatus, User, utcnow
from app.security import new_token, token_digest
from app.services.accounts.registration import mail_member
from app.services.errors import NotFound
from app.services.moderation.audit import csv_cell
from app.services.notifying import outbox

log = logging.getLogger(__name__)

# Each table that refers to members, with the columns that make a row the member's.
TABLES: dict[str, tuple[str, ...]] = {
    "user": ("id",),
    "user_session": ("user_id",),
    "idea": ("author_id",),
    "vote": ("user_id",),
    "comment": ("author_id",),
    "follow": ("user_id",),
    "notification": ("user_id",),
    "notification_settings": ("user_id",),
    "flag": ("reporter_id", "resolved_by_id"),
    "outbox_mail": ("user_id",),
    "email_token": ("user_id",),
    "merged_vote": ("user_id",),
    "idea_status_change": ("actor_id",),
    "idea_merge": ("actor_id",),
    "duplicate_pair": ("dismissed_by_id",),
    "audit_event": ("actor_id",),
    "api_token": ("user_id",),
    "data_export": ("user_id",),
    "webhook": ("created_by_id",),
    "stance": ("user_id",),
    "segment_answer": ("user_id",),
    "insight_member": ("user_id",),
    "page_agreement": ("user_id",),
    "site_page_version": ("created_by_id",),
}
# Columns that refer to a member but whose rows are someone else's.
NOT_THEIRS = {
    ("notification", "actor_id"): "another member's notification of what this member did; "
    "what they did (the idea, the comment) is in the download",
}
# Never in a download: secrets, and what only makes sense to the server.
LEFT_OUT = {
    "user": {"password_hash"},
    "user_session": {"id"},
    "email_token": {"token_digest", "code_digest"},
    "api_token": {"token_digest"},
    "data_export": {"token_digest", "lease_token", "file_name"},
    "outbox_mail": {"lease_token"},
    "webhook": {"secret"},
}
README = """This is everything {site} stores about you, as of {when} (UTC).

Each file is one table of the forum's database, with only your rows: as JSON
(<table>.json) and as CSV (<table>.csv, for spreadsheets; cells that a spreadsheet
would run as a formula start with an apostrophe). Secrets (your password's hash,
sign-in tokens) are left out.

- user: your account          - idea, comment: what you wrote
- vote, follow: what you backed and follow
- notification, notification_settings, outbox_mail: what we told you, and how
- flag: your reports            - user_session, api_token: where you are signed in
- the rest: what you did as a moderator, if you are one
"""


@dataclass(frozen=True)
class ExportState:
    """What the member's data page shows of their latest request."""

    status: str
    created_at: datetime
    expires_at: datetime | None


def latest_export(*, session: Session, user: User) -> ExportState | None:
    row = session.exec(
        select(DataExport).where(DataExport.user_id == user.id).order_by(col(DataExport.id).desc())
    ).first()
    if row is None:
        return None
    return ExportState(status=row.status, created_at=row.created_at, expires_at=row.expires_at)


def request_export(*, session: Session, user: User) -> DataExport:
    """Queue a download of the member's data; one already waiting is not queued twice."""
    with write_transaction(session):
        waiting = session.exec(
            select(DataExport).where(
                DataExport.user_id == user.id, DataExport.status == DataExportStatus.pending
            )
        ).first()
        if waiting is not None:
            return waiting
        row = DataExport(user_id=user.id, next_attempt_at=utcnow())
        session.add(row)
        outbox.wake_worker_after_commit(session)
    return row


# --- making it (the worker) ------------------------------------------------------------


def prepare_due(*, session: Session, settings: Settings, now: datetime | None = None) -> int:
    """Make the downloads that are due and mail their links; then forget expired ones.
    Returns how many were made."""
    now = now or utcnow()
    made = 0
    for row in outbox.claim(
        session, DataExport, now=now, lease_seconds=settings.mail_lease_seconds, limit=5
    ):
        try:
            name, size = _write_zip(session, settings, row.user_id, now)
        except Exception as error:  # a full disk, say: try again later, then give up
            log.exception("could not make data export %s", row.id)
            failed = row.attempts >= settings.mail_max_attempts
            outbox.record(
                session, DataExport, row, last_error=f"{type(error).__name__}: {error}"[:1000],
                next_attempt_at=now + outbox.backoff(settings.mail_retry_seconds, row.attempts),
                **({"status": DataExportStatus.failed} if failed else {}),
            )  # fmt: skip
            continue
        if _mark_ready(session, settings, row, name, size, now):
            made += 1
        else:
            (settings.export_dir / name).unlink(missing_ok=True)
    _expire(session, settings, now)
    return made


def _mark_ready(
    session: Session, settings: Settings, row: DataExport, name: str, size: int, now: datetime
) -> bool:
    """Record the file and mail the link in one transaction, if our lease still holds."""
    with write_transaction(session):
        current = lock_row(session, DataExport, row.id)
        if current is None or current.lease_token != row.lease_token:
            return False
        user = session.get_one(User, current.user_id)
        token = new_token()
        current.status = DataExportStatus.ready
        current.lease_token = None
        current.token_digest = token_digest(token)
        current.file_name, current.size_bytes = name, size
        current.ready_at = now
        current.expires_at = now + timedelta(hours=settings.data_export_hours)
        session.add(current)
        mail_member(
            session, settings, "data_export", user, link=Links(settings).data_download(token),
            hours=settings.data_export_hours,
        )  # fmt: skip
    return True


def _expire(session: Session, settings: Settings, now: datetime) -> None:
    names = session.exec(
        select(DataExport.id, DataExport.file_name).where(
            DataExport.status == DataExportStatus.ready, col(DataExport.expires_at) <= now
        )
    ).all()
    session.commit()
    if not names:
        return
    with write_transaction(session):
        session.exec(
            update(DataExport)
            .where(col(DataExport.id).in_([row_id for row_id, _ in names]))
            .values(status=DataExportStatus.expired, token_digest=None)
        )
    for _, name in names:
        if name:
            (settings.export_dir / name).unlink(missing_ok=True)


def member_rows(session: Session, user_id: int) -> dict[str, list[dict]]:
    """Every row of every table in TABLES that is the member's, secrets left out."""
    tables = SQLModel.metadata.tables
    found = {}
    for name, columns in TABLES.items():
        table = tables[name]
        query = table.select().where(or_(*(table.c[column] == user_id for column in columns)))
        left_out = LEFT_OUT.get(name, set())
        rows = []
        for row in session.execute(query.order_by(*table.primary_key.columns)).mappings():
            kept = {key: value for key, value in row.items() if key not in left_out}
            if name == "outbox_mail" and row["secret"]:
                kept["text_body"] = kept["html_body"] = outbox.REDACTED
            rows.append(kept)
        found[name] = rows
    session.commit()
    return found


def _write_zip(session: Session, settings: Settings, user_id: int, now: datetime):
    """Write the member's ZIP under the exports folder; (file name, size in bytes)."""
    settings.export_dir.mkdir(parents=True, exist_ok=True)
    name = f"{new_token()}.zip"
    path = settings.export_dir / name
    draft = settings.export_dir / f".{name}.part"
    with zipfile.ZipFile(draft, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(site=settings.site_name, when=now))
        for table, rows in member_rows(session, user_id).items():
            archive.writestr(f"{table}.json", json.dumps(rows, default=_jsonable, indent=1))
            archive.writestr(f"{table}.csv", _csv(table, rows))
    draft.rename(path)
    return name, path.stat().st_size


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _csv(table: str, rows: list[dict]) -> str:
    columns = [
        column.name
        for column in SQLModel.metadata.tables[table].columns
        if column.name not in LEFT_OUT.get(table, set())
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


# --- downloading it --------------------------------------------------------------------


def use_download(*, session: Session, settings: Settings, user: User, token: str) -> Path:
    """The member's ZIP for this link, which is used up by asking; NotFound if it is not
    theirs, used, expired or unknown. The caller deletes the file once it is sent."""
    with write_transaction(session):
        name = session.exec(
            update(DataExport)
            .where(
                col(DataExport.token_digest) == token_digest(token),
                col(DataExport.user_id) == user.id,
                col(DataExport.status) == DataExportStatus.ready,
                col(DataExport.expires_at) > utcnow(),
            )
            .values(status=DataExportStatus.downloaded, downloaded_at=utcnow(), token_digest=None)
            .returning(col(DataExport.file_name))
        ).first()
    path = settings.export_dir / name[0] if name and name[0] else None
    if path is None or not path.exists():
        raise NotFound(
            "This download link has expired or has already been used. Ask for a new one "
            "from your settings."
        )
    return path
