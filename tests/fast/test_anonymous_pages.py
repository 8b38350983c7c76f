"""Anonymous pages from the page cache, conditional requests, compression, static
caching, and the query count of list pages."""

from sqlalchemy import text

from app.fast.generation import FileGeneration
from app.security import SESSION_COOKIE
from app.services.ideas import votes
from tests.dbstate import Statements
from tests.factories import make_idea, make_theme, make_user
from tests.pages import soup


def _rename_behind_the_apps_back(engine, idea_id: int, title: str) -> None:
    """A raw write that bypasses the ORM session, so nothing invalidates the cache."""
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE idea SET title = :t WHERE id = :i"), {"t": title, "i": idea_id}
        )


def test_anonymous_pages_come_from_the_cache_until_a_write(client, session, engine):
    idea = make_idea(session, title="Shared payroll service")
    first = client.get("/ideas")
    _rename_behind_the_apps_back(engine, idea.id, "Renamed quietly")

    cached = client.get("/ideas")
    assert cached.text == first.text, "served from the cache"
    assert "Shared payroll service" in cached.text

    voter = make_user(session)  # any write through the app's sessions invalidates
    votes.cast_vote(session=session, user=voter, idea_id=idea.id)
    fresh = client.get("/ideas")
    assert "Renamed quietly" in fresh.text
    assert soup(fresh).select_one(f"#idea-{idea.id} .vote__count strong").get_text() == "1"


def test_a_conditional_request_gets_304(client, session):
    make_idea(session)
    etag = client.get("/ideas").headers["etag"]

    again = client.get("/ideas", headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag


def test_signed_in_members_always_get_a_fresh_page(client, session, engine):
    idea = make_idea(session, title="Shared payroll service")
    member = make_user(session, display_name="Priya Shah")
    client.get("/ideas")  # the anonymous copy is now cached
    _rename_behind_the_apps_back(engine, idea.id, "Renamed quietly")

    client.login(member)
    page = client.get("/ideas")

    assert "Renamed quietly" in page.text and "Priya Shah" in page.text
    assert "etag" not in page.headers


def test_a_members_page_is_never_served_to_anyone_else(app, client, session):
    from tests.conftest import Client

    make_idea(session)
    client.login(make_user(session, display_name="Priya Shah"))
    client.get("/ideas")

    anonymous = Client(app).get("/ideas")
    assert "Priya Shah" not in anonymous.text


def test_a_session_cookie_in_a_second_cookie_header_is_still_seen(app, client, session):
    from tests.conftest import Client

    idea = make_idea(session, title="Shared payroll service")
    member = make_user(session, display_name="Priya Shah")
    token = Client(app).login(member).cookies[SESSION_COOKIE]
    client.get("/ideas")  # the anonymous copy is now cached, after the last write

    page = Client(app).get(
        "/ideas", headers=[("cookie", "theme=dark"), ("cookie", f"{SESSION_COOKIE}={token}")]
    )

    assert "Priya Shah" in page.text and "etag" not in page.headers
    assert f"idea-{idea.id}" in page.text


def test_pages_with_a_form_token_or_a_cookie_are_not_stored(client, session):
    first = client.get("/login")
    second = client.get("/login")

    assert "etag" not in first.headers and "etag" not in second.headers


def test_pages_and_static_files_are_compressed(client, engine):
    page = client.get("/ideas", headers={"Accept-Encoding": "gzip"})
    css = client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})

    assert page.headers["content-encoding"] == "gzip"
    assert css.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in page.headers["vary"].lower()
    assert "<!doctype html>" in page.text.lower()  # httpx has undone the gzip


def test_versioned_static_files_are_cached_for_a_year(client, engine):
    link = soup(client.get("/ideas")).find("link", rel="stylesheet")["href"]

    versioned = client.get(link)
    plain = client.get("/static/app.css")

    assert "?v=" in link
    assert "immutable" in versioned.headers["cache-control"]
    assert plain.headers["cache-control"] == "no-cache"


def test_the_generation_is_shared_between_processes(tmp_path):
    one, other = FileGeneration(tmp_path / "g"), FileGeneration(tmp_path / "g")
    before = other.current()

    one.bump()

    assert other.current() == before + 1


def _queries_for(client, engine, path: str) -> int:
    with Statements(engine) as statements:
        assert client.get(path).status_code == 200
    return len(statements.seen)


def test_list_pages_make_the_same_number_of_queries_at_any_length(client, session, engine):
    theme, author, voter = make_theme(session), make_user(session), make_user(session)
    client.login(voter)
    ideas = [make_idea(session, theme=theme, author=author) for _ in range(3)]
    votes.cast_vote(session=session, user=voter, idea_id=ideas[0].id)
    short = {
        path: _queries_for(client, engine, path)
        for path in ("/ideas", "/", f"/themes/{theme.slug}")
    }

    for _ in range(17):
        make_idea(session, theme=theme, author=author)
    long = {path: _queries_for(client, engine, path) for path in short}

    assert long == short


def test_the_cache_keys_pages_on_every_header_their_answer_depends_on(app, client, session):
    """One history-restore request must not make every visitor's htmx search get the full
    page (issue 21), and an HTTP page must not be served over HTTPS without HSTS."""
    from tests.conftest import Client

    make_idea(session)
    htmx = {"HX-Request": "true", "HX-Target": "idea-results"}
    restore = client.get("/ideas", headers={**htmx, "HX-History-Restore-Request": "true"})
    assert restore.text.lstrip().lower().startswith("<!doctype html")

    fragment = client.get("/ideas", headers=htmx)
    assert not fragment.text.lstrip().lower().startswith("<!doctype html")
    assert soup(fragment).select("article, li") != []

    assert "strict-transport-security" not in client.get("/ideas").headers
    secure = Client(app, base_url="https://testserver")
    assert "strict-transport-security" in secure.get("/ideas").headers
