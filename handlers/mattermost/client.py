"""A thin client for the Mattermost REST API (v4): bearer token, JSON in and out.

Retries. A 429 is retried after as long as Mattermost asks (Retry-After, else
X-RateLimit-Reset), and a connection that could not be made is retried with backoff:
neither request did anything. A request that may have done its work before the answer
got lost (a read timeout, a dropped connection, a 5xx) is retried only when repeating it
is harmless (GET, PUT, or a POST the caller marks idempotent); creating a post is not
retried then, so a DM is never posted twice: the outbox tries the row again later.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

import httpx

log = logging.getLogger(__name__)

MAX_WAIT = 60.0  # longest we wait for a rate limit; longer and the caller retries later


class MattermostError(Exception):
    """Mattermost answered with an error (status and Mattermost's error id)."""

    def __init__(self, status: int, error_id: str = "", message: str = ""):
        super().__init__(f"{status} {error_id} {message}".strip())
        self.status = status
        self.error_id = error_id


class Client:
    def __init__(self, base_url: str, token: str, timeout: float = 10.0, retries: int = 3,
                 sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None):
        self.retries = retries
        self._sleep = sleep
        self._http = httpx.Client(base_url=base_url.rstrip("/") + "/api/v4",
                                  headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                                  timeout=timeout, transport=transport)

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def post(self, path: str, body: Any, idempotent: bool = False) -> Any:
        return self.request("POST", path, body, idempotent)

    def put(self, path: str, body: Any) -> Any:
        return self.request("PUT", path, body)

    def upload(self, channel_id: str, filename: str, data: bytes) -> dict:
        """POST /files (multipart) into a channel; the new file's info."""
        return self.request("POST", "/files", {"channel_id": channel_id},
                            files={"files": (filename, data)})["file_infos"][0]

    def download(self, path: str, limit: int, seconds: float = 10.0) -> bytes:
        """GET raw bytes (a file's content): at most `limit` bytes, within `seconds` in all.
        Not retried: the person can drop the file again."""
        deadline = time.monotonic() + seconds
        data = bytearray()
        with self._http.stream("GET", path, headers={"Accept": "*/*"}, timeout=seconds) as response:
            if response.status_code >= 400:
                response.read()
                raise _error(response)
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) >= limit:
                    break
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("download took too long")
        return bytes(data[:limit])

    def request(self, method: str, path: str, body: Any = None, idempotent: bool | None = None,
                files: dict | None = None) -> Any:
        repeatable = method != "POST" if idempotent is None else idempotent
        content = {"data": body, "files": files} if files else {"json": body}  # multipart for a file
        attempt = 0
        while True:
            try:
                response = self._http.request(method, path, **content)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                if attempt >= self.retries:
                    raise
                wait = self._backoff(attempt)  # never reached Mattermost: always safe to repeat
                log.info("mattermost %s %s: %s; retrying in %.1fs", method, path, type(exc).__name__, wait)
            except httpx.TransportError:
                if not repeatable or attempt >= self.retries:
                    raise
                wait = self._backoff(attempt)
            else:
                if response.status_code == 429 and attempt < self.retries:
                    wait = self._rate_limit_wait(response)
                    if wait is None:
                        raise MattermostError(429, "rate_limited", "wait too long")
                    log.info("mattermost %s %s: rate limited; waiting %.1fs", method, path, wait)
                elif response.status_code in (502, 503, 504) and repeatable and attempt < self.retries:
                    wait = self._backoff(attempt)
                elif response.status_code >= 400:
                    raise _error(response)
                else:
                    return response.json() if response.content else None
            attempt += 1
            self._sleep(wait)

    @staticmethod
    def _backoff(attempt: int) -> float:
        return min(0.5 * 2 ** attempt, 8.0)

    @staticmethod
    def _rate_limit_wait(response: httpx.Response) -> float | None:
        """Seconds to wait before the next try, from Retry-After or X-RateLimit-Reset
        (seconds from now, or an epoch time); None when longer than MAX_WAIT."""
        for header in ("Retry-After", "X-RateLimit-Reset"):
            raw = (response.headers.get(header) or "").strip()
            try:
                value = float(raw)
            except ValueError:
                continue
            if value > 1e9:  # an epoch time
                value -= time.time()
            value = max(value, 0.0)
            return value if value <= MAX_WAIT else None
        return 1.0

    def close(self) -> None:
        self._http.close()


def _error(response: httpx.Response) -> MattermostError:
    try:
        data = response.json()
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return MattermostError(response.status_code, str(data.get("id", "")), str(data.get("message", ""))[:200])
