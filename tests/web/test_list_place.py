"""The list's address says how many pages it shows, so Back comes to all of them."""

from tests.factories import make_idea, make_theme, make_user
from tests.pages import soup


def test_pages_shows_every_page_loaded_and_load_more_pushes_the_next(client, session):
    theme, author = make_theme(session), make_user(session)
    for n in range(45):
        make_idea(session, theme=theme, author=author, title=f"Idea number {n:02}")

    page = soup(client.get("/ideas?sort=new&pages=2"))

    assert len(page.select("#idea-list > li")) == 40
    more = page.find(id="load-more").a
    assert more["data-hx-push-url"] == "/ideas?sort=new&pages=3"
    assert "pages=3" in more["href"] and "cursor=" in more["href"]
    rest = soup(client.get(more["href"], headers={"HX-Request": "true"}))
    assert len(rest.select("li.idea-card")) == 5


def test_a_wrong_pages_value_shows_the_first_page(client, session):
    make_idea(session)
    for value in ("0", "-1", "x", "99999999999999999999"):
        assert client.get(f"/ideas?pages={value}").status_code == 200
