"""Opaque page cursors ("continue after this") shared by every keyset-paginated list."""

import base64
import json
import math
from typing import Any

from app.services.bounds import MAX_CURSOR_LENGTH, MAX_ID
from app.services.errors import ValidationFailed


class InvalidCursor(ValidationFailed):
    def __init__(self) -> None:
        super().__init__({"cursor": "This page link is not valid. Start again from the list."})


def encode_cursor(kind: str, *values: Any) -> str:
    """An opaque "continue after this" token: the sort it belongs to and its key."""
    raw = json.dumps([kind, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, length: int) -> list[Any]:
    """The key in a cursor of `kind`; InvalidCursor if it is anything else: too long, not
    a flat list, or holding a number no column of ours could (checked before any query,
    since a database may not even compare it)."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise InvalidCursor() from error
    if not isinstance(values, list) or len(values) != length + 1 or values[0] != kind:
        raise InvalidCursor()
    if not all(_plain(value) for value in values):
        raise InvalidCursor()
    return values[1:]


def _plain(value: Any) -> bool:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -MAX_ID <= value <= MAX_ID
    if isinstance(value, float):
        return math.isfinite(value)
    return False
