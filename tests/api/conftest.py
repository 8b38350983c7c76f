"""API test set-up: a small forum, and personal tokens of each scope."""

from dataclasses import dataclass

import pytest

from app.models import ApiScope, Idea, User
from app.services.accounts import api_tokens
from tests.factories import make_comment, make_idea, make_moderator, make_theme, make_user


@dataclass
class ApiWorld:
    author: User
    other: User
    moderator: User
    idea: Idea
    others_idea: Idea
    tokens: dict[str, str]

    def auth(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}


def token_for(session, user: User, scope: ApiScope) -> str:
    _, secret = api_tokens.create_token(session=session, user=user, name=scope, scope=scope)
    return secret


@pytest.fixture
def api_world(session) -> ApiWorld:
    theme = make_theme(session, slug="sharing-resources")
    author = make_user(session, display_name="Amara Okafor")
    other = make_user(session, display_name="Dev Patel")
    moderator = make_moderator(session)
    idea = make_idea(session, author=author, theme=theme, title="Shared payroll service")
    others_idea = make_idea(session, author=other, theme=theme, title="Pooled training budgets")
    make_comment(session, idea=others_idea, author=author)
    tokens = {
        "read": token_for(session, author, ApiScope.read),
        "write": token_for(session, author, ApiScope.write),
        "other_write": token_for(session, other, ApiScope.write),
        "moderate": token_for(session, moderator, ApiScope.moderate),
    }
    return ApiWorld(author, other, moderator, idea, others_idea, tokens)
