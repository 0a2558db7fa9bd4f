"""Socket Mode through Slack's reconnects (issue 15): a local Socket Mode server hands
out a socket, asks the app to reconnect (`disconnect`, `refresh_requested`) and sends
an envelope on the new socket the moment it is open, while the old one stays silent
(as Slack's does until the app closes it). The envelope is acknowledged within Slack's
3 seconds: the client moves its reader to the new socket at once instead of waiting
for the old socket's read to time out."""

from __future__ import annotations

import dataclasses
import json
import threading
import time

import pytest
from websockets.sync.server import serve

from handlers.slack import build
from handlers.slack.socket import Handler
from tests.fakes.slack_api import TEAM, TOKEN, FakeSlack

pytestmark = pytest.mark.db

ENVELOPE = {"envelope_id": "env-after-refresh", "type": "events_api", "accepts_response_payload": False,
            "retry_attempt": 0, "retry_reason": "",
            "payload": {"type": "event_callback", "team_id": TEAM, "api_app_id": "A1", "event_id": "Ev1",
                        "event_time": 1, "event": {"type": "reaction_added", "user": "UANNA"}}}


class SocketModeServer:
    """Connection 1: hello, then (when told) a refresh request, then silence. Connection
    2: hello and at once an envelope; records when its ack comes back."""

    def __init__(self):
        self.connections = 0
        self.refresh = threading.Event()
        self.sent_at: float | None = None
        self.acked_at: float | None = None
        self.acked = threading.Event()
        self.server = serve(self._handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handle(self, socket) -> None:
        self.connections += 1
        number = self.connections
        socket.send(json.dumps({"type": "hello", "num_connections": number}))
        if number == 1:
            self.refresh.wait(30)
            socket.send(json.dumps({"type": "disconnect", "reason": "refresh_requested"}))
            try:
                for _ in socket:  # silent until the app closes it
                    pass
            except Exception:
                pass
            return
        self.sent_at = time.monotonic()
        socket.send(json.dumps(ENVELOPE))
        try:
            for raw in socket:
                if json.loads(raw).get("envelope_id") == ENVELOPE["envelope_id"]:
                    self.acked_at = time.monotonic()
                    self.acked.set()
        except Exception:
            pass


@pytest.fixture
def socket_server():
    server = SocketModeServer()
    server.thread.start()
    yield server
    server.server.shutdown()


def test_an_envelope_right_after_a_refresh_is_acknowledged_within_three_seconds(app, socket_server):
    with FakeSlack() as fake:
        fake.socket_url = socket_server.url
        settings = app.settings.with_(slack_bot_token=TOKEN, slack_app_token="xapp-test", slack_api_url=fake.api_url)
        bolt, slack = build(dataclasses.replace(app, settings=settings), socket=True)
        handler = Handler(bolt, settings.slack_app_token)
        try:
            handler.connect()
            deadline = time.monotonic() + 20
            while not handler.client.is_connected() and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.5)  # the reader is on the first socket, waiting
            socket_server.refresh.set()
            assert socket_server.acked.wait(30), "the envelope after the refresh was never acknowledged"
            assert socket_server.connections == 2
            # Slack allows 3 seconds from sending, network included: half of it here. slack_sdk's
            # built-in client took 2.5 s on this local socket (its reader sat out the old
            # socket's 3-second read timeout); QuickClient 0.2 s.
            assert socket_server.acked_at - socket_server.sent_at < 1.5
        finally:
            handler.close()
            slack.close()
