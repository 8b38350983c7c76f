"""Private pages are not stored (issue 21): every signed-in answer and every token page
is `Cache-Control: no-store`, a token page sends no Referer, and anonymous pages keep
their caching."""

import pytest

from tests.conftest import Client
from tests.factories import make_idea, make_moderator
from tests.pages import soup


@pytest.mark.parametrize(
    "path", ["/settings/email", "/notifications", "/mod/users", "/mod/audit.csv", "/ideas"]
)
def test_signed_in_pages_are_not_stored(app, session, path):
    client = Client(app).login(make_moderator(session))
    make_idea(session)
    for _ in range(2):  # the second /ideas comes from the member page cache
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store"
        assert "cookie" in response.headers["vary"].lower()


@pytest.mark.parametrize(
    "path",
    ["/login/link/some-token", "/password/reset/some-token", "/verify/some-token",
     "/unsubscribe/some-token"],
)  # fmt: skip
def test_token_pages_are_not_stored_and_send_no_referrer(client, path):
    response = client.get(path)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_anonymous_pages_and_static_files_keep_their_caching(app, session, client):
    make_idea(session)
    assert client.get("/ideas").headers["cache-control"] == "no-cache"
    member = Client(app).login(make_moderator(session))
    page = member.get("/ideas")
    css = soup(page).select_one("link[rel=stylesheet]")["href"]
    assert "no-store" not in member.get(css).headers.get("cache-control", "")
