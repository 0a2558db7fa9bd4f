"""A local stand-in for Slack's Web API (and response URLs), on a free port.

It records every call (method and parameters, JSON or form-encoded, with `blocks` and
`view` decoded), answers the way Slack does (ok, channel ids, ts values, view ids), and
can be told to be slow (`delay`), to fail a method a few times (`fail`), or to give a
user a locale. Point `WebClient(base_url=fake.api_url)` (SLACK_API_URL) at it; response
URLs are `fake.response_url(name)`. It also serves files people shared
(`fake.add_file(...)` gives the file object an event carries; a GET of its
url_private_download needs the bot token, else, like Slack, the sign-in page).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs

APP_TOKEN = "xapp-test"  # the app-level token of Socket Mode
TOKEN = "xoxb-test"
TEAM = "T0FLEX"
BOT_USER = "UBOT"


@dataclass
class Call:
    method: str  # "chat.postMessage", … or "response_url"
    params: dict
    at: float = field(default_factory=time.monotonic)
    path: str = ""


class FakeSlack:
    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.calls: list[Call] = []
        self.locales: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.failures: dict[str, list[tuple[int, dict, dict, bool]]] = {}
        self.posted: list[dict] = []  # every message chat.postMessage created: channel, ts, text, blocks
        self.files: dict[str, tuple[dict, bytes]] = {}  # file id -> (file object, content)
        self.files_read = True  # False: the installation lacks files:read
        self.history_page = 100  # conversations.history answers at most this many messages a page
        self.socket_url = ""  # what apps.connections.open answers (a local Socket Mode server)
        self._ts = itertools.count(1)
        self._views = itertools.count(1)
        self._cond = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                status, headers, body = fake._handle(self.path, self.headers, raw)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                content_type = "text/plain" if isinstance(body, bytes) else "application/json"
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                status, content_type, data = fake._download(self.path, self.headers)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            request_queue_size = 1024  # the default 5 drops connections under a burst
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.api_url = self.url + "api/"
        self._thread = threading.Thread(target=self.server.serve_forever, name="fake-slack", daemon=True)

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "FakeSlack":
        self._thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "FakeSlack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def response_url(self, name: str = "r") -> str:
        return f"{self.url}response/{name}"

    def fail(self, method: str, status: int = 500, body: dict | None = None, times: int = 1,
             headers: dict | None = None, done_anyway: bool = False) -> None:
        """The next `times` calls of `method` answer `status` (e.g. 429 with Retry-After).
        With `done_anyway` the call takes effect all the same (the answer got lost)."""
        with self._cond:
            self.failures.setdefault(method, []).extend(
                [(status, body or {"ok": False, "error": "fatal_error"}, headers or {}, done_anyway)] * times)

    def add_file(self, file_id: str, name: str, data: bytes, mimetype: str = "text/csv", filetype: str = "csv",
                 **extra: Any) -> dict:
        """A file as a `file_share` event carries it; its bytes are served at its url."""
        url = f"{self.url}files-pri/{TEAM}-{file_id}/download/{name}"
        shared = {"id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": filetype,
                  "size": len(data), "mode": "hosted", "is_external": False,
                  "url_private": url.replace("/download/", "/"), "url_private_download": url, **extra}
        with self._cond:
            self.files[file_id] = (shared, data)
        return shared

    # --- what was received ---------------------------------------------------------------------

    def of(self, method: str, **match: Any) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method
                    and all(c.params.get(k) == v for k, v in match.items())]

    def wait_for(self, predicate: Callable[[list[Call]], Any], timeout: float = 60.0) -> Any:
        """Block until `predicate(calls)` is truthy (returns it) or fail after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = predicate(list(self.calls))
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    methods = [c.method for c in self.calls]
                    raise AssertionError(f"timed out waiting; calls so far: {methods}")
                self._cond.wait(left)

    def wait_calls(self, method: str, count: int = 1, timeout: float = 60.0, **match: Any) -> list[Call]:
        return self.wait_for(lambda calls: (found := [c for c in calls if c.method == method and all(
            c.params.get(k) == v for k, v in match.items())]) and len(found) >= count and found, timeout)

    def clear(self) -> None:
        with self._cond:
            self.calls.clear()

    # --- answering -------------------------------------------------------------------------------

    def _handle(self, path: str, headers, raw: str) -> tuple[int, dict, Any]:
        if path.startswith("/response/"):
            params = json.loads(raw or "{}")
            if self.delay:
                time.sleep(self.delay)
            self._record(Call("response_url", params, path=path))
            return 200, {}, b"ok"
        method = path.split("?", 1)[0].rsplit("/", 1)[-1]
        params = self._params(headers, raw)
        if self.delay:
            time.sleep(self.delay)
        with self._cond:
            queued = self.failures.get(method)
            failure = queued.pop(0) if queued else None
        self._record(Call(method, params, path=path))
        if headers.get("Authorization") != f"Bearer {APP_TOKEN if method == 'apps.connections.open' else TOKEN}":
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        if failure:
            status, body, extra, done_anyway = failure
            if done_anyway:
                self._answer(method, params)
            return status, extra, body
        return 200, {}, self._answer(method, params)

    def _download(self, path: str, headers) -> tuple[int, str, bytes]:
        self._record(Call("file_download", {"authorization": headers.get("Authorization", "")}, path=path))
        with self._cond:
            found = next((data for shared, data in self.files.values()
                          if path in (shared["url_private_download"].removeprefix(self.url[:-1]),
                                      shared["url_private"].removeprefix(self.url[:-1]))), None)
        if headers.get("Authorization") != f"Bearer {TOKEN}" or not self.files_read:  # Slack's sign-in page
            return 200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>"
        if found is None:
            return 404, "text/plain", b"file not found"
        return 200, "application/octet-stream", found

    @staticmethod
    def _params(headers, raw: str) -> dict:
        if (headers.get("Content-Type") or "").startswith("application/json"):
            params = json.loads(raw or "{}")
        else:
            params = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _next_ts(self) -> str:
        """Unique, increasing, and in real time (as Slack's are)."""
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _answer(self, method: str, p: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "url": "https://flexpool.slack.com/", "team": "Flexpool", "user": "flexpool",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": "BBOT"}
        if method == "users.info":
            user = p.get("user", "")
            return {"ok": True, "user": {
                "id": user, "team_id": TEAM, "name": user.lower(), "real_name": self.names.get(user, user),
                "locale": self.locales.get(user, "nl-NL"),
                "profile": {"display_name": self.names.get(user, ""), "real_name": self.names.get(user, user)}}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(p.get("users", "")).split(",")[0]}}
        if method == "chat.postMessage":
            ts = self._next_ts()
            with self._cond:
                self.posted.append({"channel": p.get("channel"), "ts": ts, "text": p.get("text"),
                                    "blocks": p.get("blocks")})
                self._cond.notify_all()  # the call is recorded first: who waits for the message wakes here
            return {"ok": True, "channel": p.get("channel"), "ts": ts,
                    "message": {"text": p.get("text"), "blocks": p.get("blocks"), "ts": ts}}
        if method == "chat.update":
            return {"ok": True, "channel": p.get("channel"), "ts": p.get("ts"), "text": p.get("text")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            view = dict(p.get("view") or {})
            view["id"] = f"V{next(self._views):06d}"
            return {"ok": True, "view": view}
        if method == "files.info":
            with self._cond:
                found = self.files.get(p.get("file", ""))
            return {"ok": True, "file": found[0]} if found else {"ok": False, "error": "file_not_found"}
        if method == "conversations.history":  # newest first, `limit` a page, paged by cursor
            oldest = float(p.get("oldest") or 0)
            with self._cond:
                messages = [m for m in self.posted if m["channel"] == p.get("channel") and float(m["ts"]) >= oldest]
            messages.reverse()
            start, limit = int(p.get("cursor") or 0), max(1, min(int(p.get("limit") or 100), self.history_page))
            page, more = messages[start:start + limit], start + limit < len(messages)
            return {"ok": True, "messages": page, "has_more": more,
                    "response_metadata": {"next_cursor": str(start + limit) if more else ""}}
        if method == "apps.connections.open":  # Socket Mode: where to connect
            with self._cond:
                return {"ok": True, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "no_socket"}
        return {"ok": True}
