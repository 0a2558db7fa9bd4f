"""Work after the answer: one background thread that runs queued jobs (a DM answering a
dialog) and then delivers the outbox. It wakes when kicked and every `tick` seconds (for
retries with backoff). `Outbox.flush` claims each row before sending, so this thread,
a click's own flush and other processes never send a message twice."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

from bot.outbox import Outbox

log = logging.getLogger(__name__)


class Sender:
    def __init__(self, outbox: Outbox, tick: float = 10.0):
        self.outbox = outbox
        self.tick = tick
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def run(self, job: Callable[[], None]) -> None:
        """Do `job()` soon, then deliver the outbox."""
        self._jobs.put(job)
        self.kick()

    def kick(self) -> None:
        """There may be something in the outbox: deliver it soon."""
        with self._lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._loop, name="mattermost-send", daemon=True)
                self._thread.start()
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.tick)
            self._wake.clear()
            while not self._stop.is_set():
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                try:
                    job()
                except Exception:
                    log.exception("mattermost job failed")
            try:
                while not self._stop.is_set() and self.outbox.flush(limit=50) > 0:
                    pass
            except Exception:  # e.g. the database is away: try again on the next tick
                log.exception("outbox flush failed")

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=10)
