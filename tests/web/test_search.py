from sqlmodel import select

from app.models import Idea
from tests.factories import make_comment, make_idea, make_theme, make_user
from tests.pages import field_value, is_full_page, soup


def test_search_page_ranks_highlights_and_lists_comments(client, session):
    idea = make_idea(
        session, title="Volunteer mentors for new CEOs", body="Mentoring <em>works</em>."
    )
    other = make_idea(session, title="Pooled training budget", body="Courses.")
    make_comment(session, idea=other, body="A mentoring circle would cost less.")

    response = client.get("/ideas", params={"q": "mentoring"})

    page = soup(response)
    cards = page.select("#idea-list > li")
    assert [card["id"] for card in cards] == [f"idea-{idea.id}"]
    assert cards[0].select_one("h3 a mark").get_text() == "mentors"
    assert field_value(page, "q") == "mentoring"
    hits = page.select(".comment-hits li")
    assert len(hits) == 1 and hits[0].a["href"].startswith(f"/ideas/{other.id}#comment-")
    assert not page.find("em", string="works"), "member text is shown as text"


def test_search_as_you_type_returns_only_the_results(client, session):
    make_idea(session, title="Shared payroll service", body="")

    response = client.get(
        "/ideas", params={"q": "payr"}, headers={"HX-Request": "true", "HX-Target": "idea-results"}
    )

    assert not is_full_page(response)
    page = soup(response)
    assert page.find(id="idea-results").select("#idea-list > li")
    assert page.find(id="announcer").get_text() == "1 idea shown for “payr”."
    assert page.find(id="announcer")["data-hx-swap-oob"] == "innerHTML"


def test_search_with_punctuation_or_another_script_answers_normally(client, engine):
    for query in ['"); DROP TABLE idea; --', "NEAR((", "名前", "*"]:
        response = client.get("/ideas", params={"q": query})
        assert response.status_code == 200
        assert "No ideas match" in response.text


def test_search_within_a_theme_page(client, session):
    theme, elsewhere = make_theme(session), make_theme(session)
    inside = make_idea(session, theme=theme, title="Trustee skills bank", body="")
    make_idea(session, theme=elsewhere, title="Trustee recruitment", body="")

    page = soup(client.get(f"/themes/{theme.slug}", params={"q": "trustee"}))

    assert [li["id"] for li in page.select("#idea-list > li")] == [f"idea-{inside.id}"]


def test_similar_ideas_beside_the_form_and_as_a_page(client, session):
    original = make_idea(session, title="Peer mentoring for new chief executives", body="")
    client.login(make_user(session))

    fragment = client.get(
        "/ideas/similar", params={"title": "Mentoring new chief executives"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    page = client.get("/ideas/similar", params={"title": "Mentoring new chief executives"})

    assert not is_full_page(fragment)
    aside = soup(fragment).find(id="similar-ideas")
    assert aside.find("a", href=f"/ideas/{original.id}")
    assert aside.find("form", action=f"/ideas/{original.id}/vote")
    assert is_full_page(page) and soup(page).find("a", href=f"/ideas/{original.id}")


def test_a_likely_duplicate_asks_before_posting_and_keeps_the_input(client, session):
    theme = make_theme(session)
    original = make_idea(session, theme=theme, title="Peer mentoring for new chief executives")
    client.login(make_user(session))
    form = {
        "title": "Peer mentoring for new chief executives",
        "body": "Mine.",
        "theme": theme.slug,
    }

    asked = client.submit("/ideas", form)

    assert asked.status_code == 200
    page = soup(asked)
    assert page.find(id="duplicates-title").get_text() == "Is yours one of these?"
    assert page.select_one(".duplicates").find("a", href=f"/ideas/{original.id}")
    assert field_value(page, "body") == "Mine."
    assert len(session.exec(select(Idea)).all()) == 1

    posted = client.submit("/ideas", {**form, "confirm": "yes"})
    assert posted.status_code == 303
    assert len(session.exec(select(Idea)).all()) == 2
