"""A member's own account in the browser's terms: profile and profile pages, password,
sessions, API tokens, the data download and erasing the account."""

import io
import zipfile

from sqlmodel import select

from app.models import ApiToken, AuditEvent, User, UserSession, UserState
from app.security import SESSION_COOKIE, token_digest
from app.services.accounts import sessions
from app.services.ideas import votes
from tests.conftest import Client, link_in, send_queued_mail
from tests.factories import PASSWORD, make_comment, make_idea, make_moderator, make_user
from tests.pages import field_error, field_value, is_full_page, soup

NEW_PASSWORD = "a quiet orchard by the canal"


def _member_client(app, session, **kwargs):
    member = make_user(session, **kwargs)
    return member, Client(app).login(member)


def test_the_profile_form_keeps_the_input_and_marks_each_field(app, session):
    member, client = _member_client(app, session)

    bad = client.submit("/settings", {"display_name": "A", "organisation": "", "bio": "Hello"})
    page = soup(bad)

    assert bad.status_code == 422
    assert field_error(page, "display_name") and field_error(page, "organisation")
    assert field_value(page, "bio") == "Hello"
    saved = client.submit(
        "/settings", {"display_name": "Amara O.", "organisation": "Riverside", "bio": "I lead."}
    )
    assert saved.status_code == 303
    session.refresh(member)
    assert (member.display_name, member.organisation, member.bio) == (
        "Amara O.",
        "Riverside",
        "I lead.",
    )


def test_a_profile_shows_ideas_and_comments_never_the_email_and_votes_only_to_its_member(
    app, session
):
    member, own_client = _member_client(app, session, display_name="Amara Okafor")
    idea = make_idea(session, author=member, title="Shared payroll service")
    others = make_idea(session, title="Pooled training budgets")
    make_comment(session, idea=others, author=member, body="It worked in Leeds.")
    votes.cast_vote(session=session, user=member, idea_id=others.id)
    visitor = Client(app).get(f"/members/{member.id}")
    own = own_client.get(f"/members/{member.id}")

    text = soup(visitor).get_text(" ")
    assert visitor.status_code == 200
    assert "Shared payroll service" in text and "It worked in Leeds." in text
    assert member.email not in visitor.text
    assert soup(visitor).find(id="votes") is None
    votes_section = soup(own).find(id="votes").find_parent("section")
    assert "Pooled training budgets" in votes_section.get_text()
    assert Client(app).get(f"/members/{idea.id + 999}").status_code == 404


def test_every_author_name_links_to_their_profile(app, session):
    author = make_user(session, display_name="Amara Okafor")
    commenter = make_user(session, display_name="Dev Patel")
    idea = make_idea(session, author=author)
    make_comment(session, idea=idea, author=commenter)
    client = Client(app)

    listed = soup(client.get("/ideas"))
    detail = soup(client.get(f"/ideas/{idea.id}"))

    profile = f"/members/{author.id}"
    assert listed.select_one(f'.idea-card a[href="{profile}"]').get_text() == "Amara Okafor"
    assert detail.select_one(f'.idea a[href="{profile}"]')
    assert detail.select_one(f'.comment a[href="/members/{commenter.id}"]')


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(app, session):
    member, client = _member_client(app, session)
    elsewhere = sessions.start_session(session=session, user=member, days=1)

    wrong = client.submit(
        "/settings/password", {"current_password": "nope", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 422 and field_error(soup(wrong), "current_password")
    done = client.submit(
        "/settings/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert done.status_code == 303
    assert sessions.user_for_session_token(session=session, token=elsewhere) is None
    assert client.get("/settings/password").status_code == 200  # still signed in here
    session.expire_all()
    assert sessions.authenticate(session=session, email=member.email, password=NEW_PASSWORD)


def test_sessions_are_listed_by_device_and_signed_out_one_or_all(app, session):
    member, client = _member_client(app, session)
    phone = sessions.start_session(
        session=session,
        user=member,
        days=1,
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/131",
    )
    laptop = sessions.start_session(
        session=session, user=member, days=1, user_agent="Mozilla/5.0 (Windows NT 10.0) Firefox/140"
    )

    page = soup(client.get("/settings/sessions"))
    assert {"Chrome on Android", "Firefox on Windows"} <= {
        strong.get_text() for strong in page.select("#session-list strong")
    }
    phone_form = page.find("form", action=f"/settings/sessions/{token_digest(phone)}/end")
    swapped = client.submit(phone_form["action"], htmx=True)
    assert swapped.status_code == 200 and not is_full_page(swapped)
    assert "Chrome on Android" not in swapped.text
    assert sessions.user_for_session_token(session=session, token=phone) is None

    assert client.submit("/settings/sessions/end-others").status_code == 303
    assert sessions.user_for_session_token(session=session, token=laptop) is None
    remaining = session.exec(select(UserSession).where(UserSession.user_id == member.id)).all()
    assert len(remaining) == 1  # this browser


def test_a_member_cannot_end_someone_elses_session(app, session):
    _, client = _member_client(app, session)
    other = make_user(session)
    theirs = sessions.start_session(session=session, user=other, days=1)

    client.submit(f"/settings/sessions/{token_digest(theirs)}/end")

    assert sessions.user_for_session_token(session=session, token=theirs) is not None


def test_a_token_is_shown_once_stored_hashed_and_revocable(app, session):
    member, client = _member_client(app, session)

    refused = client.submit("/settings/tokens", {"name": "", "scope": "moderate"})
    made = client.submit("/settings/tokens", {"name": "Survey analysis", "scope": "read"})

    assert refused.status_code == 422
    refused_page = soup(refused)
    assert field_error(refused_page, "name")
    assert not refused_page.select('input[name=scope][value="moderate"]')  # not for members
    secret = soup(made).find(id="new-token")["value"]
    row = session.exec(select(ApiToken).where(ApiToken.user_id == member.id)).one()
    assert secret.startswith("cg_") and row.token_digest == token_digest(secret)
    assert secret not in client.get("/settings/tokens").text
    assert (
        Client(app).get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).json()["id"]
        == member.id
    )
    assert client.submit(f"/settings/tokens/{row.id}/revoke").status_code == 303
    answer = Client(app).get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 401


def test_download_my_data_is_mailed_and_works_once(app, session, settings, engine, mailbox):
    member, client = _member_client(app, session)
    make_idea(session, author=member, title="Shared payroll service")

    asked = client.submit("/settings/data/export")
    assert asked.status_code == 303
    assert "being prepared" in client.get("/settings/data").text
    send_queued_mail(engine, settings)
    link = link_in(mailbox()[-1], r"https?://\S+/settings/data/download/\S+")
    path = link.removeprefix("http://testserver")

    assert Client(app).get(path).status_code == 303  # sign in first
    download = client.get(path)
    again = client.get(path)

    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert "Shared payroll service" in archive.read("idea.json").decode()
    assert again.status_code == 404
    assert list(settings.export_dir.glob("*.zip")) == []  # deleted once sent


def test_erasing_the_account_needs_the_password_and_signs_out(app, session):
    member, client = _member_client(app, session)
    make_idea(session, author=member)

    wrong = client.submit("/settings/account/delete", {"password": "nope", "content": "erase"})
    assert wrong.status_code == 422 and field_error(soup(wrong), "password")
    assert soup(wrong).select_one('input[name=content][value="erase"]').has_attr("checked")
    done = client.submit("/settings/account/delete", {"password": PASSWORD, "content": "keep"})

    assert done.status_code == 303 and done.headers["location"] == "/"
    assert any(
        header.startswith(f"{SESSION_COOKIE}=") and "Max-Age=0" in header
        for header in done.headers.get_list("set-cookie")
    )
    session.expire_all()
    assert session.get(User, member.id).state == UserState.deleted
    assert client.get("/settings").status_code == 303  # signed out


def test_erasing_by_an_emailed_link_for_who_forgot_the_password(app, session, mailbox):
    member, client = _member_client(app, session)

    client.submit("/settings/account/delete/email")
    link = link_in(mailbox()[-1], r"https?://\S+/settings/account/delete/\S+")
    path = link.removeprefix("http://testserver")
    other = Client(app).login(make_user(session))

    assert other.get(path).status_code == 404  # only for its member
    assert client.get(path).status_code == 200
    assert client.submit(path, {"content": "erase"}).status_code == 303
    session.expire_all()
    assert session.get(User, member.id).state == UserState.deleted
    assert client.get(path).status_code == 303  # signed out; the link is used


def test_a_moderator_erases_an_account_on_request(app, session):
    member = make_user(session)
    moderator = Client(app).login(make_moderator(session))

    assert moderator.get(f"/mod/users/{member.id}/erase").status_code == 200
    done = moderator.submit(f"/mod/users/{member.id}/erase", {"content": "keep"})

    assert done.status_code == 303
    assert session.exec(select(AuditEvent.action)).all() == ["user.erase"]
    by_member = Client(app).login(make_user(session))
    assert by_member.submit(f"/mod/users/{member.id}/erase", {"content": "keep"}).status_code == 403
