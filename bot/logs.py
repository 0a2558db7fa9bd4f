"""Logging: plain lines, or (FLEXPOOL_LOG_FORMAT=json) one JSON object per line, each with
the id of the request it belongs to.

A request id is set where a request enters (the HTTP edge: a load balancer's
X-Request-Id, else a new one), travels with the work (`context()` hands it to the
thread that does the work after the ack), is stored with every message the request
writes to the outbox, and is set again while that message is delivered — in whichever
thread or process — so one id follows a request from the edge to the message sent.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import uuid
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("flexpool_request_id", default="")
_GOOD_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def current() -> str:
    """The request id of the work in hand ('' outside a request)."""
    return _request_id.get()


def new_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def bound(request_id: str) -> Iterator[str]:
    """Log (and write to the outbox) under `request_id` inside the block."""
    token = _request_id.set(request_id if request_id and _GOOD_ID.fullmatch(request_id) else "")
    try:
        yield _request_id.get()
    finally:
        _request_id.reset(token)


def _install_record_factory() -> None:
    """Every log record carries `request_id` (whichever handler formats it)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "flexpool", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = _request_id.get()
        return record

    factory.flexpool = True
    logging.setLogRecordFactory(factory)


_install_record_factory()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id,
    and the traceback as `exc` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or _request_id.get(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _Stderr(logging.StreamHandler):
    """To whatever sys.stderr is when a line is written (a test runner swaps it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure(level: int = logging.WARNING, fmt: str = "") -> None:
    """Set up the root logger: text (the default) or `fmt` "json". The database driver's
    own lines (every SQL statement at INFO) stay out."""
    handler = _Stderr()
    if fmt.strip().lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.flexpool = True
    reset()
    root = logging.getLogger()
    _before.append((root.level, logging.getLogger("sqlalchemy").level))
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("sqlalchemy").setLevel(max(level, logging.WARNING))


_before: list[tuple[int, int]] = []


def reset() -> None:
    """Undo `configure` (the command line run in-process, as the tests do)."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "flexpool", False):  # ours; a test runner's stay
            root.removeHandler(old)
    if _before:
        root_level, driver_level = _before.pop()
        root.setLevel(root_level)
        logging.getLogger("sqlalchemy").setLevel(driver_level)


def wsgi(application: Callable) -> Callable:
    """The HTTP edge: every request gets an id (X-Request-Id from the load balancer, else a
    new one), answered in the X-Request-Id header and logged with its status and time."""
    log = logging.getLogger("flexpool.http")

    def edge(environ: dict, start_response: Callable) -> Iterable[bytes]:
        given = environ.get("HTTP_X_REQUEST_ID", "")
        with bound(given if _GOOD_ID.fullmatch(given or "") else new_id()) as rid:
            started = time.perf_counter()
            status_seen = []

            def start(status: str, headers: list, exc_info=None):
                status_seen.append(status.split(" ", 1)[0])
                return start_response(status, list(headers) + [("X-Request-Id", rid)], exc_info)

            body = application(environ, start)
            try:
                chunks = list(body)
            finally:
                close = getattr(body, "close", None)
                if close:
                    close()
            log.info("%s %s %s %.1f ms", environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""),
                     status_seen[0] if status_seen else "-", (time.perf_counter() - started) * 1000)
            return chunks

    return edge


def context() -> contextvars.Context:
    """The current context (request id included), to run work in on another thread."""
    return contextvars.copy_context()
