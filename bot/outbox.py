"""Delivers what the service wrote to the outbox, through each person's chat platform.

A row is claimed before it is sent (so two workers never send it twice), marked sent
with the platform's message reference, and on failure retried later with backoff. A
row found claimed but neither sent nor failed was cut off by a crash between sending
and storing the outcome; before sending it again the outbox asks a port that can look
back (`recover`: Slack and Mattermost search the DM, since the row was written, for the
message's marker) whether it arrived, so a crash doubles nothing there either. An amendment waits until the
message it amends has been sent, then replaces it in place. A row with a file (a
chart, an export) is uploaded instead; its bytes are erased once sent.

After MAX_ATTEMPTS a row is given up (marked sent, the error kept on it), and someone
responsible hears of it in the same transaction: the owner of the klus the message was
about, or, when the owner is the one we cannot reach (or no klus is involved), the
flexpool's admins. Nothing else changes: an invitation nobody could deliver stays open
until it expires like any other, so nobody's state is rolled back behind their back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Mapping

from sqlmodel import Session, col, or_, select

from bot import logs
from bot.i18n import T
from bot.port import Card, ChatPort, Choice, Recipient
from storage import queries as q
from storage.db import transaction
from storage.models import AdminRole, Invitation, Klus
from storage.models import Outbox as Row
from storage.models import Person

log = logging.getLogger(__name__)

CLAIM_SECONDS = 60
MAX_ATTEMPTS = 8
UNREACHABLE = "unreachable:"  # key prefix of the notices about a message given up


class Outbox:
    def __init__(self, engine, ports: Mapping[str, ChatPort],
                 clock: Callable[[], datetime] | None = None,
                 admins: Callable[[], Iterable[str]] = tuple):
        self.engine = engine
        self.ports = dict(ports)
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.admins = admins  # FLEXPOOL_ADMINS, asked when a message is given up

    def flush(self, limit: int = 500) -> int:
        """Send what is due to people on the platforms this process serves (`ports`);
        return how many messages went out."""
        sent = 0
        now = self._clock()
        with transaction(self.engine) as s:
            rows = q.pending_outbox(s, now, now - timedelta(seconds=CLAIM_SECONDS), limit, tuple(self.ports))
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
            # Claimed before, yet neither sent nor failed: the sender died mid-send (a crash).
            # The message may have arrived; a platform that can look asks before sending again.
            cut_off = _utc(row.claimed_at) if row.claimed_at is not None else None
            # The look-back covers the row's whole life: a crash may have cut off more than
            # one try (even one that was itself looking back), and the message went out at
            # the earliest of them — never before the row was written.
            written = _utc(row.created_at)
            if not q.claim_outbox(s, row.id, now, now - timedelta(seconds=CLAIM_SECONDS)):
                return 0
            person = s.get(Person, row.person_id)
            to = Recipient(person.platform, person.workspace, person.user_id, person.lang, person.name)
            ref_to_amend = q.sent_ref(s, row.amends) if row.amends else ""
            card = Card.from_json(row.card)
            upload = (row.filename, row.file or b"") if row.filename else None
            request_id = row.request_id
        with logs.bound(request_id):  # the request that wrote it (bot.logs), in the lines logged here
            return self._send(row_id, now, port_name, to, card, upload, ref_to_amend, cut_off, written)

    def _send(self, row_id: int, now: datetime, port_name: str, to: Recipient, card: Card,
              upload: tuple[str, bytes] | None, ref_to_amend: str, cut_off: datetime | None,
              written: datetime) -> int:
        port = self.ports[port_name]
        looking_back = False
        try:
            if upload:
                ref = _upload(port, to, card, *upload)
            elif ref_to_amend:
                port.amend(to, ref_to_amend, card)
                ref = ref_to_amend
            else:
                recover = getattr(port, "recover", None) if cut_off is not None else None
                looking_back = recover is not None
                found = recover(to, card, written.timestamp()) if recover else None
                looking_back = False
                ref = found or port.tell(to, card) or ""
        except Exception as exc:  # a platform fault: retry later, never lose the message
            log.warning("outbox %s to %s failed: %s", row_id, to.user_id, type(exc).__name__)
            with transaction(self.engine) as s:
                row = s.get(Row, row_id)
                if row.sent_at is not None:  # another sender took over a claim we held too long, and sent it
                    return 0
                row.attempts += 1
                # A look-back that could not finish leaves the crash's claim time in place:
                # the next try looks back over the same window before it may send.
                row.claimed_at = cut_off if looking_back else None
                row.error = f"{type(exc).__name__}: {exc}"[:500]
                row.next_attempt_at = now + timedelta(seconds=min(2 ** row.attempts, 3600))
                if row.attempts >= MAX_ATTEMPTS:
                    row.sent_at = now  # given up; the error stays on the row
                    row.file = None
                    log.error("outbox %s to %s given up after %d attempts: %s", row_id, to.user_id,
                              row.attempts, type(exc).__name__)
                    if not ref_to_amend:  # a new message never arrived (a failed edit reached them before)
                        _tell_someone(s, row, now, tuple(self.admins()))
                s.add(row)
            return 0
        with transaction(self.engine) as s:
            row = s.get(Row, row_id)
            row.sent_at = self._clock()
            row.ref = ref[:200]
            row.error = ""
            row.file = None  # an export holds personal data: kept no longer than needed
            s.add(row)
        log.info("outbox %s sent to %s", row_id, to.user_id)
        return 1


def _utc(moment: datetime) -> datetime:
    """Stored times come back naive from SQLite (they are UTC) and aware from PostgreSQL."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _upload(port: ChatPort, to: Recipient, card: Card, filename: str, data: bytes) -> str:
    """Send a file; a platform that cannot (yet) gets a message saying so instead."""
    send = getattr(port, "upload", None)
    if send is None:
        card.text.append(T("office.no_upload", filename=filename))
        return port.tell(to, card) or ""
    return send(to, filename, data, card.title or filename) or ""


# --- a message given up: tell someone who can act on it ------------------------------------

def _tell_someone(s: Session, row: Row, now: datetime, admins: tuple[str, ...]) -> None:
    """Queue a notice that `row` could not be delivered: to the owner of the klus it was
    about, else to the admins (those of the recipient's organisation first). An owner hears
    once a day per person and klus, the admins once a day per person; a notice that itself
    fails is not reported again."""
    if row.key.startswith(UNREACHABLE):
        return
    person = s.get(Person, row.person_id)
    klus = _klus_of(s, row.key or row.amends)
    to_owner = klus is not None and klus.owner_id != person.id
    key = f"{UNREACHABLE}{person.id}:{klus.id}" if to_owner else f"{UNREACHABLE}{person.id}"
    if s.exec(select(Row.id).where(Row.key == key, Row.created_at >= now - timedelta(days=1))).first():
        return
    if to_owner:
        card = Card(text=[T("outbox.unreachable_owner", name=person.name, title=klus.title, attempts=row.attempts)],
                    choices=[Choice("candidates", str(klus.id), T("btn.candidates"))])
        targets = [klus.owner_id]
    else:
        about = T("outbox.about_klus", title=klus.title) if klus is not None else T("outbox.about_nothing")
        card = Card(text=[T("outbox.unreachable_admin", name=person.name, platform=person.platform,
                            about=about, attempts=row.attempts)])
        targets = [pid for pid in _admins(s, person, admins) if pid != person.id]
    for target in targets:
        s.add(Row(person_id=target, key=key, card=card.to_json(), created_at=now, next_attempt_at=now))
    if not targets:
        log.error("nobody to tell that %s (%s) could not be reached", person.user_id, person.platform)


def _klus_of(s: Session, key: str) -> Klus | None:
    """The klus an outbox key is about: inv:<invitation>, acc:<invitation>, fb:<klus>:…, fbr:<klus>:…"""
    kind, _, rest = key.partition(":")
    ident = rest.split(":", 1)[0]
    if not ident.isdigit() or len(ident) > 11:
        return None
    if kind in ("inv", "acc"):
        inv = s.get(Invitation, int(ident))
        return s.get(Klus, inv.klus_id) if inv is not None else None
    if kind in ("fb", "fbr"):
        return s.get(Klus, int(ident))
    return None


def _admins(s: Session, about: Person, named: tuple[str, ...]) -> list[int]:
    """Admins (`named` in FLEXPOOL_ADMINS, and those added in chat) as people the bot
    knows; those of `about`'s organisation when there are any, else all."""
    plain = [a for a in named if ":" not in a]
    scoped = [tuple(a.split(":", 1)) for a in named if ":" in a]
    people = list(s.exec(select(Person).where(or_(
        col(Person.id).in_(select(AdminRole.person_id)),
        col(Person.user_id).in_(plain or [""]),
        *[(Person.platform == p) & (Person.user_id == u) for p, u in scoped],
    )).order_by(Person.id)).all())
    own = [p.id for p in people if p.organisation_id == about.organisation_id]
    return own or [p.id for p in people]
