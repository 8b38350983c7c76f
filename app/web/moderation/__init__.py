"""Moderation pages and actions under /mod, for moderators and admins only.

Every route here hangs off a router made by `mod_router()`, whose dependency,
`require_moderator`, runs before the route: an anonymous visitor is sent to sign in, a
member gets a 403, and neither reaches a service. Role changes add `require_admin`. Each
action is a plain form post answered with a redirect (and a flash), or with the page
again (422) when a field needs fixing; the services record one audit event per action.
"""

from fastapi import APIRouter, Depends, Request

from app.deps import require_admin, require_moderator
from app.services.errors import ValidationFailed
from app.web.templating import local_path

# No form being shown again (see app/web/ideas/idea_page.py, idea_context).
EMPTY_FORM = {"key": None, "values": {}, "errors": {}}


def back_to(request: Request, next: str, route: str, **params) -> str:
    """`next` if it is a page of ours, else the page of `route`."""
    return local_path(next, request.app.url_path_for(route, **params))


def form_again(key: str, values: dict, error: ValidationFailed) -> dict:
    """One form of the idea page shown again with its input and errors."""
    return {"key": key, "values": values, "errors": error.errors}


def mod_router(*, admins_only: bool = False) -> APIRouter:
    """A router for pages under /mod, which only moderators and admins reach (only
    admins, with `admins_only`)."""
    guard = require_admin if admins_only else require_moderator
    return APIRouter(prefix="/mod", dependencies=[Depends(guard)])
