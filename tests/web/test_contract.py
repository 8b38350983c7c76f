"""The public web contract (DESIGN.md) for what the core forum provides: every path and
method exists under its documented name, and answers an anonymous visitor sensibly."""

import pytest

from tests.factories import make_idea
from tests.routes import app_routes

CONTRACT = [
    ("GET", "/"),
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/verify/{token}"),
    ("GET", "/ideas"),
    ("GET", "/ideas/new"),
    ("POST", "/ideas"),
    ("GET", "/ideas/{idea_id}"),
    ("GET", "/ideas/{idea_id}/edit"),
    ("POST", "/ideas/{idea_id}/edit"),
    ("POST", "/ideas/{idea_id}/vote"),
    ("POST", "/ideas/{idea_id}/unvote"),
    ("POST", "/ideas/{idea_id}/comments"),
    ("POST", "/comments/{comment_id}/edit"),
    ("POST", "/comments/{comment_id}/delete"),
    ("GET", "/themes"),
    ("GET", "/themes/{slug}"),
    ("GET", "/healthz"),
    # moderation (issue 3)
    ("POST", "/ideas/{idea_id}/flag"),
    ("POST", "/comments/{comment_id}/flag"),
    ("GET", "/roadmap"),
    ("POST", "/mod/ideas/{idea_id}/status"),
    ("POST", "/mod/ideas/{idea_id}/merge"),
    ("POST", "/mod/ideas/{idea_id}/unmerge"),
    ("POST", "/mod/ideas/{idea_id}/hide"),
    ("POST", "/mod/ideas/{idea_id}/restore"),
    ("POST", "/mod/ideas/{idea_id}/pin"),
    ("POST", "/mod/ideas/{idea_id}/unpin"),
    ("POST", "/mod/comments/{comment_id}/hide"),
    ("POST", "/mod/comments/{comment_id}/restore"),
    ("GET", "/mod/flags"),
    ("GET", "/mod/users"),
    ("POST", "/mod/users/{user_id}/suspend"),
    ("POST", "/mod/users/{user_id}/unsuspend"),
    ("POST", "/mod/users/{user_id}/role"),
    ("GET", "/mod/audit"),
    ("POST", "/login/link"),
    ("GET", "/notifications"),
    ("GET", "/feeds/ideas.atom"),
    # where the groups agree (issue 15)
    ("POST", "/ideas/{idea_id}/stance"),
    ("GET", "/insight"),
    ("GET", "/insight.json"),
    ("GET", "/insight.csv"),
    # members' own account and data (issue 19)
    ("GET", "/members/{member_id}"),
    ("POST", "/settings/account/delete"),
    ("GET", "/openapi.json"),
]


def test_every_contract_route_exists(app):
    served = {(method, route.path) for route in app_routes(app) for method in route.methods}

    missing = [entry for entry in CONTRACT if entry not in served]
    assert missing == []


def test_every_route_has_a_name(app):
    assert all(route.name for route in app_routes(app))


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/signup", 200),
        ("/login", 200),
        ("/ideas", 200),
        ("/ideas/new", 303),
        ("/ideas/{id}", 200),
        ("/ideas/{id}/edit", 303),
        ("/themes", 200),
        ("/roadmap", 200),
        ("/verify/not-a-real-token", 404),
        ("/healthz", 200),
        ("/notifications", 303),
        ("/feeds/ideas.atom", 200),
        ("/api/v1/ideas", 200),
        ("/settings", 303),
    ],
)
def test_anonymous_get(client, session, path, status):
    idea = make_idea(session)
    response = client.get(path.replace("{id}", str(idea.id)))

    assert response.status_code == status
    if status == 200 and path.startswith("/api/"):
        assert response.headers["content-type"] == "application/json"
    elif status == 200 and path.endswith(".atom"):
        assert response.headers["content-type"].startswith("application/atom+xml")
    elif status == 200 and path != "/healthz":
        assert response.headers["content-type"].startswith("text/html")
