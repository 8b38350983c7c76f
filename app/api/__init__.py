"""The JSON API, `/api/v1`: the same services as the pages, pydantic in and out.

It is an application of its own, mounted by app/main.py: its own dependencies (a bearer
token, never the session cookie, so no CSRF), its own errors (RFC 9457 problem details),
and its own OpenAPI schema, which main.py serves at `/openapi.json` with full paths, so
the schema documents exactly the API. `/api/docs` renders it for people.
"""

from fastapi import FastAPI

from app.api import catalogue, ideas, members, moderation
from app.api.problems import PROBLEMS, install_problems

PREFIX = "/api/v1"
VERSION = "1.0.0"
DESCRIPTION = """The inquiry's ideas, debate, votes, themes and official answers, as JSON.

Reading needs no token where the site is public (as the pages). To write, send a personal
API token (Settings › API tokens) as `Authorization: Bearer <token>`. Its scope says what
it may do: `read`, `write` (propose, edit, comment, vote), `moderate` (moderators only).
Every rule of the pages holds here too. Errors are RFC 9457 problem details.
"""


def create_api(*, state: dict) -> FastAPI:
    """The API application; `state` is what its routes read (settings, engine, limiter),
    shared with the app that mounts it."""
    api = FastAPI(
        title="Common Ground API",
        version=VERSION,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        responses=PROBLEMS,
    )
    for name, value in state.items():
        setattr(api.state, name, value)
    for module in (ideas, catalogue, members, moderation):
        api.include_router(module.router)
    install_problems(api)
    return api


def openapi_schema(api: FastAPI) -> dict:
    """The API's schema with each path as the world sees it (under PREFIX)."""
    if not getattr(api.state, "schema", None):
        schema = dict(api.openapi())
        schema["paths"] = {PREFIX + path: item for path, item in schema["paths"].items()}
        for item in schema["paths"].values():
            # Reads need no token where the site is public: the token is optional there.
            if "get" in item and "security" in item["get"]:
                item["get"]["security"] = [{}, *item["get"]["security"]]
        api.state.schema = schema
    return api.state.schema
