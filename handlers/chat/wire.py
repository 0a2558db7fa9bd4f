"""Reading a request body before anything trusts it, for every platform: bytes that are
not UTF-8, or JSON nested deeper than any platform sends, are refused as `Unreadable`
(the caller answers 400, or 401 when the request is not signed) before a decoder could
fail on them — no traceback, however the body is made.

`loads` is `json.loads` behind a depth check over the text itself (a cheap scan that
skips strings), so `[[[[…` 50,000 levels deep never reaches the recursive decoder.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

MAX_DEPTH = 64  # Slack's deepest payloads (a modal's state) and Mattermost's are far below this


class Unreadable(ValueError):
    """A body we do not even try to decode."""


def text(raw: bytes) -> str:
    """`raw` as UTF-8 text, or `Unreadable`."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("the body is not UTF-8") from None


STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.S)  # a JSON string (an unterminated one: to the end)
NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _levels(data: str):
    """The nesting level after each bracket of JSON text, strings and all but brackets
    dropped first by regular expressions (so the loop sees brackets only)."""
    level = 0
    for char in NOT_BRACKET.sub("", STRING.sub("", data)):
        level += 1 if char in "[{" else -1
        yield level


def depth(data: str) -> int:
    """How deep `[`/`{` nest in JSON text (outside strings)."""
    return max(_levels(data), default=0)


def too_deep(data: str, max_depth: int = MAX_DEPTH) -> bool:
    """Whether brackets nest deeper than `max_depth`; stops at the first that does."""
    return any(level > max_depth for level in _levels(data))


def loads(data: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """JSON from `data`; `Unreadable` when it is not UTF-8 or nests deeper than `max_depth`,
    `ValueError` (as json.loads) when it is not JSON."""
    if isinstance(data, bytes):
        data = text(data)
    if data.count("[") + data.count("{") > max_depth and too_deep(data, max_depth):
        raise Unreadable(f"JSON nested deeper than {max_depth} levels")
    return json.loads(data)


def plain(start_response: Callable, status: str, body: str) -> list[bytes]:
    """A short plain-text answer (a WSGI body)."""
    data = body.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]
