"""Issue 7 on Mattermost, end to end (real request bodies over HTTP, a fake REST API that
can fail): a post Mattermost made although it answered 500, or whose answer timed out,
is found again instead of posted twice; a refused connection loses nothing; fifty
people clicking accept at once fill five places, and the others are told it is full."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from storage.db import transaction
from storage.models import Invitation, Klus, Outbox
from tests.test_mattermost import (LINE, FakeMattermost, actions_of, click, command,  # noqa: F401
                                   invitation_post, listener, mm, pool, settings, statuses, wait_for)

pytestmark = pytest.mark.db


class FaultyMattermost(FakeMattermost):
    """The fake REST API, which can also fail posts (made or not), answer late, and list
    a channel's posts (GET /channels/{id}/posts)."""

    def __init__(self):
        super().__init__()
        self.post_failures: list[tuple[int, bool]] = []  # (status, made anyway)
        self.stall = 0.0  # the next post is made, but answered this much later

    def handle(self, method, path, body, auth):
        api = path.removeprefix("/api/v4").split("?", 1)[0]
        listing = re.fullmatch(r"/channels/([^/]+)/posts", api)
        if method == "GET" and listing:
            with self.lock:
                self.calls.append((method, path, body))
                posts = {p["id"]: p for p in self.posts.values() if p["channel_id"] == listing.group(1)}
            return 200, {"order": list(posts), "posts": posts}, {}
        if method == "POST" and api == "/posts":
            with self.lock:
                failure = self.post_failures.pop(0) if self.post_failures else None
                stall, self.stall = self.stall, 0.0
            if failure:
                status, made = failure
                if made:
                    super().handle(method, path, body, auth)
                else:
                    with self.lock:
                        self.calls.append((method, path, body))
                return status, {"id": "api.post.create_post.app_error", "status_code": status}, {}
            answer = super().handle(method, path, body, auth)
            time.sleep(stall)
            return answer
        return super().handle(method, path, body, auth)


@pytest.fixture
def fake():
    server = FaultyMattermost()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def _outbox(app) -> list[Outbox]:
    with transaction(app.engine) as s:
        return list(s.exec(select(Outbox).order_by(Outbox.id)).all())


def _flush_until_sent(app, key: str = "inv:1") -> Outbox:
    """Deliver what is due, and wait until `key` is sent: the handler's own sender may have
    claimed it first, and then our flush passes it by while that send is still going."""
    app.outbox.flush()
    return wait_for(lambda: next((r for r in _outbox(app) if r.key == key and r.sent_at is not None), None),
                    what=f"{key} sent")


def _wait_attempt(app, key: str) -> Outbox:
    return wait_for(lambda: next((r for r in _outbox(app) if r.key == key and r.attempts >= 1), None),
                    what=f"a failed attempt of {key}")


def test_a_post_made_despite_a_500_is_found_not_posted_again(app, fake, mm, pool, clock):
    fake.post_failures = [(500, True)]  # the first DM: made, but Mattermost answers 500
    command(mm, "u-manager", LINE)
    first = _wait_attempt(app, "inv:1")
    assert "500" in first.error
    clock.advance(minutes=5)  # past the backoff
    _flush_until_sent(app)
    fatima = [p for p in fake.dms("u-fatima")]
    assert len(fatima) == 1  # found by its marker, not posted again
    assert fake.count("GET", "/api/v4/channels/") >= 1
    row = next(r for r in _outbox(app) if r.key == "inv:1")
    assert row.sent_at is not None and row.ref == fatima[0]["id"]
    answer = click(mm, fake, fatima[0], "u-fatima", "accept")  # and its buttons work on that very post
    assert "Je hebt geaccepteerd" in answer.json()["update"]["message"]


def test_a_post_whose_answer_times_out_is_not_doubled(app, fake, mm, pool, clock):
    mm.mattermost.client._http.timeout = httpx.Timeout(0.5)
    fake.stall = 1.5
    command(mm, "u-manager", LINE)
    first = _wait_attempt(app, "inv:1")
    assert "Timeout" in first.error
    clock.advance(minutes=5)
    _flush_until_sent(app)
    assert len(fake.dms("u-fatima")) == 1


def test_a_server_error_on_a_post_that_was_not_made_is_sent_later(app, fake, mm, pool, clock):
    fake.post_failures = [(503, False)]
    command(mm, "u-manager", LINE)
    _wait_attempt(app, "inv:1")
    assert len(fake.dms("u-fatima")) == 0
    clock.advance(minutes=5)
    _flush_until_sent(app)
    assert len(fake.dms("u-fatima")) == 1


def test_a_refused_connection_loses_nothing(app, fake, mm, pool, clock):
    import socket

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{closed.getsockname()[1]}/api/v4"
    closed.close()
    client = mm.mattermost.client
    client._sleep = lambda seconds: None  # its backoff, not the test's time
    mm.mattermost.port.channel("u-fatima")  # known before Mattermost goes away
    live, client._http.base_url = client._http.base_url, dead
    app.service.post_klus_line(pool["manager"], LINE)
    app.outbox.flush()
    row = next(r for r in _outbox(app) if r.key == "inv:1")
    assert row.attempts == 1 and row.sent_at is None and "ConnectError" in row.error
    client._http.base_url = live
    clock.advance(minutes=5)
    _flush_until_sent(app)
    assert len(fake.dms("u-fatima")) == 1


def test_fifty_simultaneous_accepts_fill_five_places(app, fake, mm, listener, clock):
    listener.socket.listen(128)  # a crowd connects at once: room for all of them in the backlog
    app.service.settings = app.service.settings.with_(auto_confirm=True, invites_per_place=10,
                                                      max_invites_per_week=1000)
    fake.add_user("u-manager", "Marieke")
    manager = app.service.person("mattermost", "team0000000000000000000001", "u-manager", "Marieke", "nl")
    users = [f"u-c{n:03d}" for n in range(50)]
    for n, user in enumerate(users):
        fake.add_user(user, f"Collega{n}")
        actor = app.service.person("mattermost", "team0000000000000000000001", user, f"Collega{n}", "nl")
        app.service.update_profile(actor, {"name": actor.name, "visible": "ja", "skills": "Power BI, SQL",
                                           "hours_per_week": "16"})
    app.service.post_klus_line(manager, LINE.replace("1 plek", "5 plekken"))
    app.outbox.flush()
    posts = {user: invitation_post(fake, user) for user in users}
    barrier = threading.Barrier(len(users))
    answers: dict = {}

    def press(user):
        barrier.wait()
        try:
            answers[user] = click(mm, fake, posts[user], user, "accept")
        except Exception as exc:  # pragma: no cover - reported below
            answers[user] = exc

    threads = [threading.Thread(target=press, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert [getattr(a, "status_code", a) for a in answers.values()] == [200] * 50
    said = [a.json().get("ephemeral_text", "") for a in answers.values()]
    assert sum("Je doet mee aan" in s for s in said) == 5
    assert sum("is inmiddels vol" in s for s in said) == 45
    with transaction(app.engine) as s:
        klus = s.exec(select(Klus)).one()
        confirmed = s.exec(select(Invitation).where(Invitation.status == "confirmed")).all()
    assert (klus.status, klus.taken, len(confirmed)) == ("filled", 5, 5)


def test_after_a_crash_mid_send_the_outbox_asks_mattermost_before_sending_again(app, fake, mm, pool, clock):
    command(mm, "u-manager", LINE)
    post = invitation_post(fake, "u-fatima")
    wait_for(lambda: next((r for r in _outbox(app) if r.key == "inv:1" and r.sent_at), None), what="sent")
    with transaction(app.engine) as s:
        row = s.exec(select(Outbox).where(Outbox.key == "inv:1")).one()
        row.sent_at, row.ref, row.claimed_at = None, "", clock() - timedelta(seconds=90)
        s.add(row)
    clock.advance(minutes=2)
    _flush_until_sent(app)
    assert len(fake.dms("u-fatima")) == 1
    with transaction(app.engine) as s:
        assert s.exec(select(Outbox).where(Outbox.key == "inv:1")).one().ref == post["id"]
