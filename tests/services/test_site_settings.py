"""Site-wide changes made twice at once: the settings' first save by two admins, and two
set-up links used together (app/services/site/settings.py, first_admin.py)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

from sqlmodel import select

from app.db import open_session
from app.models import Role, SiteSettings, User
from app.services.errors import NotFound
from app.services.site import first_admin
from app.services.site import settings as site_settings
from tests.factories import PASSWORD, make_admin

HOLD = 2.0  # seconds the first to look waits for the other to look too


def test_two_first_saves_at_once_both_succeed_one_after_the_other(
    session, engine, settings, monkeypatch
):
    admins = [make_admin(session), make_admin(session)]
    session.commit()
    # Hold each save just after it looked for the row, until the other has looked too:
    # without a row made first, both see none and both insert it (a unique error on
    # PostgreSQL). Where the saves queue (SQLite's write lock, or the row's lock) the
    # other never arrives, and the first goes on after HOLD.
    both_looked = threading.Barrier(2, timeout=HOLD)
    looked = site_settings.lock_row

    def look_then_wait(*args, **kwargs):
        row = looked(*args, **kwargs)
        with suppress(threading.BrokenBarrierError):
            both_looked.wait()
        return row

    monkeypatch.setattr(site_settings, "lock_row", look_then_wait)

    def save(admin_id: int, name: str) -> None:
        with open_session(engine) as own:
            admin = own.get(type(admins[0]), admin_id)
            site_settings.update_settings(
                session=own, settings=settings, actor=admin,
                draft=site_settings.SettingsDraft(name=name),
            )  # fmt: skip

    with ThreadPoolExecutor(max_workers=2) as pool:
        saves = [pool.submit(save, a.id, f"Forum {n}") for n, a in enumerate(admins)]
        for done in saves:
            done.result()  # raises what the save raised

    session.expire_all()
    (row,) = session.exec(select(SiteSettings)).all()
    assert row.name in ("Forum 0", "Forum 1")


def test_two_set_ups_at_once_make_one_admin(session, engine, settings, monkeypatch):
    # Each set-up waits, once it found no admin and is about to make one, for the other to
    # get as far: on PostgreSQL without a common lock both would (two admins).
    both_checked = threading.Barrier(2, timeout=HOLD)
    create = first_admin.registration.create_user

    def check_then_create(**kwargs):
        with suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return create(**kwargs)

    monkeypatch.setattr(first_admin.registration, "create_user", check_then_create)
    token = first_admin.setup_link(settings=settings).rsplit("/", 1)[1]

    def set_up(n: int) -> str:
        with open_session(engine) as own:
            try:
                first_admin.create_first_admin(
                    session=own, settings=settings, token=token, email=f"admin{n}@example.org",
                    password=PASSWORD, display_name=f"Admin {n}", organisation="Independent",
                )  # fmt: skip
            except NotFound:
                return "refused"
            return "made"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(set_up, range(2)))

    assert outcomes == ["made", "refused"]
    assert len(session.exec(select(User).where(User.role == Role.admin)).all()) == 1
