"""Delivers what the service wrote to the outbox, through each person's chat platform.

A row is claimed before it is sent (so two workers never send it twice), marked sent
with the platform's message reference, and on failure retried later with backoff. An
amendment waits until the message it amends has been sent, then replaces it in place.
A row with a file (a chart, an export) is uploaded instead; its bytes are erased once sent.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping

from sqlmodel import select

from bot.i18n import T
from bot.port import Card, ChatPort, Recipient
from storage import queries as q
from storage.db import transaction
from storage.models import Outbox as Row
from storage.models import Person

log = logging.getLogger(__name__)

CLAIM_SECONDS = 60
MAX_ATTEMPTS = 8


class Outbox:
    def __init__(self, engine, ports: Mapping[str, ChatPort],
                 clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self.ports = dict(ports)
        self._clock = clock or (lambda: datetime.now(timezone.utc))

    def flush(self, limit: int = 500) -> int:
        """Send what is due; return how many messages went out."""
        sent = 0
        now = self._clock()
        with transaction(self.engine) as s:
            rows = q.pending_outbox(s, now, now - timedelta(seconds=CLAIM_SECONDS), limit)
            ids = [r.id for r in rows]
        for row_id in ids:
            sent += self._deliver(row_id)
        return sent

    def _deliver(self, row_id: int) -> int:
        now = self._clock()
        with transaction(self.engine) as s:
            row = s.get(Row, row_id)
            if row is None or row.sent_at is not None:
                return 0
            if row.amends and s.exec(select(Row.id).where(
                    Row.key == row.amends, Row.sent_at == None, Row.id < row.id)).first():  # noqa: E711
                return 0  # the message it amends is not out yet; next flush
            port_name = s.get(Person, row.person_id).platform
            if port_name not in self.ports:
                return 0  # another process serves that platform
            if not q.claim_outbox(s, row.id, now, now - timedelta(seconds=CLAIM_SECONDS)):
                return 0
            person = s.get(Person, row.person_id)
            to = Recipient(person.platform, person.workspace, person.user_id, person.lang, person.name)
            ref_to_amend = q.sent_ref(s, row.amends) if row.amends else ""
            card = Card.from_json(row.card)
            upload = (row.filename, row.file or b"") if row.filename else None
        port = self.ports[port_name]
        try:
            if upload:
                ref = _upload(port, to, card, *upload)
            elif ref_to_amend:
                port.amend(to, ref_to_amend, card)
                ref = ref_to_amend
            else:
                ref = port.tell(to, card) or ""
        except Exception as exc:  # a platform fault: retry later, never lose the message
            log.warning("outbox %s to %s failed: %s", row_id, to.user_id, type(exc).__name__)
            with transaction(self.engine) as s:
                row = s.get(Row, row_id)
                row.attempts += 1
                row.claimed_at = None
                row.error = f"{type(exc).__name__}: {exc}"[:500]
                row.next_attempt_at = now + timedelta(seconds=min(2 ** row.attempts, 3600))
                if row.attempts >= MAX_ATTEMPTS:
                    row.sent_at = now  # given up; the error stays on the row
                    row.file = None
                s.add(row)
            return 0
        with transaction(self.engine) as s:
            row = s.get(Row, row_id)
            row.sent_at = self._clock()
            row.ref = ref[:200]
            row.error = ""
            row.file = None  # an export holds personal data: kept no longer than needed
            s.add(row)
        return 1


def _upload(port: ChatPort, to: Recipient, card: Card, filename: str, data: bytes) -> str:
    """Send a file; a platform that cannot (yet) gets a message saying so instead."""
    send = getattr(port, "upload", None)
    if send is None:
        card.text.append(T("office.no_upload", filename=filename))
        return port.tell(to, card) or ""
    return send(to, filename, data, card.title or filename) or ""
