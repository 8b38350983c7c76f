"""Moderators run a round at /mod/rounds: create, edit, open early, extend, close, write
and publish the report; each action audited, each bad form shown again with its input
and errors; members get a 403, visitors the sign-in page."""

from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import AuditEvent, Round, utcnow
from app.services.rounds.curation import local_input
from app.services.rounds.state import RoundState, state_of
from tests.factories import make_moderator, make_round, make_theme, make_user
from tests.pages import field_error, field_value, soup


def _form(theme_slug: str, **changes) -> dict:
    now = utcnow()
    form = {
        "title": "Leaders on less",
        "slug": "",
        "question": "How can the sector keep developing leaders when budgets are cut?",
        "introduction": "We *want* to hear from you.",
        "opens_at": local_input(now + timedelta(days=1)),
        "closes_at": local_input(now + timedelta(days=22)),
        "themes": [theme_slug],
        "hide_counts": "on",
    }
    return {**form, **changes}


def _actions(session) -> list[str]:
    session.expire_all()
    return [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]


def _round(session, slug="leaders-on-less") -> Round:
    session.expire_all()
    return session.exec(select(Round).where(Round.slug == slug)).one()


def test_a_moderator_runs_a_round_from_draft_to_report(client, session):
    theme = make_theme(session)
    client.login(make_moderator(session))

    created = client.submit("/mod/rounds", _form(theme.slug))
    round_ = _round(session)
    assert created.status_code == 303 and created.headers["location"] == f"/mod/rounds/{round_.id}"
    assert state_of(round_) == RoundState.draft and round_.hide_counts
    assert round_.opens_at.tzinfo is not None

    client.submit(f"/mod/rounds/{round_.id}", _form(theme.slug, title="Leaders on less money"))
    client.submit(f"/mod/rounds/{round_.id}/open")
    assert state_of(_round(session)) == RoundState.open
    later = local_input(utcnow() + timedelta(days=40))
    client.submit(f"/mod/rounds/{round_.id}/extend", {"closes_at": later})
    assert local_input(_round(session).closes_at) == later
    client.submit(f"/mod/rounds/{round_.id}/close")
    assert state_of(_round(session)) == RoundState.closed
    client.submit(f"/mod/rounds/{round_.id}/report", {"heard": "Mentoring.", "next_steps": ""})
    published = client.submit(
        f"/mod/rounds/{round_.id}/report",
        {"heard": "Mentoring, mostly.", "next_steps": "A pilot.", "publish": "yes"},
    )

    assert published.headers["location"] == "/rounds/leaders-on-less/report"
    assert state_of(_round(session)) == RoundState.reported
    assert _actions(session) == [
        "round.create", "round.update", "round.open", "round.extend", "round.close",
        "round.report", "round.publish",
    ]  # fmt: skip
    assert client.get("/rounds/leaders-on-less/report").status_code == 200


def test_a_round_form_with_problems_comes_back_with_each_error_and_the_input(client, session):
    theme = make_theme(session)
    client.login(make_moderator(session))

    answer = client.submit(
        "/mod/rounds",
        _form(theme.slug, title="Leaders on less", question="Why?", closes_at="soon", themes=[]),
    )

    page = soup(answer)
    assert answer.status_code == 422
    assert field_error(page, "question") and field_error(page, "closes_at")
    assert page.select_one("#f-themes-error")
    assert field_value(page, "title") == "Leaders on less"
    assert field_value(page, "closes_at") == "soon"
    assert session.exec(select(Round)).all() == []


def test_a_round_closing_before_it_opens_is_refused(client, session):
    theme = make_theme(session)
    client.login(make_moderator(session))
    now = utcnow()
    form = _form(theme.slug, opens_at=local_input(now + timedelta(days=5)),
                 closes_at=local_input(now + timedelta(days=2)))  # fmt: skip

    page = soup(client.submit("/mod/rounds", form))

    assert "close after it opens" in field_error(page, "closes_at")


def test_extending_into_the_past_is_refused_with_the_form_again(client, session):
    round_ = make_round(session, themes=[make_theme(session)])
    client.login(make_moderator(session))

    answer = client.submit(f"/mod/rounds/{round_.id}/extend", {"closes_at": "2020-01-01T09:00"})

    assert answer.status_code == 422
    assert field_error(soup(answer), "extend-closes_at")


def test_closing_a_round_that_is_not_open_is_a_conflict(client, session):
    round_ = make_round(session, themes=[make_theme(session)], opens_in=timedelta(days=3))
    client.login(make_moderator(session))

    assert client.submit(f"/mod/rounds/{round_.id}/close").status_code == 409
    assert _actions(session) == []


def test_publishing_needs_both_texts(client, session):
    round_ = make_round(session, themes=[make_theme(session)], closes_in=timedelta(hours=-1))
    client.login(make_moderator(session))

    answer = client.submit(
        f"/mod/rounds/{round_.id}/report", {"heard": "Lots.", "next_steps": "", "publish": "yes"}
    )

    assert answer.status_code == 422
    assert field_error(soup(answer), "next_steps")
    assert field_value(soup(answer), "heard") == "Lots."


@pytest.mark.parametrize("path", ["/mod/rounds", "/mod/rounds/{id}"])
def test_members_may_not_run_rounds(client, session, path):
    round_ = make_round(session, themes=[make_theme(session)])
    url = path.format(id=round_.id)

    assert client.get(url).status_code == 303  # to sign in
    client.login(make_user(session))
    assert client.get(url).status_code == 403
    assert client.submit(f"/mod/rounds/{round_.id}/close").status_code == 403


def test_a_round_not_open_yet_is_for_moderators_only(client, session):
    round_ = make_round(session, themes=[make_theme(session)], opens_in=timedelta(days=2))

    assert client.get(f"/rounds/{round_.slug}").status_code == 404
    assert round_.title not in client.get("/rounds").text
    client.login(make_moderator(session))
    assert client.get(f"/rounds/{round_.slug}").status_code == 200


def test_an_unpublished_report_is_a_friendly_404(client, session):
    round_ = make_round(session, themes=[make_theme(session)], closes_in=timedelta(hours=-1))

    for suffix in ("", ".csv", ".json"):
        assert client.get(f"/rounds/{round_.slug}/report{suffix}").status_code == 404
    client.login(make_moderator(session))
    assert client.get(f"/rounds/{round_.slug}/report").status_code == 200  # a preview


def test_the_landing_page_leads_with_the_open_round(client, session):
    round_ = make_round(session, themes=[make_theme(session)], closes_in=timedelta(days=3, hours=2))

    lead = soup(client.get("/")).select_one(".round-lead")

    assert round_.question in lead.get_text()
    assert "closes in 3 days" in lead.get_text()
    assert lead.select_one(f"a[href='/rounds/{round_.slug}']")
