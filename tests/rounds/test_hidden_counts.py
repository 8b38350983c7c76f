"""A round that hides its totals hides them everywhere a count shows (pages, fragments,
the API, feeds, open data, the insight) until it closes; members still see their own
answers. Every idea here has three votes and two "I disagree"s: none of those totals may
show while the round runs."""

import csv
import io
import json
from datetime import timedelta

import pytest

from app.models import IdeaStatus, InsightIdea, InsightRun, utcnow
from app.services.ideas import votes
from app.services.insight import reading as insight
from tests.factories import make_idea, make_moderator, make_round, make_theme, make_user, make_vote
from tests.pages import soup


@pytest.fixture
def hiding(session):
    """(round, idea, a member who voted for it, the idea's author)."""
    theme = make_theme(session, slug="leaders")
    round_ = make_round(session, themes=[theme], hide_counts=True, slug="leaders-on-less")
    author = make_user(session)
    idea = make_idea(session, theme=theme, author=author, title="A shared coaching pool")
    idea.status = IdeaStatus.planned  # so that the roadmap lists it too
    session.add(idea)
    session.commit()
    voters = [make_vote(session, idea=idea) for _ in range(3)]
    for _ in range(2):
        votes.answer_idea(
            session=session, user=make_user(session), idea_id=idea.id,
            change=votes.Change.disagree,
        )  # fmt: skip
    run = InsightRun(finished_at=utcnow())
    session.add(run)
    session.flush()
    session.add(InsightIdea(run_id=run.id, idea_id=idea.id, supports=3, disagrees=2, passes=0,
                            consensus=0.5, bridging=0.5, spread=0.1, divisive=False))  # fmt: skip
    session.commit()
    return round_, idea, voters[0], author


PAGES = ["/", "/ideas", "/ideas?sort=new", "/themes/leaders", "/rounds/leaders-on-less",
         "/roadmap", "/ideas/{id}", "/members/{author}", "/ideas/{id}/similar"]  # fmt: skip


def _text(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


def _shows_totals(text: str) -> bool:
    return any(total in text for total in ("3 vote", "3 support", "2 disagree"))


def _pages(client, idea, author) -> dict[str, str]:
    found = {}
    for path in PAGES:
        url = path.format(id=idea.id, author=author.id)
        response = client.get(url)
        if response.status_code == 404:
            continue  # a page this forum does not have
        assert response.status_code == 200, url
        found[url] = _text(response)
    return found


@pytest.mark.parametrize("who", ["visitor", "voter", "moderator"])
def test_hidden_totals_show_on_no_page_while_the_round_runs(client, session, hiding, who):
    round_, idea, voter, author = hiding
    if who == "voter":
        client.login(voter)
    elif who == "moderator":
        client.login(make_moderator(session))

    for _ in range(2):  # the second time from the page caches
        for url, text in _pages(client, idea, author).items():
            assert not _shows_totals(text), url
            assert "3 votes" not in text, url


def test_a_member_sees_their_own_vote_but_not_the_total(client, session, hiding):
    _round, idea, voter, _author = hiding
    client.login(voter)

    page = soup(client.get("/ideas"))
    card = page.select_one(f"#idea-{idea.id} .vote")

    assert "vote--voted" in card["class"]
    assert "Total hidden" in card.get_text()


def test_vote_and_stance_fragments_hide_the_totals(client, session, hiding):
    _round, idea, _voter, _author = hiding
    client.login(make_user(session))

    voted = client.submit(f"/ideas/{idea.id}/vote", {"next": f"/ideas/{idea.id}"}, htmx=True)
    unvoted = client.submit(f"/ideas/{idea.id}/unvote", {"next": "/ideas"}, htmx=True)
    stance = client.submit(
        f"/ideas/{idea.id}/stance", {"stance": "disagree", "next": f"/ideas/{idea.id}"}, htmx=True
    )

    for answer in (voted, unvoted, stance):
        assert answer.status_code == 200
        assert not _shows_totals(_text(answer)) and "4 vote" not in _text(answer)
        assert "3 disagree" not in _text(answer)


def test_the_api_gives_no_totals(client, session, hiding):
    _round, idea, _voter, _author = hiding

    listed = client.get("/api/v1/ideas").json()["items"]
    one = client.get(f"/api/v1/ideas/{idea.id}").json()

    assert [item["vote_count"] for item in listed if item["id"] == idea.id] == [None]
    assert one["vote_count"] is None


def test_open_data_and_the_insight_give_no_totals(client, session, settings, hiding):
    _round, idea, _voter, _author = hiding
    client.app.state.settings = settings.model_copy(update={"insight_visibility": "public"})
    client.login(make_moderator(session))

    ideas = list(csv.DictReader(io.StringIO(client.get("/data/ideas.csv").text)))
    votes = list(csv.DictReader(io.StringIO(client.get("/data/votes.csv").text)))
    insight_json = json.loads(client.get("/insight.json").text)
    insight_csv = client.get("/insight.csv").text

    assert [row["vote_count"] for row in ideas if row["id"] == str(idea.id)] == [""]
    assert [row for row in votes if row["idea_id"] == str(idea.id)] == []
    assert [row for row in insight_json["ideas"] if row["id"] == idea.id] == []
    assert "A shared coaching pool" not in insight_csv
    assert not _shows_totals(_text(client.get("/insight")))


def test_the_totals_show_once_the_round_closes(client, session, hiding):
    round_, idea, _voter, author = hiding
    round_.closes_at = utcnow() - timedelta(minutes=1)
    session.add(round_)
    session.commit()

    pages = _pages(client, idea, author)

    assert "3 votes" in pages["/ideas"] and "3 votes" in pages[f"/ideas/{idea.id}"]
    assert "2 disagree" in pages[f"/ideas/{idea.id}"]
    assert client.get(f"/api/v1/ideas/{idea.id}").json()["vote_count"] == 3
    run = insight.latest_finished(session)
    assert [s.id for s in insight.common_ground(session, run.id, limit=5)] in ([], [idea.id])
