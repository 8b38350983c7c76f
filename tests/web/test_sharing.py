"""The inquiry's data for people: open-data files (who may download them, pseudonyms,
formula-safe cells, nothing hidden), and the API's schema and reference page."""

import csv
import io
import json

import pytest

from app.services.ideas import votes
from app.services.moderation import hiding
from tests.conftest import Client
from tests.factories import make_comment, make_idea, make_moderator, make_user
from tests.pages import soup


@pytest.fixture
def data(session):
    author = make_user(session, display_name="=HYPERLINK(evil)")
    moderator = make_moderator(session)
    shown = make_idea(session, author=author, title="=cmd|' /C calc'!A0 idea")
    hidden = make_idea(session, author=author, title="A hidden idea entirely")
    make_comment(session, idea=shown, author=author, body="@SUM(1+1) says I")
    for voter in (author, moderator):
        votes.cast_vote(session=session, user=voter, idea_id=shown.id)
    votes.cast_vote(session=session, user=author, idea_id=hidden.id)
    hiding.hide_idea(session=session, actor=moderator, idea_id=hidden.id)
    return {"author": author, "moderator": moderator, "shown": shown, "hidden": hidden}


def test_open_data_is_for_moderators_unless_the_site_opens_it(app, session, data):
    assert Client(app).get("/data/ideas.csv").status_code == 303  # sign in
    assert Client(app).login(make_user(session)).get("/data/ideas.csv").status_code == 403
    assert Client(app).login(data["moderator"]).get("/data").status_code == 200
    assert Client(app).login(data["moderator"]).get("/data/nope.xml").status_code == 404

    app.state.settings = app.state.settings.model_copy(update={"open_data": "everyone"})
    assert Client(app).get("/data/themes.json").status_code == 200


def test_cells_are_formula_safe_and_hidden_ideas_left_out(app, data):
    client = Client(app).login(data["moderator"])

    ideas = list(csv.DictReader(io.StringIO(client.get("/data/ideas.csv").text)))
    comments = list(csv.DictReader(io.StringIO(client.get("/data/comments.csv").text)))

    assert [row["title"] for row in ideas] == ["'=cmd|' /C calc'!A0 idea"]
    assert comments[0]["body"] == "'@SUM(1+1) says I"
    assert "HYPERLINK" not in client.get("/data/ideas.csv").text  # members are pseudonyms


def test_votes_name_members_by_a_pseudonym_made_afresh_for_each_download(app, data):
    client = Client(app).login(data["moderator"])

    first = json.loads(client.get("/data/votes.json").text)
    second = json.loads(client.get("/data/votes.json").text)

    assert [vote["idea_id"] for vote in first] == [data["shown"].id] * 2  # not the hidden one
    members = [vote["member"] for vote in first]
    assert len(set(members)) == 2 and all(len(m) == 16 for m in members)
    assert set(members).isdisjoint(vote["member"] for vote in second)
    assert str(data["author"].id) not in members


def test_the_schema_documents_the_api_and_only_the_api(client):
    schema = client.get("/openapi.json").json()

    assert schema["paths"] and all(path.startswith("/api/v1/") for path in schema["paths"])
    assert "/api/v1/ideas" in schema["paths"]
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_the_api_reference_lists_every_operation(client):
    schema = client.get("/openapi.json").json()
    page = soup(client.get("/api/docs"))

    documented = {h3.get_text(" ", strip=True) for h3 in page.select(".api-op h3 code")}
    for path, item in schema["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in documented
