"""Fair delivery (issue 15): Slack and Mattermost people in one database, one pool. With
the Slack process down and many messages due for Slack people, the Mattermost process
still delivers its own new invitations at once: a sender lists and claims only rows of
the platforms it serves, and a sender with an old list never tries a row again that
another sender has just tried and put back."""

from __future__ import annotations

from datetime import timedelta

from bot.port import Card
from storage.db import transaction
from storage.models import Outbox
from tests.test_mattermost import (LINE, TEAM, command, fake, listener, mm, pool, settings,  # noqa: F401
                                   invitation_post)


def _slack_backlog(app, clock, n: int) -> None:
    """`n` due messages to Slack people, older than anything Mattermost will queue."""
    with transaction(app.engine) as s:
        for i in range(n):
            actor = app.service.person("slack", "T0001", f"USLACK{i:03d}", f"Slack {i}")
            s.add(Outbox(person_id=actor.id, key=f"test:{i}", card=Card(text=["hallo"]).to_json(),
                         created_at=clock() - timedelta(minutes=5), next_attempt_at=clock() - timedelta(minutes=5)))


def test_mattermost_delivers_while_slack_is_down_with_a_backlog(app, clock, fake, mm, pool):
    _slack_backlog(app, clock, 60)
    assert command(mm, "u-manager", LINE).status_code == 200
    # Within seconds (the handler's sender is kicked by the command): both fitting colleagues.
    for user in ("u-fatima", "u-sanne"):
        invitation_post(fake, user)
    with transaction(app.engine) as s:
        waiting = s.exec(Outbox.__table__.select().where(Outbox.key.like("test:%"),
                                                         Outbox.sent_at == None)).all()  # noqa: E711
    assert len(waiting) == 60  # the Slack rows wait for a Slack process: unclaimed, not delayed
    assert all(row.claimed_at is None and row.attempts == 0 for row in waiting)


def test_the_outbox_lists_only_rows_of_its_own_platforms(app, clock, people):
    from bot.outbox import Outbox as Sender

    _slack_backlog(app, clock, 30)
    anna = people("Anna")
    with transaction(app.engine) as s:
        s.add(Outbox(person_id=anna.id, key="shell:1", card=Card(text=["hoi"]).to_json(),
                     created_at=clock(), next_attempt_at=clock()))
    delivered = []

    class Port:
        platform = "shell"

        def tell(self, to, card):
            delivered.append(to.user_id)
            return "ref"

    sender = Sender(app.engine, {"shell": Port()}, clock=clock)
    assert sender.flush(limit=5) == 1  # the oldest 30 rows are Slack's: not even listed
    assert delivered == ["anna"]


def test_a_sender_with_an_old_list_cannot_try_a_row_another_has_just_put_back(app, clock, people):
    """Why `test_a_person_slack_will_not_reach_is_reported_to_the_owner_when_the_outbox_gives_up`
    once saw a ninth try: two senders listed the row; one tried it and put it back with a
    backoff; the other then claimed it from its old list, not due, stamped with a time the
    test's clock jumped past (2 hours), so a third sender took that claim for a crashed one
    and sent as well. A claim now requires the row to be due."""
    from storage import queries as q

    anna = people("Anna")
    with transaction(app.engine) as s:
        row = Outbox(person_id=anna.id, key="k", card=Card(text=["hoi"]).to_json(),
                     created_at=clock(), next_attempt_at=clock())
        s.add(row)
        s.flush()
        row_id = row.id
    stale = clock() - timedelta(seconds=60)
    with transaction(app.engine) as s:
        assert [r.id for r in q.pending_outbox(s, clock(), stale, 10, ["shell"])] == [row_id]  # both list it
        assert q.claim_outbox(s, row_id, clock(), stale)  # one claims and tries
        put_back = s.get(Outbox, row_id)
        put_back.claimed_at, put_back.attempts = None, 1
        put_back.next_attempt_at = clock() + timedelta(seconds=2)
        s.add(put_back)
    with transaction(app.engine) as s:
        assert not q.claim_outbox(s, row_id, clock(), stale)  # the other, from its old list: not due
    clock.advance(seconds=3)
    with transaction(app.engine) as s:
        assert q.claim_outbox(s, row_id, clock(), clock() - timedelta(seconds=60))
