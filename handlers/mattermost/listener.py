"""What people type to the bot in its direct channel (*ja*, *nee, geen tijd*, *vertel
meer*). Mattermost sends no webhook for direct messages, so the bot listens on the
WebSocket API for `posted` events in direct channels; it reconnects with backoff when
the connection drops. Several processes may each listen: every post is handled once
(see `Mattermost.direct_message`)."""

from __future__ import annotations

import json
import logging
import threading
from typing import Callable

log = logging.getLogger(__name__)


def websocket_url(base_url: str) -> str:
    base = base_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base[len("https://"):]
    elif base.startswith("http://"):
        base = "ws://" + base[len("http://"):]
    return base + "/api/v4/websocket"


class Listener:
    def __init__(self, mattermost, url: str | None = None, max_backoff: float = 60.0):
        self.mattermost = mattermost
        self.url = url or websocket_url(mattermost.app.settings.mattermost_url)
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._socket = None
        self.connected = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="mattermost-listen", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from websockets.sync.client import connect

        backoff = 1.0
        headers = {"Authorization": f"Bearer {self.mattermost.app.settings.mattermost_bot_token}"}
        while not self._stop.is_set():
            try:
                with connect(self.url, additional_headers=headers, open_timeout=10) as socket:
                    self._socket = socket
                    self.connected.set()
                    backoff = 1.0
                    for raw in socket:
                        self.handle(raw)
            except Exception as exc:
                if self._stop.is_set():
                    break
                log.warning("mattermost websocket: %s; reconnecting in %.0fs", type(exc).__name__, backoff)
            finally:
                self._socket = None
                self.connected.clear()
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self.max_backoff)

    def handle(self, raw: str | bytes) -> None:
        """One WebSocket event: a new post by a person in a direct channel is answered."""
        try:
            event = json.loads(raw)
            if event.get("event") != "posted" or (event.get("data") or {}).get("channel_type") != "D":
                return
            post = json.loads(event["data"]["post"])
        except (ValueError, KeyError, TypeError):
            return
        if post.get("type") or (post.get("props") or {}).get("from_bot"):
            return  # system messages and bots (ourselves included)
        self._safely(lambda: self.mattermost.direct_message(post))

    @staticmethod
    def _safely(work: Callable[[], None]) -> None:
        try:
            work()
        except Exception:
            log.exception("mattermost direct message failed")

    def close(self) -> None:
        self._stop.set()
        socket = self._socket
        if socket is not None:
            try:
                socket.close()
            except Exception:
                pass
        if self._thread is not None:
            self._thread.join(timeout=10)
