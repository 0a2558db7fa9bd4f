"""Nobody in where they don't belong: every button and every admin subcommand, tried by
the wrong person. Only the invitee answers an invitation; only the klus owner (or an
admin) confirms, rejects, invites, sees candidates or cancels; only the owner and the
colleague give their feedback; only the asked line manager approves; only admins open
or close rounds, read stats, export, import, manage admins and organisations and read
the audit log. Every refusal says so, changes nothing in the database (a refused admin
attempt is only written to the audit log) and sends nobody anything.

The handlers only translate (tests/test_slack.py and tests/test_mattermost.py show the
refusals arrive over each platform's wire), so the matrix runs against the core, the way
every platform reaches it: `service.press` for buttons, `commands.command` for commands."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot import commands, privacy
from bot.app import build
from bot.port import Reply
from bot.settings import Settings
from storage.db import transaction
from storage.models import Approval, AuditLog, Invitation, Klus, MatchRound
from tests.conftest import PG_URL, FakeClock
from tests.recording import RecordingPort

pytestmark = pytest.mark.db

REFUSALS = {"inv.not_yours", "klus.not_yours", "fb.not_yours", "appr.not_yours", "round.admins_only",
            "office.admins_only", "stats.admins_only"}
LINE = "{title}; vaardigheden: Power BI, SQL, data-analyse; 8 uur per week; {weeks} weken; 1 plek"


def _inv(app, klus_id: int, person) -> int:
    with transaction(app.engine) as s:
        return s.exec(select(Invitation.id).where(Invitation.klus_id == klus_id,
                                                  Invitation.person_id == person.id)).one()


def _klus(app, title: str) -> int:
    with transaction(app.engine) as s:
        return s.exec(select(Klus.id).where(Klus.title == title)).one()


@pytest.fixture(scope="module")
def world(request, tmp_path_factory):
    """One database for the whole matrix (the refusals change nothing, so they can share it)."""
    if PG_URL:
        engine = request.getfixturevalue("_pg_engine")
        with engine.begin() as conn:
            tables = [r[0] for r in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"))]
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        url = PG_URL
    else:
        path = tmp_path_factory.mktemp("authorization") / "flexpool.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
    clock = FakeClock()
    app = build(Settings(database_url=url, admins=("admin",), secret="test-secret"), clock=clock, upgrade=False)
    port = RecordingPort()
    app.outbox.ports["shell"] = port

    def people(name: str, user_id: str | None = None, **profile):
        actor = app.service.person("shell", "demo", user_id or name.lower().replace(" ", "."), name)
        if profile:
            app.service.update_profile(actor, {"name": name, "visible": "ja",
                                               **{k: str(v) for k, v in profile.items()}})
        return actor

    yield app, people, clock, port, _scene(app, people, clock)
    app.engine.dispose()


@pytest.fixture
def scene(world):
    app, _, _, _, made = world
    return made


@pytest.fixture
def app(world):
    return world[0]


@pytest.fixture
def port(world):
    return world[3]


def _scene(app, people, clock):
    """A done klus with feedback due, an open klus with an offered and an accepted
    invitation, a line-manager approval waiting, and a matching round: each with its
    rightful people, and Mallory, who is none of them."""
    s = app.service
    s.settings = s.settings.with_(quiet_hours="", quiet_weekends=False, max_invites_per_week=100)
    who = {
        "manager": people("Marieke", skills="leidinggeven", hours_per_week=0),
        "fatima": people("Fatima", skills="data-analyse, Power BI, SQL", hours_per_week=40),
        "sanne": people("Sanne", skills="PowerBI, sql, data-analyse", hours_per_week=40),
        "daan": people("Daan", skills="Power BI, SQL, data-analyse", hours_per_week=40),
        "lars": people("Lars Leider", skills="leidinggeven", hours_per_week=0),
        "mallory": people("Mallory", skills="Power BI, SQL, data-analyse", hours_per_week=1),
        "admin": people("Bureau", user_id="admin"),
    }
    m = who["manager"]
    # Done: Fatima worked on it; both sides are asked for feedback.
    s.post_klus_line(m, LINE.format(title="Afgerond", weeks=1))
    done = _klus(app, "Afgerond")
    s.accept(who["fatima"], _inv(app, done, who["fatima"]))
    s.confirm(m, _inv(app, done, who["fatima"]))
    clock.advance(days=21)
    s.tick()  # it starts,
    s.tick()  # and it is done
    # Open: Fatima is asked, Sanne has accepted.
    s.post_klus_line(m, LINE.format(title="Lopend", weeks=4))
    open_ = _klus(app, "Lopend")
    s.accept(who["sanne"], _inv(app, open_, who["sanne"]))
    # Approval: switched on; Daan's line manager Lars is asked once Marieke confirms.
    asked = commands.command(s, who["admin"], "flexpool", "organisatie standaard Gemeente Voorbeeld")
    s.press(who["admin"], "org_confirm", asked.cards[0].choices[0].value)
    who = {key: s.person(a.platform, a.workspace, a.user_id) for key, a in who.items()}  # now in that organisation
    commands.command(s, who["admin"], "flexpool", "organisatie akkoord aan")
    s.update_profile(who["daan"], {"line_manager": "Lars Leider"})
    s.post_klus_line(m, LINE.format(title="Met akkoord", weeks=4))
    approved = _klus(app, "Met akkoord")
    s.accept(who["daan"], _inv(app, approved, who["daan"]))
    s.confirm(m, _inv(app, approved, who["daan"]))
    # A matching round, opened by an admin.
    commands.command(s, who["admin"], "flexpool", "ronde over 3 dagen")
    app.outbox.flush()
    with transaction(app.engine) as db:
        appr = db.exec(select(Approval.id)).one()
        rnd = db.exec(select(MatchRound.id)).one()
        assert db.get(Klus, done).status == "done"
    ids = {"done": done, "open": open_, "fatima_inv": _inv(app, open_, who["fatima"]),
           "sanne_inv": _inv(app, open_, who["sanne"]), "approval": appr, "round": rnd}
    return who, ids


def _snapshot(app) -> list:
    with transaction(app.engine) as s:
        return sorted((table, repr(sorted(row.items()))) for table, row in privacy.dump_all(s)
                      if table != "auditlog")


def _audit(app) -> list[str]:
    with transaction(app.engine) as s:
        return [row.action for row in s.exec(select(AuditLog).order_by(AuditLog.id)).all()]


def _keys(reply) -> set[str]:
    assert isinstance(reply, Reply), reply
    return {t.key for card in reply.cards for t in card.text if hasattr(t, "key")}


BUTTONS = [  # (who presses, action, value made from the scene's ids)
    ("mallory", "accept", "{fatima_inv}"),
    ("mallory", "decline", "{fatima_inv}"),
    ("mallory", "details", "{fatima_inv}"),
    ("manager", "accept", "{fatima_inv}"),  # the owner cannot answer for the invitee
    ("sanne", "decline", "{fatima_inv}"),  # nor can another invitee
    ("mallory", "confirm", "{sanne_inv}"),
    ("sanne", "confirm", "{sanne_inv}"),  # the invitee cannot confirm herself
    ("mallory", "reject", "{sanne_inv}"),
    ("fatima", "reject", "{sanne_inv}"),
    ("mallory", "candidates", "{open}"),
    ("sanne", "candidates", "{open}"),
    ("mallory", "cancel_klus", "{open}"),
    ("fatima", "cancel_klus", "{open}"),
    ("mallory", "cancel_klus_yes", "{open}"),  # issue 13: cancel asks first; the answer is the owner's too
    ("fatima", "edit_klus", "{open}"),
    ("mallory", "repost_klus", "{open}"),
    ("fatima", "midway_help", "{open}"),
    ("mallory", "invite", "{open}:{mallory_id}"),  # inviting oneself onto someone's klus
    ("mallory", "fb_rating", "{done}:1"),
    ("manager", "fb_rating", "{done}:1"),  # the colleague's rating is the colleague's
    ("mallory", "fb_delivered", "{done}:{fatima_id}:no"),
    ("fatima", "fb_delivered", "{done}:{fatima_id}:yes"),  # nobody reviews themselves
    ("mallory", "fb_endorse", "{done}:{fatima_id}:0"),
    ("fatima", "fb_endorse", "{done}:{fatima_id}:0"),
    ("mallory", "appr_yes", "{approval}"),
    ("daan", "appr_yes", "{approval}"),  # not one's own approval
    ("manager", "appr_no", "{approval}"),
    ("mallory", "round_close", "{round}"),
    ("manager", "round_cancel", "{round}"),
    ("mallory", "office_chart", ""),
    ("mallory", "office_export", ""),
]


@pytest.mark.parametrize("who,action,value", BUTTONS, ids=[f"{w}-{a}" for w, a, _ in BUTTONS])
def test_a_button_pressed_by_the_wrong_person_is_refused_and_changes_nothing(app, scene, port, who, action, value):
    people, ids = scene
    value = value.format(**ids, mallory_id=people["mallory"].id, fatima_id=people["fatima"].id)
    before, audit, sent = _snapshot(app), _audit(app), len(port.sent)
    reply = app.service.press(people[who], action, value)
    assert _keys(reply) & REFUSALS, reply
    app.outbox.flush()
    assert _snapshot(app) == before
    assert set(_audit(app)[len(audit):]) <= {"denied"}
    assert len(port.sent) == sent  # nobody was told anything


ADMIN = ["stats", "stats dit jaar", "grafiek", "export", "import https://intranet.example/hr.csv", "admin",
         "admin add @Mallory", "admin remove @Bureau", "audit", "organisatie Nep BV", "organisatie lijst",
         "organisatie akkoord uit", "verrekening", "mijn-gegevens @Fatima", "waarom 1 @Fatima", "ronde sluit",
         "ronde annuleer"]


@pytest.mark.parametrize("text", ADMIN)
def test_an_admin_subcommand_by_someone_else_is_refused_logged_and_changes_nothing(app, scene, port, text):
    people, _ = scene
    before, audit, sent = _snapshot(app), _audit(app), len(port.sent)
    reply = commands.command(app.service, people["mallory"], "flexpool", text)
    keys = _keys(reply)
    assert keys & REFUSALS or (text == "organisatie lijst" and keys == {"org.yours"}), keys
    app.outbox.flush()
    assert _snapshot(app) == before
    new = _audit(app)[len(audit):]
    assert set(new) <= {"denied"}
    assert len(port.sent) == sent and not port.files


def test_the_rightful_people_can_do_what_the_others_cannot(app, scene, port):  # last: it changes things
    """The matrix above is not empty: the same presses by the right people work."""
    people, ids = scene
    s = app.service
    assert not _keys(s.press(people["fatima"], "details", str(ids["fatima_inv"]))) & REFUSALS
    assert not _keys(s.press(people["manager"], "candidates", str(ids["open"]))) & REFUSALS
    assert not _keys(s.press(people["admin"], "candidates", str(ids["open"]))) & REFUSALS  # an admin may look
    assert not _keys(s.press(people["fatima"], "fb_rating", f"{ids['done']}:3")) & REFUSALS
    assert not _keys(s.press(people["manager"], "fb_delivered", f"{ids['done']}:{people['fatima'].id}:yes")) & REFUSALS
    assert not _keys(s.press(people["lars"], "appr_yes", str(ids["approval"]))) & REFUSALS
    assert not _keys(commands.command(s, people["admin"], "flexpool", "stats")) & REFUSALS
    assert not _keys(s.press(people["manager"], "confirm", str(ids["sanne_inv"]))) & REFUSALS
    with transaction(app.engine) as db:
        assert db.get(Invitation, ids["sanne_inv"]).status in ("confirmed", "accepted")
