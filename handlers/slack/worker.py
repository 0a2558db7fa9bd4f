"""Work done after the ack, off Slack's request threads.

A slash command is acknowledged at once and its work (matching, storing, answering) is
queued here, so a burst of commands never makes Slack wait for an ack: the ack costs the
same whether zero or a thousand commands are being worked on. The outbox is delivered
by a few sender threads, woken whenever a job may have written to it (and every
`tick` seconds, for retries with backoff): they call `Outbox.flush`, which claims each
row before sending, so the senders, and other processes on the same database, never
send a message twice, and an amendment always waits for what it amends.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from bot.outbox import Outbox

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, outbox: Outbox, threads: int = 4, senders: int = 4, tick: float = 10.0):
        self.outbox = outbox
        self.tick = tick
        self._jobs = ThreadPoolExecutor(threads, thread_name_prefix="slack-work")
        self._senders_wanted = senders
        self._senders: list[threading.Thread] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending = 0
        self._flushing = 0

    def run(self, fn: Callable[..., None], *args) -> None:
        """Do `fn(*args)` soon on a work thread; deliver the outbox afterwards."""
        with self._lock:
            self._pending += 1

        def job() -> None:
            try:
                fn(*args)
            except Exception:  # the handlers tell the person; this is the last resort
                log.exception("slack job failed")
            finally:
                with self._lock:
                    self._pending -= 1
                self.kick()

        self._jobs.submit(job)

    def kick(self) -> None:
        """Wake the senders: there may be something in the outbox."""
        self._start()
        self._wake.set()

    @property
    def pending(self) -> int:
        """Jobs queued or running (for health checks and the benchmark)."""
        with self._lock:
            return self._pending

    def idle(self) -> bool:
        with self._lock:
            return self._pending == 0 and self._flushing == 0 and not self._wake.is_set()

    def _start(self) -> None:
        with self._lock:
            if self._senders or self._stop.is_set():
                return
            for n in range(self._senders_wanted):
                thread = threading.Thread(target=self._send, name=f"slack-send-{n}", daemon=True)
                self._senders.append(thread)
                thread.start()

    def _send(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.tick)
            with self._lock:
                self._wake.clear()
                self._flushing += 1
            try:
                # Small batches: parallel senders fetch the same pending rows, and the
                # claim sorts out who sends what; a short list wastes fewer claims.
                while not self._stop.is_set() and self.outbox.flush(limit=20) > 0:
                    pass
            except Exception:  # e.g. the database is away; try again on the next tick
                log.exception("outbox flush failed")
            finally:
                with self._lock:
                    self._flushing -= 1

    def close(self, wait: bool = True) -> None:
        self._stop.set()
        self._wake.set()
        self._jobs.shutdown(wait=wait, cancel_futures=not wait)
        for thread in self._senders:
            thread.join(timeout=10 if wait else 0)
