"""Where a comment stands: nobody is counted neutral by not noticing, and a reply's stance
is on the idea (issue 18)."""

import json
from importlib import resources

from sqlmodel import select

from app.models import Comment
from tests.factories import make_comment, make_idea, make_user
from tests.pages import field_value, soup


def stance_inputs(form):
    return {i["value"]: i for i in form.select("input[name=stance]")}


def test_new_comment_form_chooses_no_stance_for_the_member(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    form = soup(client.get(f"/ideas/{idea.id}")).select_one("form.comment-form")

    inputs = stance_inputs(form)
    assert set(inputs) == {"for", "against", "neutral"}
    assert not [value for value, i in inputs.items() if i.has_attr("checked")]
    labels = [label.get_text(" ", strip=True) for label in form.select(".stance-choice label")]
    assert "Just a question / neutral" in labels


def test_comment_without_a_stance_comes_back_asking_for_one(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    response = client.submit(f"/ideas/{idea.id}/comments", {"body": "What would it cost?"})

    assert response.status_code == 422
    fieldset = soup(response).select_one("form.comment-form fieldset.stance-choice")
    error = fieldset.select_one(".field__error")
    assert error and "just a question / neutral" in error.get_text()
    assert fieldset["aria-describedby"] == error["id"]
    assert field_value(soup(response), "new-comment") == "What would it cost?"
    assert session.exec(select(Comment)).first() is None
    session.refresh(idea)
    assert idea.comments_neutral == 0


def test_reply_takes_no_stance_unless_its_author_sets_one(client, session):
    idea = make_idea(session)
    parent = make_comment(session, idea=idea, stance="against")
    client.login(make_user(session))
    page = soup(client.get(f"/ideas/{idea.id}"))
    reply_form = page.find(id=f"comment-{parent.id}").select_one("details.reply form")
    assert "on the idea" in reply_form.legend.get_text()
    assert stance_inputs(reply_form)["none"].has_attr("checked")

    client.submit(
        f"/ideas/{idea.id}/comments", {"body": "Which funders?", "parent_id": str(parent.id)}
    )
    client.submit(
        f"/ideas/{idea.id}/comments",
        {"body": "I back it.", "stance": "for", "parent_id": str(parent.id)},
    )

    silent, backing = session.exec(
        select(Comment).where(Comment.parent_id == parent.id).order_by(Comment.id)
    ).all()
    assert silent.stance == "" and backing.stance == "for"
    session.refresh(idea)
    assert (idea.comments_for, idea.comments_against, idea.comments_neutral) == (1, 1, 0)
    page = soup(client.get(f"/ideas/{idea.id}"))
    assert not page.find(id=f"comment-{silent.id}").select(".badge--stance")
    badge = page.find(id=f"comment-{backing.id}").select_one(".badge--stance")
    assert badge.get_text(strip=True) == "For the idea"


def test_reply_stance_can_be_dropped_again(client, session):
    idea = make_idea(session)
    parent = make_comment(session, idea=idea)
    author = make_user(session)
    reply = make_comment(session, idea=idea, author=author, parent=parent, stance="against")
    client.login(author)

    client.submit(
        f"/comments/{reply.id}/edit", {"body": "On reflection, unsure.", "stance": "none"}
    )

    session.refresh(reply), session.refresh(idea)
    assert reply.stance == ""
    assert idea.comments_against == 0


def test_a_top_level_comment_cannot_drop_its_stance(client, session):
    idea = make_idea(session)
    author = make_user(session)
    comment = make_comment(session, idea=idea, author=author, stance="for")
    client.login(author)

    response = client.submit(f"/comments/{comment.id}/edit", {"body": "Hm.", "stance": "none"})

    assert response.status_code == 422
    session.refresh(comment)
    assert comment.stance == "for"


def test_demo_stances_match_what_the_comments_say():
    content = json.loads(
        resources.files("app.services.demo").joinpath("content.json").read_text("utf-8")
    )
    top_level = {
        c["body"]: c["stance"] for idea in content["ideas"] for c in idea.get("comments", [])
    }
    supportive = [body for body in top_level if body.startswith(("Strongly support", "Supportive"))]
    assert supportive and all(top_level[body] == "for" for body in supportive)
    assert all(top_level.values()), "every top-level comment takes a stance"
    replies = [
        r
        for idea in content["ideas"]
        for c in idea.get("comments", [])
        for r in c.get("replies", [])
    ]
    assert any(not r["stance"] for r in replies), "replies that only answer take no stance"
