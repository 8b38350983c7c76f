"""No dead ends for a member who has not confirmed their email yet (issue 18): where they
would act, they are told what is needed and can have the link sent again."""

from tests.factories import make_idea, make_user
from tests.pages import soup


def resend_form(node):
    form = node.find("form", action="/verify-resend")
    assert form, "a resend form is offered here"
    return form


def test_unconfirmed_member_proposing_gets_the_resend_link_not_a_403(client, session):
    client.login(make_user(session, verified=False))

    response = client.get("/ideas/new")

    assert response.status_code == 200
    main = soup(response).find("main")
    assert main.h1.get_text(strip=True) == "Propose an idea"
    form = resend_form(main.select_one(".confirm-first"))
    assert form.find("input", attrs={"name": "next"})["value"] == "/ideas/new"
    assert "Resend the link" in form.button.get_text()
    assert not main.find("form", action="/ideas"), "no form that would end on a 403"


def test_unconfirmed_member_sees_the_resend_link_where_the_debate_is(client, session):
    idea = make_idea(session)
    client.login(make_user(session, verified=False))

    page = soup(client.get(f"/ideas/{idea.id}"))

    form = resend_form(page.find(id="comments"))
    assert form.find("input", attrs={"name": "next"})["value"] == f"/ideas/{idea.id}"
    note = page.select_one(".vote__note a")
    assert note["href"] == "#confirm-email" and page.find(id="confirm-email")


def test_resending_from_the_idea_returns_to_it(client, session, mailbox):
    idea = make_idea(session)
    client.login(make_user(session, verified=False))

    response = client.submit("/verify-resend", {"next": f"/ideas/{idea.id}"})

    assert response.status_code == 303
    assert response.headers["location"] == f"/ideas/{idea.id}"
