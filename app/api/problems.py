"""Errors as RFC 9457 problem details (`application/problem+json`): every error the API
answers has a `type`, a `title`, the `status` and a `detail` saying what to do; a form's
problems add `errors`, one message per field. The domain errors of the services map here
once, as app/web/errors.py maps them to pages."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from app.ratelimit import RateLimited
from app.services.errors import AccountSuspended, Conflict, Forbidden, NotFound, ValidationFailed
from app.services.finding.similar import LikelyDuplicates

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Authentication needed",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported body type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Server error",
}
SLUGS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
         405: "method-not-allowed", 409: "conflict", 413: "too-large", 415: "unsupported-type",
         422: "invalid", 429: "too-many-requests",
         500: "server-error"}  # fmt: skip


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(description="a URI reference naming the kind of problem")
    title: str
    status: int
    detail: str
    errors: dict[str, str] | None = Field(
        default=None, description="for an invalid request: what is wrong with each field"
    )
    similar_ids: list[int] | None = Field(
        default=None, description="for a likely duplicate: the ideas it looks like"
    )


# Declared on every operation, so the schema documents every answer.
PROBLEMS = {
    status: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": TITLES[status]}
    for status in (400, 401, 403, 404, 413, 415, 422, 429)
}
CONFLICT = {409: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": TITLES[409]}}


class Unauthorized(Exception):
    """No usable token where one is needed."""


class InsufficientScope(Exception):
    """The token's scope does not allow this."""


def problem(status: int, detail: str, *, headers=None, **extra) -> JSONResponse:
    body = Problem(
        type=f"/api/docs#{SLUGS.get(status, 'problem')}",
        title=TITLES.get(status, "Problem"),
        status=status,
        detail=detail,
        **extra,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, headers=headers,
        media_type=MEDIA_TYPE,
    )  # fmt: skip


def _field(loc: tuple) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def install_problems(api: FastAPI) -> None:
    @api.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound):
        return problem(404, str(error))

    @api.exception_handler(AccountSuspended)
    async def suspended(request: Request, error: AccountSuspended):
        return problem(403, str(error))

    @api.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden):
        return problem(403, str(error))

    @api.exception_handler(InsufficientScope)
    async def scope(request: Request, error: InsufficientScope):
        headers = {"WWW-Authenticate": 'Bearer error="insufficient_scope"'}
        return problem(403, str(error), headers=headers)

    @api.exception_handler(Unauthorized)
    async def unauthorized(request: Request, error: Unauthorized):
        return problem(401, str(error), headers={"WWW-Authenticate": 'Bearer realm="api"'})

    @api.exception_handler(Conflict)
    async def conflict(request: Request, error: Conflict):
        return problem(409, str(error))

    @api.exception_handler(LikelyDuplicates)
    async def duplicates(request: Request, error: LikelyDuplicates):
        return problem(
            409, "This looks like ideas already proposed; back one of those, or send again "
            "with check_duplicates false.", similar_ids=[idea.id for idea in error.ideas],
        )  # fmt: skip

    @api.exception_handler(ValidationFailed)
    async def invalid(request: Request, error: ValidationFailed):
        return problem(422, " ".join(error.errors.values()), errors=error.errors)

    @api.exception_handler(RateLimited)
    async def rate_limited(request: Request, error: RateLimited):
        retry = str(max(1, error.retry_after))
        return problem(429, f"Wait {retry} seconds before trying again.",
                       headers={"Retry-After": retry})  # fmt: skip

    @api.exception_handler(RequestValidationError)
    async def malformed(request: Request, error: RequestValidationError):
        details = error.errors()
        if any(part.get("type") == "json_invalid" for part in details):
            return problem(400, "The body is not valid JSON.")
        if any(part["loc"] and part["loc"][0] == "path" for part in details):
            return problem(404, "There is nothing at this address.")
        errors = {}
        for part in details:
            errors.setdefault(_field(tuple(part["loc"])), part["msg"])
        return problem(422, "Some of what was sent is not in the expected form.", errors=errors)

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        detail = {404: "There is nothing at this address.",
                  405: "This address doesn't take that method."}.get(
            error.status_code, str(error.detail))  # fmt: skip
        return problem(error.status_code, detail, headers=error.headers)

    @api.exception_handler(Exception)
    async def server_error(request: Request, error: Exception):
        log.exception("unhandled API error on %s %s", request.method, request.url.path)
        return problem(500, "We have logged the problem. Please try again shortly.")
