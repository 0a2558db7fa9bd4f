"""Running a chat process, whatever the platform: the scheduler inside it (when
FLEXPOOL_SCHEDULER=inline), a quiet garbage collector, and SIGTERM as Ctrl-C."""

from __future__ import annotations

import gc
import signal
import threading

from bot.app import App


def scheduler(app: App):
    """FLEXPOOL_SCHEDULER=inline: this process also runs the clock (a database lease keeps
    it to one process at a time); off: a separate `flexpool clock` does. Returns the
    clock (stop it with `.stop()`) or None."""
    if app.settings.scheduler != "inline":
        return None
    from bot.scheduler import Clock

    clock = Clock(app)
    clock.start()
    return clock


def settle_memory() -> None:
    """Everything built at start-up lives as long as the process: move it out of the
    garbage collector's sight, so its full collections (which pause every thread, acks
    included) stay short."""
    gc.collect()
    gc.freeze()


def stop_on_sigterm() -> None:
    """A platform stops us with SIGTERM: leave like on Ctrl-C, closing threads in order
    (the outbox is in the database, so nothing is lost either way)."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def missing(app: App, need: tuple[str, ...]) -> list[str]:
    """The environment names of the settings in `need` that are empty."""
    return [app.settings.ENV_KEYS[key] for key in need if not getattr(app.settings, key)]
