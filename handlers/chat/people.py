"""The people directory every platform needs: who a user id is (display name, language,
time zone), asked of the platform once and kept for a while, so a click never waits on
it twice. A platform gives only `fetch` (one user's record, in its own API); a failure
there is logged and the person carries on by id ("", None, None), never an error."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Callable

log = logging.getLogger(__name__)

Who = tuple[str, "str | None", "str | None"]  # (name, "nl"/"en" or None, IANA zone or None)


class Cache:
    """A small thread-safe LRU map with an optional time to live."""

    def __init__(self, size: int = 5000, ttl: float | None = None):
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            hit = self._items.get(key)
            if hit is None or (self.ttl is not None and time.monotonic() - hit[0] > self.ttl):
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: str, value) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class Directory:
    """(name, lang, tz) of a user id, from `fetch(user_id, team)`, cached for `ttl` seconds."""

    def __init__(self, fetch: Callable[[str, str], Who], ttl: float = 3600.0, size: int = 10_000):
        self.fetch = fetch
        self._cache = Cache(size, ttl)

    def who(self, user_id: str, team: str = "") -> tuple[str, str | None]:
        """(name, lang); empty name / None lang when the platform did not tell us."""
        return self.lookup(user_id, team)[:2]

    def lookup(self, user_id: str, team: str = "") -> Who:
        known = self._cache.get(user_id)
        if known is not None:
            return known
        try:
            found = self.fetch(user_id, team)
        except Exception as exc:  # no rights, a deleted user, the platform down: carry on by id
            log.warning("who is %s: %s", user_id, exc)
            return "", None, None
        found = (found[0][:200], found[1], found[2])
        self._cache.put(user_id, found)
        return found
