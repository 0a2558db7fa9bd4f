"""Serve a WSGI app with waitress (the production server) on a free port, in a thread."""

from __future__ import annotations

import threading
from typing import Callable

import waitress
from waitress import wasyncore


class Served:
    def __init__(self, application: Callable, threads: int = 8, **adjustments):
        self.server = waitress.create_server(application, host="127.0.0.1", port=0, threads=threads,
                                             ident="flexpool-test", **adjustments)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="waitress", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # waitress's own run(), in steps, so that the sockets are closed by this thread
        # (closing them under a running select() fails).
        while not self._stop.is_set():
            wasyncore.loop(timeout=0.05, map=self.server._map, count=1)
        self.server.task_dispatcher.shutdown()
        wasyncore.close_all(self.server._map)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
