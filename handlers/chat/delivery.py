"""The delivery loop every platform needs: work done after the answer, off the request
threads, and the outbox delivered by sender threads.

A slash command is acknowledged at once and its work (matching, storing, answering) is
queued here, so a burst of commands never makes the platform wait for an answer (Slack
allows 3 seconds): it costs the same whether zero or a thousand commands are being
worked on. The work is a pipeline:
a few threads do the database part (`run`; few, because database writers queue for one
lock on SQLite anyway, and the senders below must get their turn), many threads do the
waiting on the platform afterwards (`later`: posting an answer takes a network round trip,
not the database; the platform's API). The outbox is delivered
by a few sender threads, woken whenever a job may have written to it (and every
`tick` seconds, for retries with backoff): they call `Outbox.flush`, which claims each
row before sending, so the senders, and other processes on the same database, never
send a message twice, and an amendment always waits for what it amends.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Callable

from bot import logs
from bot.outbox import Outbox

log = logging.getLogger(__name__)

BEHIND = 1000  # queued jobs before we log that we are falling behind


class Worker:
    def __init__(self, outbox: Outbox, threads: int = 2, senders: int = 8, io_threads: int = 16,
                 tick: float = 10.0, name: str = "chat"):
        self.outbox = outbox
        self.tick = tick
        self.name = name  # of the threads, and in the log
        self._wanted = (threads, io_threads, senders)
        self._threads: list[threading.Thread] = []
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._io: queue.SimpleQueue = queue.SimpleQueue()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending = 0
        self._flushing = 0
        self._closing = False
        self._warned = 0.0

    def run(self, fn: Callable[..., None], *args) -> None:
        """Do `fn(*args)` soon on a work thread; deliver the outbox afterwards."""
        self._queue(self._jobs, fn, args)

    def later(self, fn: Callable[..., None], *args) -> None:
        """Do `fn(*args)` soon on an I/O thread: for calls to the platform that need no database."""
        self._queue(self._io, fn, args)

    def _queue(self, into: queue.SimpleQueue, fn: Callable[..., None], args: tuple) -> None:
        self._start()
        with self._lock:
            self._pending += 1
            pending = self._pending
        if pending > BEHIND and time.monotonic() - self._warned > 60:
            self._warned = time.monotonic()
            log.warning("%s work is falling behind: %d jobs waiting", self.name, pending)
        into.put((logs.context().run, (fn, *args)))  # the request id goes with the work (bot.logs)

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
            if self._threads or self._closing:
                return
            workers, io_workers, senders = self._wanted
            for n in range(workers):
                self._threads.append(threading.Thread(target=self._work, args=(self._jobs,),
                                                      name=f"{self.name}-work-{n}", daemon=True))
            for n in range(io_workers):
                self._threads.append(threading.Thread(target=self._work, args=(self._io,),
                                                      name=f"{self.name}-io-{n}", daemon=True))
            for n in range(senders):
                self._threads.append(threading.Thread(target=self._send, name=f"{self.name}-send-{n}", daemon=True))
            for thread in self._threads:
                thread.start()

    def _work(self, jobs: queue.SimpleQueue) -> None:
        while True:
            job = jobs.get()
            if job is None:
                return
            fn, args = job
            try:
                fn(*args)
            except Exception:  # the handlers tell the person; this is the last resort
                log.exception("%s job failed", self.name)
            finally:
                with self._lock:
                    self._pending -= 1
                self._wake.set()

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

    def close(self, timeout: float = 10.0) -> None:
        """Finish queued jobs for at most `timeout` seconds, then stop. What is left in
        the outbox goes out after the next start; jobs still queued are logged."""
        deadline = time.monotonic() + timeout
        with self._lock:  # no thread starts after this, and all that did are started
            self._closing = True
            threads = list(self._threads)
        for prefix, jobs in ((f"{self.name}-work", self._jobs), (f"{self.name}-io", self._io)):
            workers = [t for t in threads if t.name.startswith(prefix)]
            for _ in workers:
                jobs.put(None)
            for thread in workers:
                thread.join(max(0.0, deadline - time.monotonic()))
        self._stop.set()
        self._wake.set()
        for thread in threads:
            if thread.name.startswith(f"{self.name}-send"):
                thread.join(max(0.0, deadline - time.monotonic()))
        if self.pending:
            log.warning("stopped with %d %s jobs not done", self.pending, self.name)
