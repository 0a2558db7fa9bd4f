"""The HR import at a big organisation's size (issue 16): read as a stream (no row limit,
a file of any size on the command line), written in batches, and still row by row as far
as the report and a bad row go."""

from __future__ import annotations

import io

import pytest
from sqlmodel import func, select

from bot import hr_import
from bot.cli import main
from storage.db import transaction
from storage.models import Person, Profile

pytestmark = pytest.mark.db

HEADER = "gebruiker_id;naam;vaardigheden;uren;zichtbaar;beschikbaar_vanaf;beschikbaar_tot\n"


def count(app, model) -> int:
    with transaction(app.engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_more_rows_than_the_old_limit_are_all_imported_from_a_stream(app):
    rows = "".join(f"u{i:05d};Collega {i};Power BI, SQL;8;ja;;\n" for i in range(10_600))
    report = hr_import.import_csv(app.service, None, io.StringIO(HEADER + rows), platform="slack", workspace="T1")
    assert report.problem is None and report.rejected == []
    assert len(report.created) == 10_600 and count(app, Profile) == 10_600


def test_a_bad_row_in_a_batch_writes_nothing_and_stops_nothing(app):
    rows = [f"u{i:03d};Collega {i};SQL;8;ja;;\n" for i in range(1, 1200)]
    rows[700] = "u701;Collega 701;SQL;99999;ja;;\n"  # too many hours
    rows[800] = "u801;Collega 801;SQL;8;misschien;;\n"  # neither yes nor no
    rows[900] = "bad id;Collega 901;SQL;8;ja;;\n"  # no user id a platform knows
    report = hr_import.import_csv(app.service, None, HEADER + "".join(rows), platform="slack", workspace="T1")
    assert [(row, column) for row, column, _ in report.rejected] == [
        (702, "uren"), (802, "zichtbaar"), (902, "gebruiker_id")]  # the file's own row numbers and column names
    assert len(report.created) == 1199 - 3
    with transaction(app.engine) as s:
        ids = set(s.exec(select(Person.user_id)).all())
    assert "u701" not in ids and "u801" not in ids and len(ids) == 1196


def test_a_row_contradicting_what_is_stored_writes_nothing_of_itself(app):
    hr_import.import_csv(app.service, None, HEADER + "noor;Noor;SQL;8;ja;;2027-03-01\n", platform="slack",
                         workspace="T1")
    report = hr_import.import_csv(
        app.service, None, HEADER + "noor;Noor Nieuw;SQL;4;ja;2027-06-01;\nsem;Sem;Excel;8;ja;;\n",
        platform="slack", workspace="T1")  # available from after the stored until
    assert [(row, column) for row, column, _ in report.rejected] == [(2, "beschikbaar_tot")]
    assert report.created == ["Sem"]
    with transaction(app.engine) as s:
        noor = s.exec(select(Person).where(Person.user_id == "noor")).one()
        profile = s.exec(select(Profile).where(Profile.person_id == noor.id)).one()
    assert noor.name == "Noor" and profile.hours_per_week == 8  # nothing of that row


def test_the_same_person_twice_in_a_file_ends_as_the_last_row_says(app):
    report = hr_import.import_csv(
        app.service, None, HEADER + "noor;Noor;SQL;8;ja;;\nsem;Sem;Excel;8;ja;;\nnoor;Noor B;Python;12;ja;;\n",
        platform="slack", workspace="T1")
    assert report.created == ["Noor", "Sem"] and report.updated == ["Noor B"]
    with transaction(app.engine) as s:
        profile = s.exec(select(Profile).join(Person, Person.id == Profile.person_id)
                         .where(Person.user_id == "noor")).one()
    assert profile.skills == "Python" and profile.hours_per_week == 12


def test_a_row_the_csv_reader_cannot_read_is_named_and_reading_goes_on(app):
    endless = "x" * 200_000  # beyond the CSV reader's field limit
    text = HEADER + f"noor;Noor;SQL;8;ja;;\nsem;{endless};SQL;8;ja;;\nlot;Lot;SQL;8;ja;;\n"
    report = hr_import.import_csv(app.service, None, text, platform="slack", workspace="T1")
    assert [row for row, _, _ in report.rejected] == [3]
    assert report.created == ["Noor", "Lot"]


def test_the_command_line_streams_a_file_from_disk_in_windows_1252(app, settings, tmp_path, capsys):
    path = tmp_path / "hr.csv"
    rows = "".join(f"u{i:05d};Collega {i};beleid, privacy;8;ja;;\n" for i in range(3_000))
    path.write_bytes((HEADER + rows + "zoë;Zoë Café;SQL;8;ja;;\n").encode("cp1252"))
    assert main(["--db", settings.database_url, "import-profiles", str(path), "--platform", "slack",
                 "--workspace", "T1"]) == 0
    assert "3.001 nieuw" in capsys.readouterr().out
    with transaction(app.engine) as s:
        assert s.exec(select(Person.name).where(Person.user_id == "zoë")).one() == "Zoë Café"
