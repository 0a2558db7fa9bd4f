"""The flexpool office (issue 4): stats over a period, the chart, CSV export, profile
import, admin roles and the audit log — on a known data set built through the service
with the controllable clock."""

from __future__ import annotations

import csv
import http.server
import io
import threading
from datetime import date

import pytest
from sqlmodel import select

from bot import office
from bot.commands import command
from bot.i18n import render
from bot.port import Recipient
from bot.settings import Settings, SettingsError
from storage.db import transaction
from storage.models import AdminRole, AuditLog, Outbox, Person, Profile
from tests.recording import RecordingPort
from tests.test_service import text_of

PNG = b"\x89PNG\r\n\x1a\n"
BOM = b"\xef\xbb\xbf"
K1 = "Dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 2 weken; afdeling: Jeugd"
K2 = "Webteksten; vaardigheden: webredactie, Python; 4 uur per week; 4 weken; afdeling: Communicatie"
K3 = "Cluster inrichten; vaardigheden: Kubernetes, Python; 8 uur per week; 4 weken"
K4 = "=cmd archief opschonen; vaardigheden: archiefbeheer; 2 uur per week; 2 weken"


@pytest.fixture
def settings(db_url):
    return Settings(database_url=db_url, admins=("admin",), secret="test-secret", tariffs="schaal 11:120/60",
                    quiet_hours="", quiet_weekends=False)



@pytest.fixture
def admin(app):
    return app.service.person("shell", "demo", "admin", "Admin")


@pytest.fixture
def world(app, people, clock, port):
    """Four klussen posted on Monday 23 Nov 2026:
    K1 (8 h/w, 30 Nov – 13 Dec, dept Jeugd): Fatima (Informatievoorziening, schaal 11) accepts
       after 5 h and is confirmed → filled; done by 14 Dec: 16 h delivered, 16 × (120 − 60) = € 960.
    K2 (4 h/w, 30 Nov – 27 Dec, dept Communicatie): Daan declines, Lotte (Communicatie, no
       scale) accepts after 29 h → filled; on 14 Dec running 14 days: 8 h, 8 × (110 − 55) = € 440.
    K3 (Kubernetes, Python): only Daan (wants Python) is asked; he never answers → expired.
    K4: cancelled by the manager. The clock ends on Monday 14 Dec 2026."""
    s = app.service
    cast = {
        "manager": people("Marieke", skills="leidinggeven", hours_per_week=0, department="Beleid"),
        "fatima": people("Fatima", skills="data-analyse, Power BI, SQL", hours_per_week=8,
                         department="Informatievoorziening", salary_scale="schaal 11"),
        "daan": people("Daan", skills="beleidsadvies", wants="Python", hours_per_week=8, department="Beleid",
                       salary_scale="10"),
        "lotte": people("Lotte", skills="communicatie, webredactie", hours_per_week=16, department="Communicatie"),
    }
    for line in (K1, K2, K3, K4):
        s.post_klus_line(cast["manager"], line)
    clock.advance(hours=1)
    s.cancel_klus(cast["manager"], 4)
    clock.advance(hours=4)
    inv = {(i.klus_id, name): i.id for name, i in _all_invitations(app)}
    s.accept(cast["fatima"], inv[(1, "Fatima")])
    s.confirm(cast["manager"], inv[(1, "Fatima")])
    clock.advance(hours=1)
    s.decline(cast["daan"], inv[(2, "Daan")], "geen tijd")
    clock.advance(hours=23)
    s.accept(cast["lotte"], inv[(2, "Lotte")])
    s.confirm(cast["manager"], inv[(2, "Lotte")])
    clock.advance(days=7, hours=-29)  # Monday 30 Nov, 09:00: K1 and K2 start, K3 expires
    s.tick()
    clock.advance(days=14)  # Monday 14 Dec: K1 is done, K2 runs
    s.tick()
    app.outbox.flush()
    port.clear()
    return cast


def _all_invitations(app):
    with transaction(app.engine) as s:
        from storage.models import Invitation

        rows = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)).all()
        return [(p.name, i) for i, p in rows]


def _rows(data: bytes, sep: str = ";") -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep))


def _audit(app) -> list[AuditLog]:
    with transaction(app.engine) as s:
        return list(s.exec(select(AuditLog).order_by(AuditLog.id)).all())


# --- stats ---------------------------------------------------------------------------------

def test_every_figure_on_a_known_data_set(app, world, admin):
    assert app.service.today() == date(2026, 12, 14)
    d = app.service.stats_data()
    assert {k: d[k] for k in ("klussen", "open", "filled", "done", "expired", "cancelled")} == {
        "klussen": 4, "open": 0, "filled": 1, "done": 1, "expired": 1, "cancelled": 1}
    assert d["fill_rate"] == pytest.approx(2 / 3)  # K1 1/1, K2 1/1, K3 0/1; the cancelled K4 is left out
    assert d["median_hours_to_fill"] == 17  # 5 h and 29 h
    assert d["invitations"] == 4 and d["answered"] == 3  # Daan's K3 invitation expired unanswered
    assert d["acceptance_rate"] == pytest.approx(2 / 3)
    assert d["placements"] == 2
    assert d["hours_booked"] == 32  # 8 × 2 weeks + 4 × 4 weeks
    assert d["hours_delivered"] == 24  # K1 in full (16) + K2's first 14 days (8)
    assert d["people_active"] == 2 and d["people_mobile"] == 1  # Fatima worked outside Informatievoorziening
    assert d["profiles_visible"] == 4
    assert d["top_skills"] == [("Python", 2), ("archiefbeheer", 1), ("Kubernetes", 1), ("Power BI", 1), ("SQL", 1)]
    assert d["missing_skills"] == [("Python", 2, 1), ("archiefbeheer", 1, 0), ("Kubernetes", 1, 0)]
    assert d["money_saved"] == 960 + 440
    assert d["filled_per_month"] == [(date(2026, 11, 1), 2)]
    assert d["hours_per_department"] == [("Jeugd", 16), ("Communicatie", 8)]

    shown = text_of(app.service.stats(admin))
    # every figure says what it counts: the acceptance beside the invitations that were never answered,
    # placements (confirmed places) beside the colleagues at work (with hours delivered)
    for line in ("Periode: alles tot nu toe", "Klussen geplaatst in de periode: 4",
                 "… waarvan verlopen (niemand gevonden): 1", "Plekken bezet, van de besliste klussen: 2 van 3 (67%)",
                 "Mediane tijd van plaatsen tot vol: 17 uur",
                 "Uitnodigingen verstuurd (zelf aanbieden niet meegeteld): 4",
                 "Geaccepteerd, van de beantwoorde uitnodigingen: 2 van 3 (67%); niet beantwoord: 1 verlopen, "
                 "0 ingetrokken, 0 wachten nog",
                 "Plaatsingen (bevestigde plekken, ook nog niet begonnen): 2",
                 "Uren geboekt (bevestigde plekken, over de hele klus): 32",
                 "Uren geleverd in de periode (tot gisteren): 24",
                 "Collega's aan het werk (met geleverde uren): 2", "… van wie buiten eigen afdeling: 1 van 2 (50%)",
                 "Meest gevraagde vaardigheden (in hoeveel klussen): Python (2×), archiefbeheer (1×)",
                 "Gevraagd, maar niemand zichtbaar in de pool heeft het: Python (2×; 1 wil het leren), "
                 "archiefbeheer (1×), Kubernetes (1×)",
                 "Externe inhuur vermeden (schatting): € 1.400"):
        assert line in shown, line
    english = text_of(app.service.stats(admin), "en")
    assert "Accepted, of the invitations answered: 2 of 3 (67%); not answered: 1 expired" in english
    assert "External hiring avoided (estimate): €1,400" in english
    card = app.service.stats(admin).cards[0]
    assert [(c.action, c.value) for c in card.choices] == [("office_chart", ""), ("office_export", "")]


def test_money_uses_the_default_tariffs_without_a_scale_table(app, world):
    app.service.settings = app.service.settings.with_(tariffs="", external_tariff=100.0, internal_cost=60.0)
    assert app.service.stats_data()["money_saved"] == 24 * 40


def test_periods_filter(app, world, admin):
    s = app.service
    week = s.stats_data(office.parse_period("2026-11-30 tot 2026-12-06", s.today()))
    assert week["klussen"] == 0 and week["invitations"] == 0  # all were posted the week before
    assert week["hours_delivered"] == 12  # 8 + 4: one week of each
    assert week["money_saved"] == 8 * 60 + 4 * 55
    assert week["filled_per_month"] == [(date(2026, 11, 1), 0), (date(2026, 12, 1), 0)]
    posted = s.stats_data(office.parse_period("2026-11-01 tot 2026-11-29", s.today()))
    assert posted["klussen"] == 4 and posted["invitations"] == 4 and posted["hours_delivered"] == 0
    assert posted["filled_per_month"] == [(date(2026, 11, 1), 2)]
    december = s.stats_data(office.parse_period("deze maand", s.today()))
    assert december["klussen"] == 0 and december["hours_delivered"] == pytest.approx(8 * 13 / 7 + 4 * 13 / 7, abs=0.05)
    assert s.stats_data(office.parse_period("kwartaal", s.today()))["hours_delivered"] == 24
    assert s.stats_data(office.parse_period("vorig jaar", s.today()))["klussen"] == 0
    assert "Periode: 30 nov 2026 – 6 dec 2026" in text_of(s.stats(admin, "2026-11-30 tot 2026-12-06"))
    assert "ken ik niet" in text_of(s.stats(admin, "gisteren"))


@pytest.mark.parametrize("text, start, end", [
    ("deze maand", date(2026, 12, 1), date(2026, 12, 31)),
    ("This Month", date(2026, 12, 1), date(2026, 12, 31)),
    ("vorige maand", date(2026, 11, 1), date(2026, 11, 30)),
    ("kwartaal", date(2026, 10, 1), date(2026, 12, 31)),
    ("last quarter", date(2026, 7, 1), date(2026, 9, 30)),
    ("jaar", date(2026, 1, 1), date(2026, 12, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2026-01-01 tot 2026-03-31", date(2026, 1, 1), date(2026, 3, 31)),
    ("van 1-1-2026 t/m 31-3-2026", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026-01-01 to 2026-03-31", date(2026, 1, 1), date(2026, 3, 31)),
    ("", None, None),
    ("alles", None, None),
])
def test_parse_period(text, start, end):
    period = office.parse_period(text, date(2026, 12, 14))
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["gisteren", "2026-03-31 tot 2026-01-01", "volgende eeuw", "1 tot"])
def test_parse_period_refuses(text):
    assert office.parse_period(text, date(2026, 12, 14)) is None


def test_cli_stats_prints_what_the_chat_command_shows(app, world, admin, settings, clock, monkeypatch, capsys,
                                                      tmp_path):
    import bot.app
    from bot.cli import main
    from handlers.console import draw_card

    real_build = bot.app.build
    monkeypatch.setattr(bot.app, "build", lambda s, clock=None, **kw: real_build(s, clock=clock_, **kw))
    clock_ = clock
    monkeypatch.setenv("FLEXPOOL_TARIFFS", settings.tariffs)  # the command line reads the environment
    chart_path = tmp_path / "grafiek.png"
    assert main(["--db", settings.database_url, "stats", "2026-11-30", "tot", "2026-12-06",
                 "--chart", str(chart_path)]) == 0
    printed = capsys.readouterr().out
    chat = app.service.stats(admin, "2026-11-30 tot 2026-12-06")
    assert printed == draw_card(chat.cards[0], "nl").rstrip() + f"\n{chart_path}\n"
    assert "Uren geleverd in de periode (tot gisteren): 12" in printed
    assert chart_path.read_bytes().startswith(PNG)
    assert main(["--db", settings.database_url, "stats", "gisteren"]) == 2


# --- chart ---------------------------------------------------------------------------------

def test_chart_is_a_png_uploaded_to_the_admin(app, world, admin, port):
    reply = app.service.stats_chart(admin)
    assert "komt eraan" in text_of(reply)
    assert app.outbox.flush() == 1
    (upload,) = port.files
    assert upload.to == "admin" and upload.filename == "flexpool-all.png"
    assert upload.data.startswith(PNG) and len(upload.data) > 10_000
    assert upload.title == "Flexpool: alles tot nu toe"
    with transaction(app.engine) as s:
        row = s.exec(select(Outbox).where(Outbox.filename != "")).one()
        assert row.sent_at is not None and row.file is None  # the bytes are not kept once sent
    # the stats card's button asks for the same chart, for the same period
    app.service.press(admin, "office_chart", "kwartaal")
    app.outbox.flush()
    assert port.files[-1].filename == "flexpool-2026-10-01_2026-12-31.png"


def test_chart_of_an_empty_pool_still_draws(app, admin, port):
    app.service.stats_chart(admin, "jaar")
    app.outbox.flush()
    assert port.files[0].data.startswith(PNG) and len(port.files[0].data) > 5_000


def test_a_failed_upload_is_retried_and_a_platform_without_files_is_told(app, admin, port, clock):
    port.fail_next = 1
    app.service.stats_chart(admin)
    assert app.outbox.flush() == 0
    clock.advance(seconds=5)
    assert app.outbox.flush() == 1 and len(port.files) == 1

    class TellOnly:
        platform = "shell"

        def __init__(self):
            self.cards = []

        def tell(self, to, card):
            self.cards.append(card)
            return "m1"

        def amend(self, to, ref, card):
            pass

    old = TellOnly()
    app.outbox.ports["shell"] = old
    app.service.stats_chart(admin)
    assert app.outbox.flush() == 1
    assert "kan op dit platform (nog) niet" in render(old.cards[0].text[-1], "nl")


def test_the_terminal_writes_an_upload_to_a_file_and_shows_its_path(app, admin, tmp_path):
    from handlers.console import Shell

    out = io.StringIO()
    shell = Shell(app, io.StringIO(""), out, start_as="admin")
    shell.files_dir = str(tmp_path)
    shell.handle("/flexpool grafiek")
    written = tmp_path / "flexpool-all.png"
    assert written.read_bytes().startswith(PNG)
    assert str(written) in out.getvalue()


# --- export --------------------------------------------------------------------------------

def test_export_is_three_excel_friendly_csv_files_in_the_admins_dm(app, world, admin, port):
    reply = app.service.export(admin)
    assert "auditlog" in text_of(reply)
    assert app.outbox.flush() == 3
    files = {f.filename: f for f in port.files}
    assert set(files) == {"flexpool-klussen-all.csv", "flexpool-uitnodigingen-all.csv", "flexpool-plaatsingen-all.csv"}
    assert all(f.to == "admin" for f in port.files)

    klussen = _rows(files["flexpool-klussen-all.csv"].data)
    assert klussen[0][:4] == ["Id", "Titel", "Status", "Opdrachtgever"]
    assert [(r[0], r[2]) for r in klussen[1:]] == [("1", "done"), ("2", "running"), ("3", "expired"), ("4", "cancelled")]
    assert klussen[4][1] == "'=cmd archief opschonen"  # never a formula in Excel

    invites = _rows(files["flexpool-uitnodigingen-all.csv"].data)
    header = invites[0]
    by_name = {(r[header.index("Klus-id")], r[header.index("Naam")]): r for r in invites[1:]}
    assert len(by_name) == 4
    assert by_name[("2", "Daan")][header.index("Reden afwijzing")] == "geen tijd"
    assert by_name[("2", "Daan")][header.index("Status")] == "declined"

    placements = _rows(files["flexpool-plaatsingen-all.csv"].data)
    header = placements[0]
    rows = {r[header.index("Naam")]: dict(zip(header, r)) for r in placements[1:]}
    assert rows["Fatima"]["Uren geleverd"] == "16" and rows["Fatima"]["Vermeden inhuur (EUR)"] == "960"
    assert rows["Fatima"]["Buiten eigen afdeling"] == "ja" and rows["Fatima"]["Schaal"] == "11"
    assert rows["Lotte"]["Uren geleverd"] == "8" and rows["Lotte"]["Vermeden inhuur (EUR)"] == "440"
    assert rows["Lotte"]["Buiten eigen afdeling"] == "nee"

    (entry,) = [e for e in _audit(app) if e.action == "export"]
    assert entry.actor == "Admin (shell:admin)" and entry.detail == {"period": "all", "rows": 10}
    assert "exporteerde klussen, uitnodigingen en plaatsingen (alles tot nu toe, 10 rijen)" in text_of(
        app.service.audit(admin))


def test_export_of_a_period_with_a_comma_and_decimal_points(app, world):
    files = office.export_files(app.service, office.parse_period("deze maand", app.service.today()), "en", sep=",")
    names = [name for name, _, _ in files]
    assert names[0] == "flexpool-klussen-2026-12-01_2026-12-31.csv"
    assert [n for _, _, n in files] == [0, 0, 2]  # nothing posted in December; two placements ran in it
    placements = _rows(files[2][1], sep=",")
    header = placements[0]
    assert header[:3] == ["Klus id", "Klus", "Name"]
    delivered = {r[2]: r[header.index("Hours delivered")] for r in placements[1:]}
    assert delivered == {"Fatima": "14.86", "Lotte": "7.43"}  # 13 days of December so far


def test_cli_export_writes_the_files(app, world, settings, tmp_path, monkeypatch, clock, capsys):
    import bot.app
    from bot.cli import main

    real_build = bot.app.build
    monkeypatch.setattr(bot.app, "build", lambda s, clock=None, **kw: real_build(s, clock=clock_, **kw))
    clock_ = clock
    assert main(["--db", settings.database_url, "export", "--sep", ",", "--dir", str(tmp_path)]) == 0
    paths = capsys.readouterr().out.split()
    assert len(paths) == 3
    klussen = _rows((tmp_path / "flexpool-klussen-all.csv").read_bytes(), sep=",")
    assert len(klussen) == 5
    assert [e.actor.startswith("cli:") for e in _audit(app) if e.action == "export"] == [True]


# --- import --------------------------------------------------------------------------------

HR = (
    "platform;workspace;user_id;naam;e-mail;functie;afdeling;vaardigheden;wil_leren;uren;zichtbaar;schaal;"
    "leidinggevende;taal;kleur\n"
    "shell;demo;noor;Noor Bakker;noor@example.nl;Jurist;Juridische Zaken;AVG, privacy;;12;ja;9;Karin;en;blauw\n"
    "shell;demo;fatima;Fatima Y.;;;;;;;;12;;;\n"
    "shell;demo;bad1;Bad;;;;;;-3;misschien;;;;\n"
    "slack;T1;;Zonder id;;;;;;8;;;;;\n"
    "shell;demo;piet;Piet;;;;;;8;ja;schaal 30;;;\n"
    "\n"
    "telegram;demo;kees;Kees;;;;;;8;;;;;\n"
)


def test_import_keeps_the_good_rows_and_reports_the_bad_ones_precisely(app, people, admin):
    people("Fatima", skills="SQL", hours_per_week=8, salary_scale="11")
    reply = app.service.import_profiles(admin, HR, source="hr.csv")
    shown = text_of(reply)
    assert "1 nieuw, 1 bijgewerkt, 4 rijen afgewezen." in shown
    for line in ("• rij 4, uren: vul een aantal uren per week in van 0 tot 40",
                 "• rij 4, zichtbaar: antwoord met ja of nee.",
                 "• rij 5, user_id: vul de gebruikers-id in",
                 "• rij 6, schaal: schrijf de salarisschaal als getal van 1 tot 18",
                 "• rij 8, platform: onbekend platform “telegram”",
                 "Onbekende kolommen genegeerd: kleur"):
        assert line in shown, line
    with transaction(app.engine) as s:
        people_by_id = {p.user_id: p for p in s.exec(select(Person)).all()}
        profiles = {p.person_id: p for p in s.exec(select(Profile)).all()}
    assert not {"bad1", "piet", "kees"} & set(people_by_id)  # a rejected row writes nothing
    noor = profiles[people_by_id["noor"].id]
    assert (noor.name, noor.job_title, noor.department, noor.skills, noor.hours_per_week, noor.visible,
            noor.salary_scale, noor.line_manager) == ("Noor Bakker", "Jurist", "Juridische Zaken", "AVG, privacy",
                                                      12, True, "9", "Karin")
    assert people_by_id["noor"].lang == "en" and people_by_id["noor"].name == "Noor Bakker"
    fatima = profiles[people_by_id["fatima"].id]
    assert (fatima.name, fatima.skills, fatima.salary_scale) == ("Fatima Y.", "SQL", "12")  # empty cells: unchanged
    (entry,) = [e for e in _audit(app) if e.action == "import"]
    assert entry.detail == {"created": 1, "updated": 1, "rejected": 4, "source": "hr.csv"}

    again = text_of(app.service.import_profiles(admin, HR))
    assert "0 nieuw, 2 bijgewerkt, 4 rijen afgewezen." in again
    with transaction(app.engine) as s:
        assert len(s.exec(select(Profile)).all()) == 2  # updated, not duplicated


def test_a_row_refused_by_the_profile_check_writes_nothing_at_all(app, people, admin):
    people("Fatima", skills="SQL", hours_per_week=8, available_from="2027-03-01")
    text = "platform,workspace,user_id,naam,beschikbaar_tot\nshell,demo,fatima,Fatima Nieuw,2027-01-01\n"
    shown = text_of(app.service.import_profiles(admin, text))
    assert "rij 2, beschikbaar_tot: ‘beschikbaar tot’ ligt vóór ‘beschikbaar vanaf’." in shown
    with transaction(app.engine) as s:
        person = s.exec(select(Person).where(Person.user_id == "fatima")).one()
        profile = s.exec(select(Profile).where(Profile.person_id == person.id)).one()
    assert person.name == "Fatima" and profile.name == "Fatima" and profile.available_until is None


def test_import_file_problems_write_nothing(app, admin):
    assert "De kolom user_id ontbreekt" in text_of(app.service.import_profiles(admin, "naam;uren\nNoor;8\n"))
    assert "leeg" in text_of(app.service.import_profiles(admin, ""))
    report = office.import_csv(app.service, None, "user_id;uren\nnoor;8\n")  # no platform: the CLI must say
    assert report.problem is not None and report.problem.params == {"column": "platform"}
    # from chat, the admin's own platform and workspace are the defaults
    assert "1 nieuw" in text_of(app.service.import_profiles(admin, "user_id;naam;uren\nnoor;Noor;8\n"))


def test_cli_import_profiles(app, settings, tmp_path, capsys):
    from bot.cli import main

    path = tmp_path / "hr.csv"
    path.write_bytes(("user_id,naam,uren,schaal\nnoor,Noor,8,10\nbad,Bad,99,\n").encode("cp1252"))
    code = main(["--db", settings.database_url, "import-profiles", str(path), "--platform", "slack",
                 "--workspace", "T1"])
    printed = capsys.readouterr().out
    assert code == 1 and "1 nieuw, 0 bijgewerkt, 1 rij afgewezen." in printed and "rij 3, uren:" in printed
    with transaction(app.engine) as s:
        assert s.exec(select(Person).where(Person.platform == "slack", Person.user_id == "noor")).one().name == "Noor"
    assert main(["--db", settings.database_url, "import-profiles", str(tmp_path / "missing.csv")]) == 2


@pytest.fixture
def csv_server():
    """A local web server with /hr.csv, /big.csv and 404 elsewhere."""
    files = {"/hr.csv": "user_id;naam;uren\nnoor;Noor;8\n".encode("utf-8"),
             "/big.csv": b"x" * 3_000_000}  # beyond the limit the test sets

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_import_from_a_link(app, admin, csv_server, monkeypatch):
    from bot import hr_import

    monkeypatch.setattr(hr_import, "MAX_IMPORT_BYTES", 2_000_000)  # (100 MB in the product)
    reply = command(app.service, admin, "/flexpool", f"import <{csv_server}/hr.csv|hr.csv>")
    assert "1 nieuw" in text_of(reply)
    assert "HTTP 404" in text_of(command(app.service, admin, "/flexpool", f"import {csv_server}/nope.csv"))
    assert "te groot" in text_of(command(app.service, admin, "/flexpool", f"import {csv_server}/big.csv"))
    assert "geen link die ik mag ophalen" in text_of(
        command(app.service, admin, "/flexpool", "import http://169.254.169.254/latest/meta-data"))
    assert "Stuur een CSV-bestand mee" in text_of(command(app.service, admin, "/flexpool", "import file:///etc/passwd"))
    assert [e.detail["source"] for e in _audit(app) if e.action == "import"] == [f"{csv_server}/hr.csv"]


# --- roles and audit -----------------------------------------------------------------------

def test_admins_added_in_chat_are_stored_audited_and_removable(app, people, port):
    s = app.service
    boss = s.person("slack", "T1", "admin", "Admin")  # an admin by the settings
    bob = s.person("slack", "T1", "U0BOB1234", "Bob")
    assert not s.is_admin(bob)
    assert "alleen voor beheerders" in text_of(command(s, bob, "/flexpool", "export"))
    assert "Bob is nu beheerder" in text_of(command(s, boss, "/flexpool", "admin add U0BOB1234"))
    assert s.is_admin(bob)
    assert "is al beheerder" in text_of(command(s, boss, "/flexpool", "admin add U0BOB1234"))
    assert "komt eraan" in text_of(command(s, bob, "/flexpool", "export"))  # Bob may now
    app.outbox.flush()
    listing = text_of(command(s, bob, "/flexpool", "admin lijst"))
    assert "*Via de instellingen:* admin" in listing and "• Bob (slack:U0BOB1234), door Admin (slack:admin)" in listing
    assert "via de instellingen" in text_of(command(s, bob, "/flexpool", "admin remove admin"))
    assert "Bob is geen beheerder meer" in text_of(command(s, boss, "/flexpool", "admin remove U0BOB1234"))
    assert not s.is_admin(bob)
    assert "is geen beheerder" in text_of(command(s, boss, "/flexpool", "admin remove U0BOB1234"))
    # someone new by id (the Slack adapter turns a mention into one), a Mattermost-style raw id,
    # and @name of a known person
    assert "is nu beheerder" in text_of(command(s, boss, "/flexpool", "admin add U0NEW5678"))
    assert "is nu beheerder" in text_of(command(s, boss, "/flexpool", "admin add " + "a" * 26))
    daan = people("Daan", platform="slack", workspace="T1", user_id="U0DAAN123")
    assert "Daan is nu beheerder" in text_of(command(s, boss, "/flexpool", "admin add @daan"))
    assert s.is_admin(daan)
    assert "Ik ken “@onbekend” niet" in text_of(command(s, boss, "/flexpool", "admin add @onbekend"))
    people("Eva de Wit", platform="slack", workspace="T1", user_id="U0EVA1234")
    assert "Eva de Wit is nu beheerder" in text_of(command(s, boss, "/flexpool", "admin add @eva de wit"))
    assert "admin add @iemand" in text_of(command(s, boss, "/flexpool", "admin add"))
    with transaction(app.engine) as db:
        assert len(db.exec(select(AdminRole)).all()) == 4

    entries = _audit(app)
    assert [(e.action, e.actor) for e in entries] == [
        ("denied", "Bob (slack:U0BOB1234)"),
        ("admin_add", "Admin (slack:admin)"),
        ("export", "Bob (slack:U0BOB1234)"),
        ("admin_remove", "Admin (slack:admin)"),
        ("admin_add", "Admin (slack:admin)"),
        ("admin_add", "Admin (slack:admin)"),
        ("admin_add", "Admin (slack:admin)"),
        ("admin_add", "Admin (slack:admin)"),
    ]
    assert entries[1].detail == {"name": "Bob", "user": "slack:U0BOB1234"}
    log = text_of(command(s, boss, "/flexpool", "audit"))
    assert "Auditlog (laatste 8)" in log
    assert "23 nov 2026 09:00 · Admin (slack:admin): maakte Bob (slack:U0BOB1234) beheerder" in log
    assert "trok de beheerdersrol van Bob (slack:U0BOB1234) in" in log
    assert "probeerde zonder beheerdersrol: export" in log
    assert "Auditlog (laatste 2)" in text_of(command(s, boss, "/flexpool", "audit 2"))


def test_the_new_admin_is_told(app, port, admin, people):
    people("Daan", skills="x", hours_per_week=1)
    command(app.service, admin, "/flexpool", "admin add @daan")
    app.outbox.flush()
    assert "Admin heeft je beheerder van de flexpool gemaakt" in port.to("daan")[0].text()


def test_non_admins_are_refused_everything_here(app, people, port, csv_server):
    s = app.service
    noor = people("Noor", skills="SQL", hours_per_week=8)
    for text in ("stats", "stats kwartaal", "grafiek", "export jaar", "import", f"import {csv_server}/hr.csv",
                 "admin", "admin add @noor", "audit"):
        shown = text_of(command(s, noor, "/flexpool", text))
        assert "alleen voor beheerders" in shown, text
    assert "alleen voor beheerders" in text_of(s.import_profiles(noor, HR))
    for action in ("office_chart", "office_export"):
        assert "alleen voor beheerders" in text_of(s.press(noor, action, ""))
    app.outbox.flush()
    assert port.files == []
    with transaction(app.engine) as db:
        assert db.exec(select(AdminRole)).all() == []
        assert [p.user_id for p in db.exec(select(Person)).all()] == ["noor"]
    assert {e.action for e in _audit(app)} == {"denied"}
    assert "alleen voor beheerders" not in text_of(command(s, noor, "/flexpool", "help"))


def test_help_lists_the_office_commands():
    from bot.i18n import T

    for lang, words in (("nl", ("/flexpool grafiek", "/flexpool export", "/flexpool import", "/flexpool admin",
                                "/flexpool audit")),
                        ("en", ("/flexpool chart", "/flexpool export", "/flexpool import", "/flexpool admin",
                                "/flexpool audit"))):
        text = render(T("help.text"), lang)
        assert all(w in text for w in words)


# --- salary scale, settings, migration ---------------------------------------------------

def test_salary_scale_on_the_profile(app, people):
    me = people("Noor")
    shown = text_of(app.service.update_profile_line(me, "uren: 8; schaal: 10"))
    assert "Salarisschaal: 10" in shown
    assert "salarisschaal" in text_of(app.service.update_profile_line(me, "schaal: 40"))
    form = app.service.profile_form(me)
    assert {f.name: f.initial for f in form.fields}["salary_scale"] == "10"


@pytest.mark.parametrize("raw, scale", [("10", "10"), ("schaal 11", "11"), ("Scale 9", "9"), ("", ""),
                                        ("19", None), ("tien", None), ("0", None)])
def test_parse_scale(raw, scale):
    assert office.parse_scale(raw) == scale


def test_tariff_settings():
    settings = Settings.from_env({"FLEXPOOL_TARIFFS": "schaal 10:95/50, 11:110/58", "FLEXPOOL_EXTERNAL_TARIFF": "120"},
                                 dotenv_path=None)
    assert settings.tariff_table() == {"10": (95.0, 50.0), "11": (110.0, 58.0)}
    assert settings.external_tariff == 120 and settings.internal_cost == 55
    with pytest.raises(SettingsError):
        Settings.from_env({"FLEXPOOL_TARIFFS": "schaal tien:95"}, dotenv_path=None)


def test_upgrade_from_0002_keeps_profiles(tmp_path):
    from sqlalchemy import text

    from storage.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO person (id, platform, workspace, user_id, name, lang, tz, created_at, digest) "
                          "VALUES (1, 'slack', 'T1', 'U1', 'Fatima', 'nl', 'Europe/Amsterdam', '2026-11-01', 0)"))
        conn.execute(text("INSERT INTO profile (person_id, name, department, job_title, skills, wants, "
                          "hours_per_week, visible, preference, line_manager, endorsed, updated_at) VALUES "
                          "(1, 'Fatima', '', '', 'SQL', '', 8, 1, 'specific', '', '', '2026-11-01')"))
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT skills, salary_scale FROM profile")).one() == ("SQL", "")
    engine.dispose()


def test_the_port_protocol_names_upload():
    from bot.port import ChatPort

    assert "upload" in ChatPort.__dict__
    recorder = RecordingPort()
    assert recorder.upload(Recipient("shell", "demo", "u", "en"), "a.png", PNG, "Chart") == "f1"
    assert recorder.files[0].title == "Chart"


def test_stats_with_no_data(app, admin):
    d = app.service.stats_data()
    assert d["klussen"] == 0 and d["fill_rate"] is None and d["money_saved"] == 0 and d["filled_per_month"] == []
    assert "Externe inhuur vermeden (schatting): € 0" in text_of(app.service.stats(admin))


def test_a_refused_profile_edit_keeps_nothing(app, people):
    """The import reuses update_profile; its until-before-from refusal must not save the rest."""
    me = people("Noor", skills="SQL", hours_per_week=8, available_from="2027-03-01")
    refused = app.service.update_profile(me, {"skills": "Python", "available_until": "2027-01-01"})
    assert set(refused.errors) == {"available_until"}
    shown = text_of(app.service.profile_card(me))
    assert "Vaardigheden: SQL" in shown and "Beschikbaar: vanaf 1 mrt 2027" in shown
