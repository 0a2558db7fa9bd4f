"""The bot process that tests/test_crash.py kills with SIGKILL, again and again.

    python tests/crash_child.py DATABASE_URL DELIVERIES_FILE KLUSSEN CLOCK_OFFSET_SECONDS [recover]

It does what `flexpool serve` does with klussen and the outbox, without a chat platform:
it posts the klussen `Crashklus 0..KLUSSEN-1` that are not in the database yet (each
post is one transaction: the klus, its invitations and their outbox rows), and between
posts four sender threads flush the outbox (as `handlers.chat.delivery.Worker` does). The
port appends one line per message it sends to DELIVERIES_FILE ("<user>\\t<invitation
id or ->\\t<title>") the moment the message "arrives", then waits a little, as a real
platform's answer takes time: that is the window in which a kill loses the answer, and
the message is sent again after the restart (a duplicate). The clock runs
CLOCK_OFFSET_SECONDS ahead, so each restart is "later" than the claims of the killed run
(`bot.outbox.CLAIM_SECONDS`), as a real restart is. With `recover` the port can look
back, as Slack's and Mattermost's do, through the same chat core (`handlers.chat.lookback`):
the outbox asks it about a send a crash cut off before sending again, and it pages
through the history (three messages a page) of which a fifth of the pages first answer
429 with a Retry-After, as a busy platform does. Exits 0 once
everything is posted and the outbox is empty.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bot.app import build  # noqa: E402
from bot.i18n import render  # noqa: E402
from bot.port import Card, Recipient  # noqa: E402
from bot.settings import Settings  # noqa: E402
from handlers.chat.lookback import Page, RateLimited, Sending, marker_of  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Klus, Outbox, Person  # noqa: E402

LINE = "Crashklus {n}; vaardigheden: Power BI, SQL, data-analyse; 8 uur per week; 4 weken; 1 plek"
OWNER = "crash.manager"
SENDERS = 4
ANSWER_SECONDS = 0.002  # the platform's answer on its way back


def settings(url: str) -> Settings:
    return Settings(database_url=url, quiet_hours="", quiet_weekends=False, invites_per_place=5,
                    max_invites_per_week=10_000, max_klussen_per_day=0, secret="crash-test")


class FilePort:
    """Records every message the moment it is delivered, in a file that survives SIGKILL.
    With `can_recover` it is also the chat core's look-back `Channel` (as the Slack and
    Mattermost ports are): the file is the DM history, read a few messages per page,
    newest first, and a page sometimes answers 429 with a Retry-After."""

    platform = "shell"
    PER_PAGE = 3
    RATE_LIMITED = 0.2  # how often a page of history answers 429

    def __init__(self, path: str, can_recover: bool = False, clock=time.time):
        self.path = path
        self.clock = clock
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._lock = threading.Lock()
        self._random = random.Random()
        self.limited = 0
        if can_recover:
            sending = Sending(self, sleep=time.sleep)
            self.recover = sending.recover

    def marked(self, to: Recipient, card: Card, marker_of):
        return to.user_id, card.to_json(), marker_of(to.user_id, card.to_json())

    def page(self, to: Recipient, channel: str, since: float, cursor: str | None) -> Page:
        """As a platform's history: this person's messages since `since`, newest first."""
        with self._lock:
            if self._random.random() < self.RATE_LIMITED:
                self.limited += 1
                raise RateLimited(self._random.choice([0.0, 0.001, 0.005]))
        with open(self.path, encoding="utf-8") as seen:
            lines = [line.rstrip("\n").split("\t") for line in seen]
        mine = [f for f in lines if len(f) >= 5 and f[0] == channel and float(f[4]) >= since][::-1]
        start = int(cursor or 0)
        chunk = mine[start:start + self.PER_PAGE]
        more = start + self.PER_PAGE < len(mine)
        return Page([(f[2], f"{f[0]}:recovered") for f in chunk], str(start + self.PER_PAGE) if more else None)

    def ambiguous(self, exc: Exception) -> bool:
        return False

    def _record(self, to: Recipient, card: Card) -> None:
        inv = next((c.value for c in card.choices if c.action == "accept"), "-")
        title = render(card.title, to.lang) if card.title else ""
        marker = marker_of(to.user_id, card.to_json())
        with self._lock:
            os.write(self._fd, f"{to.user_id}\t{inv}\t{marker}\t{title}\t{self.clock():.6f}\n".encode())

    def tell(self, to: Recipient, card: Card) -> str:
        self._record(to, card)
        time.sleep(ANSWER_SECONDS)
        return f"{to.user_id}:{time.monotonic_ns()}"

    def amend(self, to: Recipient, ref: str, card: Card) -> None:
        time.sleep(ANSWER_SECONDS)


def main(url: str, deliveries: str, klussen: int, offset: float, recover: bool = False) -> int:
    clock = lambda: datetime.now(timezone.utc) + timedelta(seconds=offset)  # noqa: E731
    app = build(settings(url), clock=clock, upgrade=False)
    app.outbox.ports["shell"] = FilePort(deliveries, recover, lambda: clock().timestamp())
    with transaction(app.engine) as s:
        owner = s.exec(select(Person).where(Person.user_id == OWNER)).one()
        posted = set(s.exec(select(Klus.title).where(Klus.owner_id == owner.id)).all())
    actor = app.service.person("shell", owner.workspace, OWNER)
    wake, stop = threading.Event(), threading.Event()

    def sender() -> None:
        while not stop.is_set():
            wake.wait(0.05)
            wake.clear()
            while app.outbox.flush(limit=20) > 0:
                pass

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    print("ready", flush=True)
    for n in range(klussen):
        if f"Crashklus {n}" not in posted:
            app.service.post_klus_line(actor, LINE.format(n=n))
            wake.set()
    while True:  # until the outbox is empty
        with transaction(app.engine) as s:
            if s.exec(select(Outbox.id).where(Outbox.sent_at == None)).first() is None:  # noqa: E711
                break
        wake.set()
        time.sleep(0.02)
    stop.set()
    for thread in threads:
        thread.join()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5:6] == ["recover"]))
