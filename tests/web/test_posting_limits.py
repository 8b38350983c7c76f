"""Anti-automation for writing (issue 21): per-member limits on ideas, comments, votes
and stances, reports and mentions; a 429 that keeps what was typed; links from new
members; and reports that count only from established members."""

import pytest
from sqlmodel import select

from app.models import Comment, Flag, Idea, Vote
from tests.conftest import Client, app_for
from tests.factories import make_idea, make_moderator, make_theme, make_user
from tests.pages import soup


@pytest.fixture
def limited_app(settings, engine):
    limited = settings.model_copy(
        update={
            "rate_limits": "on",
            "rate_limit_ideas": "2 per minute; 10 per hour",
            "rate_limit_comments": "3 per minute",
            "rate_limit_votes": "5 per minute",
            "rate_limit_flags": "2 per minute",
            "rate_limit_mentions": "4 per minute",
        }
    )
    with app_for(limited, engine) as app:
        yield app


def _member(app, session, **kwargs):
    member = make_user(session, **kwargs)
    return Client(app).login(member), member


def test_a_member_cannot_post_more_ideas_a_minute_than_the_setting(limited_app, session):
    client, member = _member(limited_app, session, established=True)
    theme = make_theme(session)

    titles = ["Shared minibus pool", "Volunteer training library", "Joint payroll bureau"]

    def post(n):
        draft = {"title": titles[n], "body": f"Details {n}", "theme": theme.slug}
        return client.submit("/ideas", {**draft, "confirm": "yes"})

    answers = [post(n).status_code for n in range(2)]
    refused = post(2)
    assert answers == [303, 303]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    page = soup(refused)
    assert page.select_one("#f-title")["value"] == "Joint payroll bureau", "kept as typed"
    assert "Details 2" in page.select_one("#f-body").get_text()
    assert "faster than the forum takes posts" in page.get_text()
    ideas = session.exec(select(Idea).where(Idea.author_id == member.id)).all()
    assert len(ideas) == 1 + 2  # the one that made them established, and two


def test_a_member_cannot_post_more_comments_a_minute_than_the_setting(limited_app, session):
    client, member = _member(limited_app, session)
    idea = make_idea(session)

    answers = [
        client.submit(
            f"/ideas/{idea.id}/comments", {"body": f"Point {n}", "stance": "for"}
        ).status_code
        for n in range(3)
    ]
    refused = client.submit(
        f"/ideas/{idea.id}/comments", {"body": "Point 3", "stance": "for"}, htmx=True
    )

    assert answers == [303, 303, 303]
    assert refused.status_code == 429
    assert "Point 3" in refused.text, "the comment box keeps what was typed"
    count = len(session.exec(select(Comment).where(Comment.author_id == member.id)).all())
    assert count == 3


def test_votes_and_stances_share_a_limit_in_the_fast_lane_and_the_app(limited_app, session):
    client, member = _member(limited_app, session)
    ideas = [make_idea(session) for _ in range(7)]

    answers = [client.submit(f"/ideas/{idea.id}/vote").status_code for idea in ideas[:4]]
    answers.append(client.submit(f"/ideas/{ideas[4].id}/stance", {"stance": "pass"}).status_code)
    refused = client.submit(f"/ideas/{ideas[5].id}/vote", htmx=True)

    assert answers == [303] * 5
    assert refused.status_code == 429
    assert refused.headers["hx-retarget"] == "#main"
    assert soup(refused).select_one("[role=alert]")
    votes = session.exec(select(Vote).where(Vote.user_id == member.id)).all()
    assert len(votes) == 4


def test_mentions_count_against_their_own_limit(limited_app, session):
    client, _ = _member(limited_app, session)
    idea = make_idea(session)
    many = "Thoughts, @Ann @Bob @Cai @Dee @Eve?"
    assert (
        client.submit(f"/ideas/{idea.id}/comments", {"body": many, "stance": "for"}).status_code
        == 429
    )


def test_reports_are_limited_per_member(limited_app, session):
    client, _ = _member(limited_app, session, established=True)
    ideas = [make_idea(session) for _ in range(3)]
    answers = [
        client.submit(f"/ideas/{idea.id}/flag", {"reason": "spam"}).status_code for idea in ideas
    ]
    assert answers == [303, 303, 429]


def test_three_new_accounts_cannot_hide_an_idea(app, session, mailbox):
    idea = make_idea(session)
    for _ in range(3):
        client, _ = _member(app, session)  # confirmed a moment ago, nothing done yet
        assert client.submit(f"/ideas/{idea.id}/flag", {"reason": "spam"}).status_code == 303

    assert session.get(Idea, idea.id).hidden_at is None
    assert len(session.exec(select(Flag).where(Flag.idea_id == idea.id)).all()) == 3
    assert mailbox() == []


def test_established_members_reports_hide_an_idea_and_tell_the_moderators(app, session, mailbox):
    moderator = make_moderator(session)
    idea = make_idea(session)
    for _ in range(3):
        client, _ = _member(app, session, established=True)
        client.submit(f"/ideas/{idea.id}/flag", {"reason": "abusive"})

    session.expire_all()
    assert session.get(Idea, idea.id).hidden_at is not None
    [mail] = [m for m in mailbox() if m["To"] == moderator.email]
    assert "hid an idea" in mail["Subject"]
    assert "/mod/flags" in mail.get_body(preferencelist=("plain",)).get_content()


def test_a_new_member_can_post_only_a_few_links(client, session):
    new, _ = _member(client.app, session)
    theme = make_theme(session)
    spam = "See https://a.example https://b.example and www.c.example"
    draft = {"title": "Cheap printing for charities", "body": spam, "theme": theme.slug}

    refused = new.submit("/ideas", draft)
    assert refused.status_code == 422
    assert "up to 2 links" in soup(refused).get_text()
    assert soup(refused).select_one("#f-title")["value"] == draft["title"]

    idea = make_idea(session)
    comment = new.submit(f"/ideas/{idea.id}/comments", {"body": spam, "stance": "for"})
    assert comment.status_code == 422

    established, _ = _member(client.app, session, established=True)
    assert established.submit("/ideas", draft).status_code == 303
