"""Opaque page cursors ("continue after this") shared by every keyset-paginated list."""

import base64
import json
from typing import Any

from app.services.errors import ValidationFailed


class InvalidCursor(ValidationFailed):
    def __init__(self) -> None:
        super().__init__({"cursor": "This page link is not valid. Start again from the list."})


def encode_cursor(kind: str, *values: Any) -> str:
    """An opaque "continue after this" token: the sort it belongs to and its key."""
    raw = json.dumps([kind, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, length: int) -> list[Any]:
    """The key in a cursor of `kind`; InvalidCursor if it is anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidCursor() from error
    if not isinstance(values, list) or len(values) != length + 1 or values[0] != kind:
        raise InvalidCursor()
    return values[1:]
