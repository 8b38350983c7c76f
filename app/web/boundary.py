"""What a request may bring, checked before anything reads it (outside the fast lane).

- A body is at most `max_body_bytes`: a larger Content-Length is refused at once (413),
  and a body that turns out longer stops being read at the limit. Nothing is spooled.
- Only the forms in FILE_FORMS take files (the admins' site settings, for a logo), so
  multipart bodies elsewhere are refused (415) before a parser would write their parts
  to disk; there too the body is capped, and the route cleans its text fields itself.
- A path holding a control character names nothing (404): none of our addresses has one.
- In a query string, a form or a JSON body, control characters but tab and line breaks
  are removed (as app.services.bounds says), so what a member typed is kept and every
  field is safe to store: PostgreSQL cannot even store a NUL. The API refuses them
  instead (400): a program is told, and a value never shrinks under its schema's limits
  after it was checked.
"""

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api import PREFIX as API_PREFIX
from app.api.problems import problem
from app.web.errors import send_error_page

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a form body every control character arrives percent-encoded (or raw).
_FORM_CONTROLS = re.compile(
    rb"%(?:0[0-8bBcC]|0[eEfF]|1[0-9a-fA-F]|7[fF])|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
# In JSON, as a \u00XX escape not itself escaped (an even run of backslashes before it).
_JSON_CONTROLS = re.compile(
    rb"(?<!\\)((?:\\\\)*)\\u00(?:0[0-8bBcC]|0[eEfF]|1[0-9a-fA-F]|7[fF])|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
_FORM = b"application/x-www-form-urlencoded"
_JSON = b"application/json"
_MULTIPART = b"multipart/"
FILE_FORMS = frozenset({"/mod/settings"})
_API_CONTROLS = "Control characters (other than tab and line breaks) are not accepted."


class RequestBoundary:
    """ASGI middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _CONTROL_BYTES.search(scope["path"].encode("utf-8", "surrogateescape")):
            await self._not_found(scope, receive, send)
            return
        is_api = scope["path"].startswith(API_PREFIX + "/")
        if _FORM_CONTROLS.search(scope["query_string"]):
            if is_api:
                await _refuse(scope, receive, send, 400, _API_CONTROLS)
                return
            scope = {**scope, "query_string": _FORM_CONTROLS.sub(b"", scope["query_string"])}
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        content_type, length = b"", None
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value.lower()
            elif name == b"content-length":
                length = value
        if content_type.startswith(_MULTIPART) and scope["path"] not in FILE_FORMS:
            message = "Forms here send text only. Nothing was uploaded."
            await _refuse(scope, receive, send, 415, message)
            return
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            await self._too_large(scope, receive, send)
            return
        body = await _read(receive, self.max_body_bytes)
        if body is None:
            await self._too_large(scope, receive, send)
            return
        if content_type.startswith(_FORM):
            body = _FORM_CONTROLS.sub(b"", body)
        elif content_type.startswith(_JSON):
            if is_api and _JSON_CONTROLS.search(body):
                await _refuse(scope, receive, send, 400, _API_CONTROLS)
                return
            body = _JSON_CONTROLS.sub(rb"\1", body)
        scope = {**scope, "headers": _with_length(scope["headers"], len(body))}
        await self.app(scope, _replay(body, receive), send)

    async def _not_found(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = "There is nothing at this address. It may have moved or been removed."
        await _refuse(scope, receive, send, 404, message)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = max(1, self.max_body_bytes // 1024)
        message = f"That was more than the {limit} KB a form here can take. Nothing was saved."
        await _refuse(scope, receive, send, 413, message)


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """The API's problem document under /api/v1, the site's error page elsewhere."""
    if scope["path"].startswith(API_PREFIX + "/"):
        await problem(status, message)(scope, receive, send)
    else:
        await send_error_page(scope, receive, send, status, message)


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None once it passes `limit` bytes (the rest is never read)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _with_length(headers, length: int) -> list[tuple[bytes, bytes]]:
    kept = [(name, value) for name, value in headers if name != b"content-length"]
    return [*kept, (b"content-length", str(length).encode())]


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # the disconnect, when it comes
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
