"""What a value from outside may be before it reaches a database: the one place that
says how large an id is, how long a cursor, and which characters text may hold.

Ids are 32-bit on PostgreSQL (SERIAL) and 64-bit on SQLite: a larger number names
nothing, and is refused before it reaches a database that could not even compare it.
PostgreSQL refuses a NUL byte in any text, and no control character but tab and line
breaks belongs in what members write, so they are taken out of text at the boundary.
"""

import re

MAX_ID = 2**31 - 1
# A cursor is a short base64 token of a few values; anything longer was not ours.
MAX_CURSOR_LENGTH = 500

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_id(value: object) -> bool:
    """Whether `value` is an int that could be a row's id (bool is not)."""
    return type(value) is int and 1 <= value <= MAX_ID


def without_controls(text: str) -> str:
    """`text` with NUL and the other control characters (but tab and line breaks) removed."""
    return CONTROL_CHARACTERS.sub("", text)


def parse_id(text: str) -> int | None:
    """The id written in `text` (ASCII digits only: '²' is a digit to Python), or None."""
    text = text.strip()
    if not (0 < len(text) <= len(str(MAX_ID)) and text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if is_id(value) else None
