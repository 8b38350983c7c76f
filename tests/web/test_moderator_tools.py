"""Moderators' tools that are safe to use (issue 18): merging by finding the other idea
and choosing the survivor, suspending with a reason, declining with a response, the
pending reports in the header, titles where ids showed."""

from sqlmodel import select

from app.models import AuditEvent, Idea, User
from tests.conftest import Client
from tests.factories import PASSWORD, make_flag, make_idea, make_moderator, make_user, make_vote
from tests.pages import field_error, soup


def _fresh(session, model, row_id):
    session.expire_all()
    return session.get(model, row_id)


def test_merge_starts_by_finding_the_other_idea_by_its_title(client, session):
    idea = make_idea(session, title="Shared payroll for small charities")
    other = make_idea(session, title="A payroll co-operative for the sector")
    make_idea(session, title="Trustee skills bank")
    client.login(make_moderator(session))

    panel = soup(client.get(f"/ideas/{idea.id}")).select_one(".mod-panel")
    search = panel.find("form", action=f"/mod/ideas/{idea.id}/merge")
    assert search["method"] == "get" and search.find("input", attrs={"name": "q"})
    assert not panel.find("input", attrs={"name": "into"}), "no number to type blind"

    found = soup(client.get(f"/mod/ideas/{idea.id}/merge", params={"q": "payroll"}))

    links = [a.get_text(strip=True) for a in found.select(".merge-candidates a")]
    assert links == [f"Compare with “{other.title}”"], "the idea itself is not offered"
    by_number = soup(client.get(f"/mod/ideas/{idea.id}/merge", params={"q": f"#{other.id}"}))
    assert len(by_number.select(".merge-candidates a")) == 1


def test_merge_shows_both_side_by_side_and_the_moderator_chooses_the_survivor(client, session):
    idea = make_idea(session, title="Shared payroll for small charities")
    other = make_idea(session, title="A payroll co-operative for the sector")
    make_vote(session, idea=idea)
    client.login(make_moderator(session))

    page = soup(client.get(f"/mod/ideas/{idea.id}/merge", params={"other": other.id}))

    sides = page.select(".merge-pair__idea")
    assert [s.h3.get_text(strip=True) for s in sides] == [idea.title, other.title]
    choices = page.select("input[name=survivor]")
    assert {c["value"] for c in choices} == {str(idea.id), str(other.id)}
    assert _fresh(session, Idea, idea.id).status == "open", "nothing changes before the button"

    merged = client.submit(
        f"/mod/ideas/{idea.id}/merge", {"into": str(other.id), "survivor": str(idea.id)}
    )

    assert merged.status_code == 303
    assert _fresh(session, Idea, other.id).merged_into_id == idea.id, "the chosen one survives"
    assert _fresh(session, Idea, idea.id).status == "open"
    flash = soup(client.get(merged.headers["location"])).select_one(".flash").get_text()
    assert f"“{other.title}” into “{idea.title}”" in flash
    assert "#" not in flash


def test_suspending_asks_first_and_for_a_reason_the_member_and_the_log_see(client, session):
    member = make_user(session, email="sam@example.org", display_name="Sam Reed")
    client.login(make_moderator(session))

    row = soup(client.get("/mod/users")).find(id=f"member-{member.id}")
    assert not row.find("form", action=f"/mod/users/{member.id}/suspend"), "no one-click suspend"
    confirm = soup(client.get(row.find("a", href=lambda h: h and "/suspend" in h)["href"]))
    assert confirm.h1.get_text(strip=True) == "Suspend Sam Reed?"
    assert confirm.find("textarea", attrs={"name": "reason"})

    refused = client.submit(f"/mod/users/{member.id}/suspend", {"reason": "  "})
    assert refused.status_code == 422
    assert field_error(soup(refused), "reason")
    assert _fresh(session, User, member.id).state == "active"

    done = client.submit(f"/mod/users/{member.id}/suspend", {"reason": "Repeated spam links."})
    assert done.status_code == 303
    sign_in = Client(client.app).submit(
        "/login", {"email": "sam@example.org", "password": PASSWORD}
    )
    assert sign_in.status_code == 403
    assert "Repeated spam links." in soup(sign_in).get_text()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "user.suspend")).one()
    assert event.after["reason"] == "Repeated spam links."
    log = soup(client.get("/mod/audit")).find(id=f"event-{event.id}")
    assert "Repeated spam links." in log.get_text() and "Member Sam Reed" in log.get_text()


def test_declining_an_idea_requires_a_response(client, session):
    idea = make_idea(session)
    client.login(make_moderator(session))

    bare = client.submit(f"/mod/ideas/{idea.id}/status", {"status": "declined", "response": ""})
    answered = client.submit(
        f"/mod/ideas/{idea.id}/status",
        {"status": "declined", "response": "It needs funding the inquiry cannot commit."},
    )

    assert bare.status_code == 422 and field_error(soup(bare), "mod-response")
    assert answered.status_code == 303
    assert _fresh(session, Idea, idea.id).status == "declined"


def test_the_moderators_header_counts_the_reports_waiting(client, session):
    idea = make_idea(session)
    make_flag(session, idea=idea)
    make_flag(session, idea=make_idea(session))
    client.login(make_moderator(session))

    link = soup(client.get("/ideas")).select_one(".site-nav a[href='/mod']")

    assert link and link.select_one(".count-badge").get_text(" ", strip=True).startswith("2")
    member = Client(client.app).login(make_user(session))
    assert not soup(member.get("/ideas")).select(".site-nav a[href^='/mod']")


def test_flashes_and_the_audit_log_name_ideas_by_title(client, session):
    idea = make_idea(session, title="Shared payroll for small charities")
    client.login(make_moderator(session))

    hidden = client.submit(f"/mod/ideas/{idea.id}/hide")
    flash = soup(client.get(hidden.headers["location"])).select_one(".flash").get_text()
    log = soup(client.get("/mod/audit")).select_one(".audit-table tbody tr")

    assert "Shared payroll for small charities" in flash
    cell = log.find("a", href=f"/ideas/{idea.id}")
    assert cell.get_text(strip=True) == "“Shared payroll for small charities”"
