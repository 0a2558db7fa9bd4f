"""Issue 13, one scenario per bullet, through the terminal (the whole bot as a newcomer
types it) — Slack's side of the same bullets is in tests/test_slack.py."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from bot.demo import load_demo
from handlers.console import Shell
from storage.db import transaction
from storage.models import Feedback, Invitation, Klus, Profile

LINE = ("/klus Data-analist voor dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL; "
        "8 uur per week; 4 weken; 2 plekken")


TITLE = "Data-analist voor dashboard jeugdzorg"


def button(output: str, label: str, after: str = "") -> str:
    """The number of the last button called `label` in `output`, or with `after`: the
    first one after the first mention of `after` (a klus in a list)."""
    if after:
        output = output[output.index(after):]
        return re.findall(rf"\[(\d+)\] {re.escape(label)}", output)[0]
    return re.findall(rf"\[(\d+)\] {re.escape(label)}", output)[-1]


class Terminal:
    def __init__(self, app, clock, start_as="marieke"):
        app.service.settings = app.service.settings.with_(quiet_hours="", quiet_weekends=False,
                                                          admins=("shell:flexbureau",))
        load_demo(app)
        with transaction(app.engine) as s:  # the demo's own klussen step aside: these scenarios are about one klus
            s.exec(update(Klus).values(status="cancelled"))
            s.exec(update(Invitation).where(col(Invitation.status).in_(("offered", "accepted")))
                   .values(status="withdrawn"))
        app.outbox.flush()
        self.app, self.clock = app, clock
        self.out = io.StringIO()
        self.shell = Shell(app, io.StringIO(""), self.out, start_as=start_as)

    def say(self, line: str) -> str:
        start = len(self.out.getvalue())
        self.shell.handle(line)
        return self.out.getvalue()[start:]

    def wait(self, **delta) -> str:
        start = len(self.out.getvalue())
        self.clock.advance(**delta)
        self.app.service.tick()
        self.app.outbox.flush()
        return self.out.getvalue()[start:]

    def to(self, output: str, name: str) -> str:
        """What `output` shows was sent to `name` (each message starts with ✉ or ✎)."""
        parts = re.split(r"(?m)^(?=[✉✎📎] )", output)
        return "".join(p for p in parts if re.match(rf"[✉✎📎] .*(aan|to) {re.escape(name)}", p))

    def invitation(self, name: str, klus_id: int = None) -> Invitation:
        with transaction(self.app.engine) as s:
            from storage.models import Person

            rows = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)
                          .order_by(Invitation.id)).all()
            return [i for i, p in rows if p.name.startswith(name) and (klus_id is None or i.klus_id == klus_id)][-1]

    def klus(self, klus_id: int) -> Klus:
        with transaction(self.app.engine) as s:
            return s.get(Klus, klus_id)


@pytest.fixture
def term(app, clock):
    return Terminal(app, clock)


def _posted_id(output: str) -> int:
    return int(re.findall(r"klus #(\d+)", output)[-1]) if re.search(r"klus #(\d+)", output) else \
        int(re.findall(r"#(\d+)", output)[-1])


def _post(term) -> tuple[str, int]:
    posted = term.say(LINE)
    with transaction(term.app.engine) as s:
        klus_id = max(k.id for k in s.exec(select(Klus)).all())
    return posted, klus_id


# --- accepted but never confirmed: reminded, escalated, and the truth at the start -----------------

def test_accepted_but_unconfirmed_reminds_the_manager_tells_the_office_and_tells_the_truth_at_start(term):
    posted, klus_id = _post(term)
    term.say("als fatima")
    accepted = term.say(button(term.to(posted, "Fatima"), "Accepteren"))
    assert "Je hebt geaccepteerd" in accepted
    later = term.wait(hours=25)
    to_marieke = term.to(later, "Marieke")
    assert "Herinnering: Fatima Yilmaz accepteerde" in to_marieke and "[" in to_marieke  # the buttons again
    escalated = term.wait(hours=24)
    assert "heeft nog niet bevestigd of afgewezen" in term.to(escalated, "Flexbureau")
    assert "het flexpoolbureau is ingelicht" in term.to(escalated, "Marieke")
    start = term.klus(klus_id).start
    while term.app.service.today() < start:
        at_start = term.wait(days=1)
    started = at_start
    assert "niet op tijd bevestigd" in term.to(started, "Fatima")
    assert "inmiddels begonnen; je hoeft niets meer te doen" not in started  # the old untruth
    assert "Fatima Yilmaz had geaccepteerd" in term.to(started, "Marieke")
    assert "had op de startdatum nog niemand" not in started
    assert term.klus(klus_id).status == "expired"
    assert term.invitation("Fatima", klus_id).status == "withdrawn"


def test_self_offer_left_unconfirmed_is_reminded_too(term):
    _, klus_id = _post(term)
    term.say("als joris")
    listing = term.say("/flexpool klussen")
    offered = term.say(button(listing, "Ik bied me aan", after=TITLE))
    assert "Je aanbod is doorgestuurd" in offered or "doorgestuurd" in offered or offered
    assert "Herinnering: Joris Smit accepteerde" in term.to(term.wait(hours=25), "Marieke")
    term.say("als joris")
    assert "wacht op Marieke de Vries" in term.say(f"/flexpool waarom {klus_id}")


# --- Afwijzen, with a reason, and no "someone else" that is not true --------------------------

def test_afwijzen_with_a_reason_and_no_false_someone_else(term):
    posted, klus_id = _post(term)
    term.say("als fatima")
    accepted = term.say(button(term.to(posted, "Fatima"), "Accepteren"))
    assert "Niet nu" not in accepted
    term.say("als marieke")
    rejected = term.say(button(accepted, "Afwijzen") + " We zoeken iemand met meer Python")
    to_fatima = term.to(rejected, "Fatima")
    assert "heeft je aanmelding voor deze klus afgewezen" in to_fatima
    assert "We zoeken iemand met meer Python" in to_fatima
    assert "iemand anders" not in to_fatima  # 0 of 2 places were taken
    assert term.invitation("Fatima", klus_id).status == "rejected"


# --- cancel asks first, takes a reason and tells everyone -------------------------------------

def test_cancel_asks_first_takes_a_reason_and_tells_everyone(term):
    posted, klus_id = _post(term)
    term.say("als fatima")
    term.say(button(term.to(posted, "Fatima"), "Accepteren"))
    term.say("als marieke")
    mine = term.say("/klus mijn")
    asked = term.say(button(mine, "Klus annuleren", after=TITLE))
    assert "Weet je zeker" in asked and "Fatima Yilmaz" in asked
    assert term.klus(klus_id).status == "open"  # nothing happened yet
    done = term.say(button(asked, "Ja, annuleer de klus") + " Budget is ingetrokken")
    assert "is geannuleerd. Ingelicht:" in done
    assert "Budget is ingetrokken" in term.to(done, "Fatima") and "geannuleerd" in term.to(done, "Fatima")
    for name in ("Sanne", "Daan"):
        if term.to(posted, name):
            assert "Budget is ingetrokken" in term.to(done, name)
    assert term.klus(klus_id).status == "cancelled"


# --- edit a posted klus; post an expired or cancelled one again -----------------------------------

def test_edit_a_posted_klus_and_everyone_invited_hears_what_changed(term):
    posted, klus_id = _post(term)
    term.say("als fatima")
    accepted = term.say(button(term.to(posted, "Fatima"), "Accepteren"))
    term.say("als marieke")
    term.say(button(accepted, "Bevestigen"))
    mine = term.say("/klus mijn")
    form = term.say(button(mine, "Wijzigen", after=TITLE))
    assert "Klus wijzigen" in form and f"/klus wijzig {klus_id}" in form
    refused = term.say(f"/klus wijzig {klus_id}; plekken: 0")
    assert "plekken" in refused.lower() and term.klus(klus_id).places == 2
    fewer = term.say(f"/klus wijzig {klus_id}; 1 plek")
    assert term.klus(klus_id).places == 1 or "minder plekken" in fewer
    too_much = term.say(f"/klus wijzig {klus_id}; 20 uur per week")
    assert "niet zoveel uren vrij" in too_much and term.klus(klus_id).hours_per_week == 8  # Fatima has 8
    changed = term.say(f"/klus wijzig {klus_id}; titel: Dashboard jeugdzorg 2.0; 6 uur per week")
    assert "is gewijzigd" in changed
    assert "uren per week 8 → 6" in term.to(changed, "Fatima")
    assert term.klus(klus_id).title == "Dashboard jeugdzorg 2.0"


def test_an_expired_klus_can_be_posted_again_with_its_fields_filled_in(term):
    _, klus_id = _post(term)
    start = term.klus(klus_id).start
    while term.app.service.today() < start:
        term.wait(days=1)
    assert term.klus(klus_id).status == "expired"
    mine = term.say("/klus mijn")
    form = term.say(button(mine, "Opnieuw plaatsen", after=TITLE))
    line = re.search(r"(/klus Data-analist[^`\n]*)", form).group(1)
    assert "8 uur per week" in line and "2 plekken" in line and "vaardigheden: data-analyse" in line
    again = term.say(line)
    assert "Klus geplaatst" in again or "geplaatst" in again
    with transaction(term.app.engine) as s:
        assert len(s.exec(select(Klus)).all()) >= 2


# --- "Vertel meer" ---------------------------------------------------------------------------

def test_vertel_meer_adds_what_the_card_lacks(term):
    posted, _ = _post(term)
    term.say("als fatima")
    more = term.say(button(term.to(posted, "Fatima"), "Vertel meer"))
    assert "Opdrachtgever: Marieke de Vries · Ministerie van BZK · afdeling Informatievoorziening" in more
    assert "Waarom jij:" in more and "Power BI ✓" in more
    assert "Stuur Marieke de Vries een direct bericht" in more
    assert "gaf geen omschrijving" in more  # none was typed: said so, not hidden


# --- the mid-way check, delivery and feedback ------------------------------------------------

def _run_to_the_end(term, posted, klus_id):
    term.say("als fatima")
    accepted = term.say(button(term.to(posted, "Fatima"), "Accepteren"))
    term.say("als marieke")
    term.say(button(accepted, "Bevestigen"))
    start = term.klus(klus_id).start
    while term.app.service.today() < start:
        term.wait(days=1)
    assert term.klus(klus_id).status == "running"


def test_midway_check_has_buttons_and_help_reaches_the_office(term):
    posted, klus_id = _post(term)
    _run_to_the_end(term, posted, klus_id)
    seen = ""
    while "op koers" not in seen:
        seen = term.wait(days=1)
    check = term.to(seen, "Marieke")
    assert "Op koers" in check and "Hulp nodig" in check
    term.say("als marieke")
    helped = term.say(button(check, "🆘 Hulp nodig") + " Fatima kan niet bij de data")
    assert "flexpoolbureau is ingelicht" in helped
    assert "Fatima kan niet bij de data" in term.to(helped, "Flexbureau")


def test_no_at_delivery_skips_endorsements_and_feedback_is_acknowledged_and_reaches_the_office(term):
    posted, klus_id = _post(term)
    _run_to_the_end(term, posted, klus_id)
    ended = ""
    while "Hoe was het?" not in ended:
        ended = term.wait(days=1)
    term.say("als marieke")
    no = term.say(button(term.to(ended, "Marieke"), "Nee"))
    assert "Welke vaardigheden" not in no and "geen vaardigheden" in no
    assert "niet heeft geleverd" in term.to(no, "Flexbureau")
    term.say("als fatima")
    rated = term.say(button(term.to(ended, "Fatima"), "🙁 Niet goed") + " Weinig begeleiding gehad")
    assert "Je toelichting is bewaard" in rated and "Weinig begeleiding gehad" in term.to(rated, "Fatima")
    assert "Weinig begeleiding gehad" in term.to(rated, "Flexbureau")
    with transaction(term.app.engine) as s:
        row = s.exec(select(Feedback).where(Feedback.rating == 1)).one()
        assert row.comment == "Weinig begeleiding gehad"


# --- waarom says on whom an offer waits ----------------------------------------------------------

def test_waarom_says_on_whom_an_offer_waits(term):
    posted, klus_id = _post(term)
    term.say("als fatima")
    assert "wacht op jouw antwoord" in term.say(f"/flexpool waarom {klus_id}")
    term.say(button(term.to(posted, "Fatima"), "Accepteren"))
    why = term.say(f"/flexpool waarom {klus_id}")
    assert "wacht op Marieke de Vries" in why and "wacht op jou" not in why.replace("wacht op jouw", "")


# --- endorsements in the profile, and the colleague is told ---------------------------------------

def test_endorsements_show_in_the_profile_not_under_wil_leren_and_the_colleague_is_told(term):
    with transaction(term.app.engine) as s:  # Fatima wants to learn what she will be endorsed for
        from storage.models import Person

        fatima = s.exec(select(Person).where(Person.user_id == "fatima")).one()
        profile = s.exec(select(Profile).where(Profile.person_id == fatima.id)).one()
        profile.wants = "machine learning, SQL"
        s.add(profile)
    posted, klus_id = _post(term)
    _run_to_the_end(term, posted, klus_id)
    ended = ""
    while "Hoe was het?" not in ended:
        ended = term.wait(days=1)
    term.say("als marieke")
    yes = term.say(button(term.to(ended, "Marieke"), "Ja"))
    endorsed = term.say(button(yes, "✓ SQL"))
    assert "Marieke de Vries bevestigt" in term.to(endorsed, "Fatima") and "SQL" in term.to(endorsed, "Fatima")
    term.say("als fatima")
    term.shell.service.settings = term.shell.service.settings  # same settings
    card = term.app.service.profile_card(term.app.service.find_person("fatima"))
    from bot.i18n import render

    fields = {render(k, "nl"): render(v, "nl") for c in card.cards for k, v in c.fields}
    assert "SQL" in fields["Bevestigd door opdrachtgevers"]
    assert "SQL" not in fields.get("Wil leren", "")
    form = term.say("/flexpool profiel")
    assert "Bevestigd door opdrachtgevers (staat al op je profiel): SQL" in form
