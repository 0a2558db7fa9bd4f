"""Files dropped in the bot's direct message, for every platform.

A platform adapter turns each attached file into a `Dropped` (its name, announced size,
kinds and a `fetch(limit)` that downloads at most `limit` bytes, raising
`hr_import.FetchError` with a message for the person when it cannot) and hands them to
`read`, which answers each with a `Reply` to post back in the DM.

Extension point. `READERS` is the chain of readers a dropped file goes through, in
order; the first that answers (a `Reply`, not None) handles it. A reader is
`reader(service, actor, dropped) -> Reply | None`; add one with `register(reader)` (it
goes before the built-in one). The built-in, last reader is the admins' CSV import of
profiles (`service.import_attachment`), which also answers any file nobody claimed with
what is understood. A reader that fails is logged and the person reads `err.internal`
(never a stack trace); nothing else is tried for that file.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import httpx

from bot import hr_import
from bot.i18n import T
from bot.port import Reply

log = logging.getLogger(__name__)

MAX_FILES = 5  # files read from one message (Slack and Mattermost allow 10)


@dataclass(frozen=True)
class Dropped:
    name: str
    size: int | None  # as the platform announced it (None: not said)
    kinds: tuple[str, str]  # (extension or file type, MIME type), as the platform says
    fetch: Callable[[int], bytes]  # the content, at most `limit` bytes


Reader = Callable[[object, object, Dropped], "Reply | None"]


def profiles_csv(service, actor, dropped: Dropped) -> Reply:
    """The built-in reader: an admin's CSV of profiles is imported (any other file gets a
    friendly word on what is understood)."""
    return service.import_attachment(actor, dropped.name, dropped.size, dropped.fetch, dropped.kinds)


READERS: list[Reader] = [profiles_csv]


def register(reader: Reader) -> None:
    """Add `reader` to the chain, before the built-in CSV import."""
    if reader not in READERS:
        READERS.insert(len(READERS) - 1, reader)


def read(service, actor, dropped: Iterable[Dropped]) -> list[Reply]:
    """Each dropped file (MAX_FILES at most) through the readers; one reply per file."""
    replies = []
    for file in list(dropped)[:MAX_FILES]:
        try:
            reply = next((r for r in (reader(service, actor, file) for reader in READERS) if r is not None), None)
        except Exception:
            log.exception("a dropped file (%s) could not be read", file.name[:100])
            reply = Reply.of(actor.lang, T("err.internal"))
        if reply is not None:
            replies.append(reply)
    return replies


def download(url: str, headers: dict, limit: int, seconds: float = hr_import.FETCH_SECONDS) -> bytes:
    """GET `url`: at most `limit` bytes within `seconds`. No access (401/403, or a sign-in
    page in HTML) and other failures raise `hr_import.FetchError` with the person's message."""
    deadline = time.monotonic() + seconds
    data = bytearray()
    try:
        with httpx.stream("GET", url, headers=headers, timeout=seconds, follow_redirects=True) as response:
            if response.status_code in (401, 403):
                raise hr_import.FetchError(T("import.err.no_access"))
            if response.status_code >= 400:
                raise hr_import.FetchError(T("import.err.fetch", reason=f"HTTP {response.status_code}"))
            # Without the right scope (or with a wrong token) a platform may answer its sign-in page.
            if "text/html" in response.headers.get("Content-Type", "").lower():
                raise hr_import.FetchError(T("import.err.no_access"))
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) >= limit:
                    break
                if time.monotonic() > deadline:
                    raise hr_import.FetchError(T("import.err.fetch", reason="timeout"))
    except httpx.HTTPError as exc:
        raise hr_import.FetchError(T("import.err.fetch", reason=type(exc).__name__)) from None
    return bytes(data[:limit])
