"""Suspending members and changing roles through the pages."""

import re

from sqlmodel import select

from app.models import User
from app.security import SESSION_COOKIE
from tests.conftest import Client
from tests.factories import PASSWORD, make_admin, make_idea, make_moderator, make_user
from tests.pages import field_error, field_value, soup


def _fresh(session, model, row_id):
    session.expire_all()
    return session.get(model, row_id)


def _sign_in(app, email: str, password: str):
    return Client(app).submit("/login", {"email": email, "password": password})


def test_a_suspended_members_open_session_gets_a_403_on_its_next_request(client, session):
    member = make_user(session, email="sam@example.org")
    idea = make_idea(session)
    member_client = Client(client.app).login(member)
    assert member_client.get("/ideas/new").status_code == 200
    client.login(make_moderator(session))

    suspended = client.submit(
        f"/mod/users/{member.id}/suspend", {"next": "/mod/users?q=sam", "reason": "Spam links"}
    )

    assert suspended.status_code == 303
    assert suspended.headers["location"] == "/mod/users?q=sam"
    next_request = member_client.submit(f"/ideas/{idea.id}/vote")
    assert next_request.status_code == 403
    assert "Your account is suspended" in soup(next_request).get_text()
    assert _fresh(session, type(idea), idea.id).vote_count == 0
    # The 403 also clears the cookie, so the browser is a visitor from then on.
    cleared = next_request.headers["set-cookie"]
    assert f'{SESSION_COOKIE}=""' in cleared and "Max-Age=0" in cleared


def test_a_suspended_member_cannot_sign_in_and_only_the_password_holder_learns_why(client, session):
    member = make_user(session, email="sam@example.org")
    client.login(make_moderator(session))
    client.submit(f"/mod/users/{member.id}/suspend", {"reason": "Spam links"})

    right = _sign_in(client.app, "sam@example.org", PASSWORD)
    wrong = _sign_in(client.app, "sam@example.org", "not the password")
    unknown = _sign_in(client.app, "nobody@example.org", "not the password")

    assert right.status_code == 403
    assert "Your account is suspended" in soup(right).get_text()
    assert not re.search(rf"{SESSION_COOKIE}=[^\";]", right.headers.get("set-cookie", ""))
    assert wrong.status_code == unknown.status_code == 422
    assert (
        soup(wrong).select_one(".error-summary").get_text()
        == soup(unknown).select_one(".error-summary").get_text()
    )

    client.submit(f"/mod/users/{member.id}/unsuspend")
    assert _sign_in(client.app, "sam@example.org", PASSWORD).status_code == 303


def test_a_moderator_cannot_act_on_an_admin_or_change_roles(client, session):
    admin = make_admin(session)
    member = make_user(session)
    client.login(make_moderator(session))

    assert client.submit(f"/mod/users/{admin.id}/suspend").status_code == 403
    assert client.submit(f"/mod/users/{member.id}/role", {"role": "admin"}).status_code == 403
    page = soup(client.get("/mod/users"))

    assert _fresh(session, User, admin.id).state == "active"
    assert _fresh(session, User, member.id).role == "member"
    assert page.find(id=f"member-{admin.id}").find("form") is None
    suspend = page.find(id=f"member-{member.id}").find("a")["href"]
    assert suspend.split("?")[0].endswith("/suspend")
    assert page.select_one("select[name=role]") is None


def test_an_admin_changes_a_role_and_the_last_admin_is_kept(client, session):
    admin, member = make_admin(session), make_user(session)
    client.login(admin)

    promoted = client.submit(f"/mod/users/{member.id}/role", {"role": "moderator"})
    last = client.submit(f"/mod/users/{admin.id}/role", {"role": "member"})
    nonsense = client.submit(f"/mod/users/{member.id}/role", {"role": "owner"})

    assert promoted.status_code == 303
    assert _fresh(session, User, member.id).role == "moderator"
    assert last.status_code == nonsense.status_code == 422
    assert "last admin" in field_error(soup(last), f"role-{admin.id}")
    assert field_value(soup(nonsense), f"role-{member.id}") == ""
    assert field_error(soup(nonsense), f"role-{member.id}") == "Choose member, moderator or admin."
    assert _fresh(session, User, admin.id).role == "admin"


def test_the_member_list_searches_and_pages(client, session):
    for number in range(55):
        make_user(session, display_name=f"Searchable person {number:02}")
    make_user(session, display_name="Priya Shah", organisation="Leeds Mind")
    client.login(make_moderator(session))

    first = soup(client.get("/mod/users"))
    found = soup(client.get("/mod/users?q=leeds"))
    second = soup(client.get(first.find("a", string="More members")["href"]))

    rows = lambda page: [tr["id"] for tr in page.select("tbody tr")]  # noqa: E731
    assert len(rows(first)) == 50
    assert len(set(rows(first)) | set(rows(second))) == len(session.exec(select(User)).all())
    assert [tr.th.get_text(" ", strip=True).split(" ")[:2] for tr in found.select("tbody tr")] == [
        ["Priya", "Shah"]
    ]
    assert field_value(found, "q") == "leeds"
