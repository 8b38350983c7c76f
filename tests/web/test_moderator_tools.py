"""Moderators' tools that are safe to use (issue 18): merging by finding the other idea
and choosing the survivor, suspending with a reason, declining with a response, the
pending reports in the header, titles where ids showed."""

from app.models import Idea
from tests.factories import make_idea, make_moderator, make_vote
from tests.pages import soup


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
