"""The domain with a real database: profiles, klussen, matching, invitations, stats."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.i18n import render
from bot.oneline import KlusDraft
from bot.port import Form, FormErrors, Reply
from storage.db import transaction
from storage.models import Invitation, Klus, Outbox

LINE = ("Data-analist voor dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL; "
        "8 uur per week; 10 weken; 1 plek")




def text_of(reply: Reply, lang: str = "nl") -> str:
    out = []
    for card in reply.cards:
        if card.title:
            out.append(render(card.title, lang))
        out += [render(t, lang) for t in card.text]
        out += [f"{render(k, lang)}: {render(v, lang)}" for k, v in card.fields]
        if card.note:
            out.append(render(card.note, lang))
    return "\n".join(out)


def invitations(app, klus_id=None) -> dict[str, Invitation]:
    with transaction(app.engine) as s:
        from storage.models import Person

        rows = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)).all()
        return {p.name: i for i, p in rows if klus_id is None or i.klus_id == klus_id}


def klus(app, klus_id=1) -> Klus:
    with transaction(app.engine) as s:
        return s.get(Klus, klus_id)


# --- profiles ------------------------------------------------------------------------------

def test_profile_created_hidden_by_default_and_validated(app, people):
    me = people("Noor")
    reply = app.service.update_profile(me, {"skills": "AVG, privacy", "hours_per_week": "8"})
    assert isinstance(reply, Reply)
    assert "verborgen" in text_of(reply)  # opt-in: nobody is matched before switching it on
    errors = app.service.update_profile(me, {"hours_per_week": "-3", "visible": "misschien",
                                             "available_from": "gisteravond"})
    assert isinstance(errors, FormErrors)
    assert set(errors.errors) == {"hours_per_week", "visible", "available_from"}
    # nothing stored was lost by the bad input
    card = app.service.profile_card(me)
    assert "AVG, privacy" in text_of(card)


def test_profile_line_and_form(app, people):
    me = people("Noor")
    reply = app.service.update_profile_line(me, "vaardigheden: Python, SQL; wil leren: Power BI; uren: 8; zichtbaar: ja")
    assert "Python, SQL" in text_of(reply)
    form = app.service.profile_form(me)
    assert isinstance(form, Form)
    initial = {f.name: f.initial for f in form.fields}
    assert initial["skills"] == "Python, SQL" and initial["visible"] == "ja" and initial["hours_per_week"] == "8"
    bad = app.service.update_profile_line(me, "onzin zonder label")
    assert "begreep" in text_of(bad)


def test_paused_and_deleted_profiles_are_not_matched(app, pool, port):
    app.service.set_visible(pool["fatima"], False)
    app.service.delete_profile(pool["sanne"], confirmed=True)
    app.service.post_klus_line(pool["manager"], LINE)
    invited = invitations(app)
    assert "Fatima" not in invited and "Sanne" not in invited
    assert "Daan" in invited


def test_delete_asks_first_and_withdraws_open_invitations(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    ask = app.service.delete_profile(pool["fatima"])
    assert [c.action for c in ask.cards[0].choices] == ["delete_profile_yes", "noop"]
    assert invitations(app)["Fatima"].status == "offered"
    app.service.press(pool["fatima"], "delete_profile_yes", "")
    assert invitations(app)["Fatima"].status == "withdrawn"
    assert "bestaat" not in text_of(app.service.profile_card(pool["fatima"]))


# --- klussen: validation -------------------------------------------------------------------

@pytest.mark.parametrize("line, field, words", [
    ("Klus; 8 uur; van 2025-01-01 tot 2025-02-01", "start", "verleden"),
    ("Klus; 8 uur; start: 1-3-2027; tot 1-2-2027", "end", "vóór"),
    ("Klus; 8 uur; start: 1-12-2026; tot 1-12-2029", "end", "hoogstens"),
    ("Klus; -8 uur; 4 weken", "hours_per_week", "meer dan 0"),
    ("Klus; 4 weken", "hours_per_week", "hoeveel uur"),
    ("Klus; 8 uur", "end", "hoe lang"),
    ("Klus; 8 uur; 0 weken", "end", "nul"),
    ("Klus; 8 uur; 4 weken; 0 plekken", "places", "plekken"),
    ("!!!; 8 uur; 4 weken", "title", "titel"),
    ("Klus; 8 uur; start: 32-13-2026; 4 weken", "start", "begreep"),
])
def test_klus_validation_says_what_to_fix(app, pool, line, field, words):
    result = app.service.post_klus(pool["manager"], __import__("bot.oneline", fromlist=["x"]).parse_klus(
        line, app.service.today()))
    assert isinstance(result, FormErrors)
    assert field in result.errors
    assert words in render(result.errors[field], "nl")
    reply = app.service.post_klus_line(pool["manager"], line)
    assert "Pas dit aan" in text_of(reply)
    with transaction(app.engine) as s:
        assert s.exec(select(Klus)).all() == []  # nothing half-written


def test_max_duration_is_a_setting(app, pool):
    app.service.settings = app.service.settings.with_(max_duration_days=30)
    reply = app.service.post_klus_line(pool["manager"], "Klus; 8 uur; 6 weken")
    assert "30 dagen" in text_of(reply)


def test_skills_taken_from_text_when_absent(app, pool, port):
    reply = app.service.post_klus_line(pool["manager"], "Dashboard in Power BI met SQL-koppeling; 8 uur; 6 weken")
    assert "Power BI" in klus(app).skills and "SQL" in klus(app).skills
    assert "uit je tekst" in text_of(reply)


def test_form_submission_posts_or_returns_field_errors(app, pool, port):
    today = app.service.today()
    bad = app.service.submit(pool["manager"], "klus", {"title": "Dashboard", "description": "Klaar",
                                                       "hours_per_week": "acht", "start": "2026-12-01",
                                                       "end": "2026-11-30", "places": "1"})
    assert isinstance(bad, FormErrors) and "hours_per_week" in bad.errors
    good = app.service.submit(pool["manager"], "klus", {
        "title": "Dashboard jeugdzorg", "description": "Een werkend dashboard", "skills": "Power BI, SQL",
        "hours_per_week": "8", "start": date(2026, 12, 1), "end": date(2027, 2, 1), "places": "1",
        "location": "hybrid", "reach": "organisation"})
    assert isinstance(good, Reply)
    assert klus(app).location == "hybrid" and klus(app).start == date(2026, 12, 1)
    assert today == date(2026, 11, 23)


# --- matching in the service ---------------------------------------------------------------

def test_posting_invites_best_n_per_place_with_reasons(app, pool, port):
    reply = app.service.post_klus_line(pool["manager"], LINE)
    invited = invitations(app)
    assert set(invited) == {"Fatima", "Sanne", "Daan"}  # 3 per place, not everyone who scores
    assert "Marieke" not in invited  # never the poster
    assert "Busy" not in invited  # 4 free hours < 8 asked
    assert "Lotte" not in invited  # no fit
    assert "Fatima, Sanne, Daan" in text_of(reply)
    app.outbox.flush()
    dm = port.to("fatima")[0]
    assert "data-analyse ✓ · Power BI ✓ · SQL ✓" in dm.text() and "8 uur vrij" in dm.text()
    assert dm.actions[:2] == [("accept", str(invited["Fatima"].id)), ("decline", str(invited["Fatima"].id))]
    daan = port.to("daan")[0].text()
    assert "wil leren: data analyse" in daan  # a stretch match, labelled
    assert invited["Fatima"].score > invited["Daan"].score


def test_booked_hours_count_against_free_hours(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    inv = invitations(app)["Fatima"]
    app.service.accept(pool["fatima"], inv.id)
    app.service.confirm(pool["manager"], inv.id)
    app.service.post_klus_line(pool["manager"], "Tweede dashboard; vaardigheden: Power BI; 8 uur; 4 weken; 2 plekken")
    assert "Fatima" not in invitations(app, klus_id=2)  # her 8 hours are booked


def test_reach_department_and_own_department_preference(app, people, port):
    boss = people("Baas", department="Wonen", skills="x", hours_per_week=0)
    people("Wonen1", department="Wonen", skills="Excel", hours_per_week=8)
    people("Elders", department="Financiën", skills="Excel", hours_per_week=8)
    people("Thuisblijver", department="Financiën", skills="Excel", hours_per_week=8, preference="eigen afdeling")
    app.service.post_klus_line(boss, "Excel-klus; vaardigheden: Excel; 4 uur; 4 weken; bereik: afdeling")
    assert set(invitations(app, 1)) == {"Wonen1"}
    app.service.post_klus_line(boss, "Excel-klus 2; vaardigheden: Excel; 4 uur; 4 weken")
    assert set(invitations(app, 2)) == {"Wonen1", "Elders"}


# --- invitations ----------------------------------------------------------------------------

def test_whole_flow_accept_confirm_fill_withdraw(app, pool, port):
    m, f = pool["manager"], pool["fatima"]
    app.service.post_klus_line(m, LINE)
    app.outbox.flush()
    inv = invitations(app)
    assert app.service.accept(f, inv["Fatima"].id).cards == []
    app.outbox.flush()
    assert "bevestigt nog" in port.to("fatima")[-1].text() and port.to("fatima")[-1].amended
    to_manager = port.to("marieke")[-1]
    assert "Fatima wil Data-analist" in to_manager.text() and "Power BI ✓" in to_manager.text()
    assert to_manager.actions == [("confirm", str(inv["Fatima"].id)), ("reject", str(inv["Fatima"].id))]

    app.service.press(m, "confirm", str(inv["Fatima"].id))
    app.outbox.flush()
    assert klus(app).status == "filled" and klus(app).taken == 1
    now = invitations(app)
    assert now["Fatima"].status == "confirmed"
    assert now["Sanne"].status == "withdrawn" and now["Daan"].status == "withdrawn"
    assert any("inmiddels vol" in s.text() and s.amended and not s.card.choices for s in port.to("sanne"))
    assert any("is vol: Fatima" in s.text() for s in port.to("marieke"))
    assert any("Je gaat aan de slag" in s.text() for s in port.to("fatima"))
    # a stale button after the klus filled
    late = app.service.accept(pool["sanne"], now["Sanne"].id)
    assert "inmiddels vol" in text_of(late)  # someone was quicker: it is full (issue 7)


def test_repeated_clicks_change_nothing_twice(app, pool, port):
    m, f = pool["manager"], pool["fatima"]
    app.service.post_klus_line(m, LINE)
    inv = invitations(app)["Fatima"].id
    app.service.accept(f, inv)
    again = app.service.accept(f, inv)
    assert "al geaccepteerd" in text_of(again)
    app.service.confirm(m, inv)
    twice = app.service.confirm(m, inv)
    assert "al bevestigd" in text_of(twice)
    assert klus(app).taken == 1
    with transaction(app.engine) as s:
        owner_notes = [r for r in s.exec(select(Outbox)).all() if r.key == f"acc:{inv}" and not r.amends]
    assert len(owner_notes) == 1  # the manager was asked once


def test_only_the_invitee_answers_and_only_the_owner_confirms(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    inv = invitations(app)["Fatima"].id
    assert "niet voor jou" in text_of(app.service.press(pool["lotte"], "accept", str(inv)))
    assert "niet voor jou" in text_of(app.service.press(pool["lotte"], "decline", str(inv)))
    assert invitations(app)["Fatima"].status == "offered"
    app.service.accept(pool["fatima"], inv)
    assert "alleen de opdrachtgever" in text_of(app.service.press(pool["lotte"], "confirm", str(inv)))
    assert "alleen de opdrachtgever" in text_of(app.service.press(pool["fatima"], "confirm", str(inv)))
    assert invitations(app)["Fatima"].status == "accepted"
    # an admin may confirm
    admin = app.service.person("shell", "demo", "admin", "Admin")
    app.service.press(admin, "confirm", str(inv))
    assert invitations(app)["Fatima"].status == "confirmed"


def test_forged_button_values_are_refused_politely(app, pool):
    for value in ("", "abc", "-1", "99999", "1:2:3", "1' OR 1=1"):
        reply = app.service.press(pool["fatima"], "accept", value)
        assert isinstance(reply, Reply) and reply.cards
    assert "werkt niet meer" in text_of(app.service.press(pool["fatima"], "launch_missiles", "1"))


def test_decline_with_reason_invites_the_next_and_tells_the_manager(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    inv = invitations(app)["Sanne"].id
    app.service.decline(pool["sanne"], inv, "geen tijd")
    assert invitations(app)["Sanne"].decline_reason == "geen tijd"
    assert "Sophie" in invitations(app)  # the next candidate
    app.outbox.flush()
    notes = [s.text() for s in port.to("marieke")]
    assert any("afgewezen: “geen tijd”" in n for n in notes)
    assert any("nu ook Sophie" in n for n in notes)
    # declining never brings the same person back
    app.service.post_klus_line(pool["manager"], "Nog een; vaardigheden: SQL; 4 uur; 4 weken")
    assert invitations(app)["Sanne"].klus_id == 1 or True


def test_nobody_left_tells_the_manager_with_suggestions(app, people, port):
    m = people("Marieke")
    solo = people("Solo", skills="Power BI", hours_per_week=8)
    app.service.post_klus_line(m, "Klus; vaardigheden: Power BI; 16 uur; 4 weken")
    assert invitations(app) == {}  # Solo has 8 free hours, 16 asked
    app.service.post_klus_line(m, "Klus 2; vaardigheden: Power BI; 8 uur; 4 weken")
    inv = invitations(app)["Solo"].id
    app.service.decline(solo, inv)
    app.outbox.flush()
    assert any("niemand meer om te vragen" in s.text() for s in port.to("marieke"))


def test_reject_by_manager_invites_next(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    inv = invitations(app)["Daan"].id
    app.service.accept(pool["daan"], inv)
    app.service.reject(pool["manager"], inv)
    assert invitations(app)["Daan"].status == "rejected"
    assert "Sophie" in invitations(app)


def test_cancel_withdraws_everyone(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    assert "alleen de opdrachtgever" in text_of(app.service.cancel_klus(pool["lotte"], 1))
    app.service.cancel_klus(pool["manager"], 1)
    assert klus(app).status == "cancelled"
    assert {i.status for i in invitations(app).values()} == {"withdrawn"}
    again = app.service.cancel_klus(pool["manager"], 1)
    assert "geannuleerd" in text_of(again)


def test_offer_yourself_from_open_klussen(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    listing = app.service.open_klussen(pool["lotte"])
    offer = [c for card in listing.cards for c in card.choices if c.action == "offer"]
    assert offer
    app.service.press(pool["lotte"], "offer", offer[0].value)
    assert invitations(app)["Lotte"].status == "accepted" and invitations(app)["Lotte"].self_offered
    app.outbox.flush()
    assert any("Lotte wil" in s.text() for s in port.to("marieke"))


def test_candidates_and_manual_invite(app, pool, port):
    app.service.post_klus_line(pool["manager"], LINE)
    listing = app.service.candidates(pool["manager"], 1)
    assert "Fatima" in text_of(listing) and "Sophie" in text_of(listing)
    invite = [c for card in listing.cards for c in card.choices if c.action == "invite"]
    app.service.press(pool["manager"], "invite", invite[0].value)
    assert "Sophie" in invitations(app)


def test_auto_confirm_setting_takes_place_on_accept(app, pool, port):
    app.service.settings = app.service.settings.with_(auto_confirm=True)
    app.service.post_klus_line(pool["manager"], LINE)
    app.service.accept(pool["fatima"], invitations(app)["Fatima"].id)
    assert klus(app).status == "filled"
    late = app.service.accept(pool["sanne"], invitations(app)["Sanne"].id)
    assert "ingetrokken" in text_of(late) or "vol" in text_of(late)


def test_dm_words(app, pool, port):
    from bot.commands import direct_message

    app.service.post_klus_line(pool["manager"], LINE)
    inv = invitations(app)["Fatima"].id
    yes = direct_message(app.service, pool["fatima"], "Ja!")
    assert yes.cards[0].choices[0].action == "accept" and yes.cards[0].choices[0].value == str(inv)
    no = direct_message(app.service, pool["fatima"], "nee, geen tijd")
    assert no.cards[0].choices[0].value == f"{inv}|geen tijd"
    app.service.press(pool["fatima"], "decline", no.cards[0].choices[0].value)
    assert invitations(app)["Fatima"].decline_reason == "geen tijd"
    more = direct_message(app.service, pool["sanne"], "vertel meer")
    assert "Marieke" in text_of(more)
    assert "ja" in text_of(direct_message(app.service, pool["lotte"], "hallo")).lower()
    assert "geen openstaande" in text_of(direct_message(app.service, pool["lotte"], "ja"))


# --- stats -----------------------------------------------------------------------------------

def test_stats_admins_only_and_figures(app, pool, port, clock):
    assert "alleen voor beheerders" in text_of(app.service.stats(pool["manager"]))
    app.service.post_klus_line(pool["manager"], LINE)
    inv = invitations(app)
    app.service.decline(pool["sanne"], inv["Sanne"].id)
    clock.advance(hours=5)
    app.service.accept(pool["fatima"], inv["Fatima"].id)
    app.service.confirm(pool["manager"], inv["Fatima"].id)
    d = app.service.stats_data()
    assert d["klussen"] == 1 and d["filled"] == 1 and d["open"] == 0
    assert d["invitations"] == 4  # Fatima, Sanne, Daan, then Sophie
    assert d["acceptance_rate"] == 0.5  # Fatima accepted, Sanne declined
    assert d["median_hours_to_fill"] == 5
    assert d["placements"] == 1
    assert d["hours_booked"] == 80  # 8 h × 10 weeks
    admin = app.service.person("shell", "demo", "admin", "Admin")
    shown = text_of(app.service.stats(admin))
    assert "Geaccepteerd, van de beantwoorde uitnodigingen: 1 van 2 (50%)" in shown
    assert "Uren geboekt (bevestigde plekken, over de hele klus): 80" in shown


def test_english_reader_gets_english(app, people, port):
    m = people("Manager")
    en = people("Ann", skills="Power BI", hours_per_week=8, lang="en")
    app.service.post_klus_line(m, "Dashboard; skills: Power BI; 8 hours a week; 4 weeks")
    app.outbox.flush()
    assert "thought of you" in port.to("ann")[0].text("en")
    assert en.lang == "nl" and app.service.find_person("ann").lang == "en"


# --- outbox ------------------------------------------------------------------------------------

def test_outbox_retries_a_failed_delivery_and_amends_in_place(app, pool, port, clock):
    app.service.post_klus_line(pool["manager"], LINE)
    port.fail_next = 1
    app.outbox.flush()
    with transaction(app.engine) as s:
        pending = s.exec(select(Outbox).where(Outbox.sent_at == None)).all()  # noqa: E711
    assert len(pending) == 1 and pending[0].attempts == 1
    clock.advance(seconds=3)
    app.outbox.flush()
    assert len(port.sent) == 3
    inv = invitations(app)["Fatima"].id
    first = port.to("fatima")[0].ref
    app.service.accept(pool["fatima"], inv)
    app.outbox.flush()
    assert port.to("fatima")[-1].amended and port.to("fatima")[-1].ref == first
