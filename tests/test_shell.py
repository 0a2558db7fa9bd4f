"""The terminal front end, driven through stdin like a newcomer would."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from bot.demo import load_demo
from handlers.console import Shell

ROOT = Path(__file__).resolve().parents[1]
LINE = ("/klus Data-analist voor dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL; "
        "8 uur per week; 10 weken; 1 plek")


def button(output: str, label: str) -> str:
    """The number of the first button called `label` in `output`."""
    return re.findall(rf"\[(\d+)\] {re.escape(label)}", output)[0]


def run(app, lines: list[str], start_as: str | None = None) -> tuple[Shell, str]:
    out = io.StringIO()
    shell = Shell(app, io.StringIO("\n".join(lines) + "\n"), out, start_as=start_as)
    assert shell.run() == 0
    return shell, out.getvalue()


def test_newcomer_flow_in_the_shell(app):
    """The issue's "done when": post, see the right people invited with reasons, accept as
    one of them, confirm as the manager, see the klus filled and the rest withdrawn, stats."""
    app.service.settings = app.service.settings.with_(admins=("shell:flexbureau",))
    load_demo(app)
    out = io.StringIO()
    shell = Shell(app, io.StringIO(""), out, start_as="marieke")

    def say(line: str) -> str:
        start = len(out.getvalue())
        shell.handle(line)
        return out.getvalue()[start:]

    posted = say(LINE)
    assert "Uitgenodigd: Fatima Yilmaz, Sanne Bakker, Daan Visser" in posted
    to_fatima = posted[posted.index("✉  aan Fatima Yilmaz"):]
    assert "data-analyse ✓ · Power BI ✓ · SQL ✓" in to_fatima
    say("als fatima")
    accepted = say(button(to_fatima, "Accepteren"))
    assert "Je hebt geaccepteerd" in accepted and "Bevestig je de match?" in accepted
    say("als marieke")
    confirmed = say(button(accepted, "Bevestigen"))
    assert "is vol: Fatima Yilmaz" in confirmed
    assert confirmed.count("Deze klus is inmiddels vol") == 2  # Sanne and Daan, withdrawn kindly
    assert "Je gaat aan de slag" in confirmed
    say("als flexbureau")
    stats = say("/flexpool stats")
    assert "Flexpool in cijfers" in stats and "Plaatsingen (bevestigde plekken, ook nog niet begonnen): 4" in stats  # two of them across organisations
    say("als daan")
    assert "alleen voor beheerders" in say("/flexpool stats")


def test_two_organisations_share_the_demo_workspace(app):
    """Issue 18's "done when", tried as a new flexbureau would: two organisations in one
    workspace, an admin of one cannot touch the other's people, the charges have a line per
    placement."""
    app.service.settings = app.service.settings.with_(admins=("shell:flexbureau",))
    load_demo(app)
    _, out = run(app, [
        "/flexpool organisatie lijst",
        "/flexpool organisatie standaard Gemeente Haarlemmermeer",  # Marieke is the ministry's admin
        "/flexpool verrekening",
        "als flexbureau", "/flexpool verrekening", "/flexpool algoritme",
        "als ahmed", "/klus Dashboard Wmo-cijfers; vaardigheden: Power BI, SQL; 8 uur per week; 4 weken; "
                     "bereik: overheidsbreed",
    ], start_as="marieke")
    assert "• Gemeente Haarlemmermeer — mensen: 11" in out
    assert "• Ministerie van BZK (jouw organisatie) — mensen: 20" in out
    assert "Dat valt buiten jouw organisatie: het gaat om Gemeente Haarlemmermeer" in out
    assert "Pieter Kuipers — klus #" in out and "Gemeente Haarlemmermeer → Ministerie van BZK" in out
    assert "Thomas van Dijk — klus #" in out and "kostenplaats BZK-4410" in out
    assert "de pool omvat nu 2 organisaties" in out  # no third, invented one
    to_fatima = out[out.index("✉  aan Fatima Yilmaz"):]  # the ministry's analyst, asked by the municipality
    assert "Gevraagd door Gemeente Haarlemmermeer" in to_fatima.split("✉")[1]
    assert "Traceback" not in out


def test_shell_buttons_and_odd_input(app):
    load_demo(app)
    _, out = run(app, ["wie", "als niemand-bekend", "999", "/onbekend", "/flexpool onzin", "/klus",
                       "/klus ;;;", "/flexpool profiel", "hallo bot", "help"], start_as="sanne")
    assert "fatima" in out and "Niemand gevonden" in out and "Die knop bestaat niet" in out
    assert "Dat commando ken ik niet" in out
    assert "Nieuwe klus" in out  # the form, drawn as text
    assert "Pas dit aan" in out
    assert "Mijn flexprofiel" in out and "Power BI, Excel" in out
    assert "Traceback" not in out


def test_flexpool_shell_process_with_piped_stdin(tmp_path):
    script = "\n".join([LINE, "als fatima", "ja", "stop"]) + "\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--db", f"sqlite:///{tmp_path / 'demo.db'}", "shell", "--demo", "--fresh"],
        input=script, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "Uitgenodigd: Fatima Yilmaz" in done.stdout
    assert "Wil je Data-analist voor dashboard jeugdzorg accepteren?" in done.stdout
    assert "> " not in done.stdout.splitlines()[0]  # no prompt echoed before input when piped


def test_wait_lets_time_pass_in_the_shell(app):
    from handlers.console import DemoClock

    clock = DemoClock()
    app.service._clock = app.outbox._clock = clock
    app.service.settings = app.service.settings.with_(quiet_hours="", quiet_weekends=False)  # as `flexpool shell`
    load_demo(app)
    out = io.StringIO()
    shell = Shell(app, io.StringIO(""), out, start_as="marieke", clock=clock)
    shell.handle(LINE)
    shell.handle("wacht 25u")
    assert "Herinnering: Marieke de Vries wacht nog" in out.getvalue()
    shell.handle("wacht 1d")
    assert "Deze uitnodiging is verlopen" in out.getvalue()
    shell.handle("wacht lang")
    assert "wacht 25u" in out.getvalue()


def test_issue_19_cases_typed_in_the_shell(app, tmp_path):
    """The cases of issue 19 as typed in `make shell`: the field named and what to write,
    nothing posted that was not understood, and a language chosen in the profile counts from
    the next line on (help, lists, unknown commands, a hello)."""
    load_demo(app)
    _, out = run(app, [
        "/klus Archiefklus; 8 uur per week; 10 weken; bereik: landelijk",
        "/klus Archiefklus; 8 uur; 1 week; kleur: rood",
        "/klus Archiefklus; 8 uur per maand; 1 week",
        "/flexpool profiel ;",
        "hallo",
        "/flexpool profiel taal: en",
        "/flexpool help",
        "/klus mine",
        "/flexpool klussen",
        "/flexpool foo",
        "hallo",
        "/flexpool my-data",
        "/flexpool my-data",
    ], start_as="marieke")
    dutch, english = out.split("/flexpool profiel taal: en", 1)
    assert "• Bereik: kies afdeling, organisatie of overheidsbreed" in dutch
    assert "• Onbekend veld: kleur" in dutch and "Klus geplaatst" not in dutch
    assert "• Uren per week: ik reken in uren per week; “8 uur per maand” is ongeveer 1,8 uur per week" in dutch
    assert "Er stond geen veld in" in dutch and "Je hebt nu geen openstaande uitnodigingen" in dutch
    for words in ("Flexpool: klussen and talent together", "Your klussen (1, newest first)",
                  "I don't know that command: “foo”", "You have no open invitations right now"):
        assert words in english, words
    for dutch_words in ("Opdrachtgever", "Je klussen", "Dat commando ken ik niet", "Antwoord met"):
        assert dutch_words not in english, dutch_words
    files = re.findall(r"^\s+(/\S+flexpool-my-data-\S+)$", english, re.M)
    assert len(files) == 4 and len(set(files)) == 4 and all(os.path.exists(f) for f in files)
