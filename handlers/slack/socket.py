"""`flexpool socket`: Slack's Socket Mode, for networks that accept no inbound traffic —
Slack's requests arrive over a websocket we open, and each is acknowledged on it.

Slack asks an app to reconnect now and then (`disconnect`, e.g. `refresh_requested`).
slack_sdk's built-in client then opens the new socket, but its one reader thread stays
on the old socket until that socket's read times out (3 seconds) while the old socket
is being closed, so an envelope arriving on the new socket meanwhile is acknowledged
after Slack's 3-second limit. `QuickClient` swaps to the new socket first and shuts the
old one down without waiting for its reader (the reader's pending read returns at once),
so the reader moves over to the new socket within a tick.
"""

from __future__ import annotations

import logging
import socket as sockets
import sys
import threading

from slack_bolt import App as BoltApp
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.builtin.connection import Connection, ConnectionState

from bot.app import App
from handlers.chat.running import missing, scheduler, settle_memory, stop_on_sigterm
from handlers.slack import build
from handlers.slack.web import hello

log = logging.getLogger(__name__)


class QuickClient(SocketModeClient):
    """The built-in Socket Mode client, reconnecting without a pause (see above)."""

    def connect(self) -> None:
        old_session, old_state = self.current_session, self.current_session_state
        if self.wss_uri is None:
            self.wss_uri = self.issue_new_wss_url()
        session = Connection(
            url=self.wss_uri, logger=self.logger, ping_interval=self.ping_interval,
            trace_enabled=self.trace_enabled, all_message_trace_enabled=self.all_message_trace_enabled,
            ping_pong_trace_enabled=self.ping_pong_trace_enabled, receive_buffer_size=self.receive_buffer_size,
            proxy=self.proxy, proxy_headers=self.proxy_headers, on_message_listener=self._on_message,
            on_error_listener=self._on_error, on_close_listener=self._on_close, ssl_context=self.web_client.ssl)
        session.connect()
        # The new socket first: the reader takes it on its next tick.
        self.current_session = session
        self.current_session_state = ConnectionState()
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        if old_state is not None:
            old_state.terminated = True
        if old_session is not None:
            _shut(old_session)
        if not self.current_app_monitor_started:
            self.current_app_monitor_started = True
            self.current_app_monitor.start()
        self.logger.info(f"A new session has been established (session id: {self.session_id()})")


def _shut(session: Connection) -> None:
    """End the old socket's pending read at once, then close it off the caller's thread
    (closing takes the reader's lock)."""
    sock = session.sock
    if sock is not None:
        try:
            sock.shutdown(sockets.SHUT_RDWR)
        except OSError:
            pass
    threading.Thread(target=session.close, name="slack-socket-close", daemon=True).start()


class Handler(SocketModeHandler):
    """Bolt's Socket Mode adapter over `QuickClient`."""

    def __init__(self, app: BoltApp, app_token: str, ping_interval: float = 10):
        self.app = app
        self.app_token = app_token
        self.client = QuickClient(app_token=app_token, logger=app.logger, web_client=app.client,
                                  proxy=app.client.proxy, ping_interval=ping_interval)
        self.client.socket_mode_request_listeners.append(self.handle)


def socket_mode(app: App) -> int:
    """Socket Mode until interrupted (SIGTERM or Ctrl-C)."""
    absent = missing(app, ("slack_bot_token", "slack_app_token"))
    if absent:
        print(f"flexpool: set {', '.join(absent)} (see docs/slack.md)", file=sys.stderr)
        return 2
    bolt, slack = build(app, socket=True)
    clock = None
    try:
        if not hello(slack):
            return 2
        clock = scheduler(app)
        settle_memory()
        stop_on_sigterm()
        Handler(bolt, app.settings.slack_app_token).start()
    except KeyboardInterrupt:
        pass
    finally:
        if clock is not None:
            clock.stop()
        slack.close()
    return 0
