"""A member's "download my data": every table that refers to members is in it (the list
is derived from the metadata, so a table added later cannot be forgotten), with the
member's rows and no secrets; it is made by the worker and its mailed link works once."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlmodel import SQLModel, select

from app.models import DataExport, DataExportStatus, Vote
from app.services.accounts import data_export
from app.services.errors import NotFound
from tests.conftest import link_in, send_queued_mail
from tests.factories import make_user
from tests.services.member_world import EMAIL, NAME, NOTE, member_world


def tables_referring_to_members() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"user": {"id"}}
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(key.column.table.name == "user" for key in column.foreign_keys):
                found.setdefault(table.name, set()).add(column.name)
    return found


def test_every_table_and_column_that_refers_to_members_is_exported():
    referring = tables_referring_to_members()

    assert set(referring) == set(data_export.TABLES)
    for table, columns in referring.items():
        exported = set(data_export.TABLES[table])
        left_out = {column for t, column in data_export.NOT_THEIRS if t == table}
        assert columns == exported | left_out, table


def _zip(session, settings, engine, mailbox, member):
    send_queued_mail(engine, settings)
    mail = next(m for m in mailbox() if "Your data" in m["Subject"])
    token = link_in(mail, r"https?://\S+/settings/data/download/\S+").rsplit("/", 1)[1]
    path = data_export.use_download(session=session, settings=settings, user=member, token=token)
    return zipfile.ZipFile(io.BytesIO(path.read_bytes())), token, path


def test_the_download_holds_the_members_rows_of_every_table_and_no_secret(
    session, settings, engine, mailbox
):
    world = member_world(session, settings)

    archive, _, _ = _zip(session, settings, engine, mailbox, world.member)

    names = set(archive.namelist())
    for table in data_export.TABLES:
        assert {f"{table}.json", f"{table}.csv"} <= names, table
    rows = {t: json.loads(archive.read(f"{t}.json")) for t in data_export.TABLES}
    assert rows["user"][0]["email"] == EMAIL and rows["user"][0]["display_name"] == NAME
    assert "password_hash" not in rows["user"][0]
    votes = session.exec(select(Vote).where(Vote.user_id == world.member.id)).all()
    assert sorted(r["idea_id"] for r in rows["vote"]) == sorted(v.idea_id for v in votes)
    assert [r["note"] for r in rows["flag"]] == [NOTE]
    assert len(rows["comment"]) == 2 and len(rows["idea"]) == 1
    token = rows["api_token"][0]
    assert token["name"] == "Qzx survey" and "token_digest" not in token
    everything = b"".join(archive.read(name) for name in names)
    assert world.member.password_hash.encode() not in everything
    # The password reset mail's link is a key to the account: never in the download.
    assert b"/password/reset/" not in everything


def test_the_link_works_once_and_only_for_its_member(session, settings, engine, mailbox):
    member = make_user(session)
    data_export.request_export(session=session, user=member)
    send_queued_mail(engine, settings)
    token = link_in(mailbox()[-1], r"https?://\S+/settings/data/download/\S+").rsplit("/", 1)[1]

    with pytest.raises(NotFound):
        data_export.use_download(session=session, settings=settings, user=make_user(session),
                                 token=token)  # fmt: skip
    path = data_export.use_download(session=session, settings=settings, user=member, token=token)
    assert path.exists()
    with pytest.raises(NotFound):
        data_export.use_download(session=session, settings=settings, user=member, token=token)


def test_an_unused_download_expires_and_its_file_goes(session, settings, engine):
    member = make_user(session)
    data_export.request_export(session=session, user=member)
    send_queued_mail(engine, settings)
    row = session.exec(select(DataExport)).one()
    path = settings.export_dir / row.file_name
    assert path.exists()

    later = row.expires_at + timedelta(minutes=1)
    data_export.prepare_due(session=session, settings=settings, now=later)

    session.refresh(row)
    assert row.status == DataExportStatus.expired and not path.exists()


def test_asking_twice_while_one_is_waiting_makes_one(session):
    member = make_user(session)

    first = data_export.request_export(session=session, user=member)
    second = data_export.request_export(session=session, user=member)

    assert first.id == second.id
