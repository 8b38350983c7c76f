"""Writing an idea (issue 18): the limit is said up front, and the details can be
previewed without posting, with or without JavaScript."""

from sqlmodel import select

from app.models import Idea
from tests.factories import make_idea, make_theme, make_user
from tests.pages import field_value, is_full_page, soup


def test_the_details_say_their_limit_before_submitting(client, session):
    make_theme(session)
    client.login(make_user(session))

    page = soup(client.get("/ideas/new"))

    box = page.find(id="f-body")
    count = page.find(id="f-body-count")
    assert box["data-maxchars"] == "10000"
    assert count.get_text(strip=True) == "You can enter up to 10,000 characters"
    assert "f-body-count" in box["aria-describedby"].split()


def test_preview_without_javascript_brings_the_form_back_rendered_and_posts_nothing(
    client, session
):
    theme = make_theme(session)
    client.login(make_user(session))
    draft = {"title": "Shared payroll", "body": "It **saves** money.", "theme": theme.slug}

    response = client.submit("/ideas", {**draft, "preview": "yes"})

    assert response.status_code == 200
    preview = soup(response).find(id="idea-preview")
    assert preview.find("strong").get_text() == "saves"
    assert field_value(soup(response), "title") == "Shared payroll"
    assert session.exec(select(Idea)).first() is None


def test_preview_with_htmx_answers_the_rendered_details_alone(client, session):
    client.login(make_user(session))

    response = client.submit("/preview", {"body": "A *list*:\n\n- one"}, htmx=True)

    assert response.status_code == 200 and not is_full_page(response)
    preview = soup(response).find(id="idea-preview")
    assert preview.find("em").get_text() == "list" and preview.find("li")


def test_an_idea_page_offers_its_link_to_share_without_javascript(client, session):
    idea = make_idea(session)

    share = soup(client.get(f"/ideas/{idea.id}")).select_one("section.share")

    link = share.find("input", id=f"share-link-{idea.id}")
    assert link["value"].endswith(f"/ideas/{idea.id}") and link.has_attr("readonly")
    assert share.find("a", href=lambda h: h and h.startswith("mailto:"))
    assert share.find("button", attrs={"data-copy": f"share-link-{idea.id}"}).has_attr("hidden")
