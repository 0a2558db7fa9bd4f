"""Deploying (issue 16): the release step migrates, the long-running processes never do
(they refuse an outdated schema, naming the command to run), a mistyped SQLite path is
said to be missing instead of answered as an empty pool, `--version`, and JSON logs with
a request id that follows a request from the HTTP edge to the outbox."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from bot import logs
from bot.cli import main
from storage.db import make_engine, migrate, schema_revisions

ROOT = Path(__file__).resolve().parent.parent


def test_the_procfile_migrates_in_the_release_step_and_nowhere_else():
    lines = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if ":" in line)
    assert lines["release"].strip() == "flexpool migrate"
    assert "migrate" not in lines["web"] and "migrate" not in lines["clock"]


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("flexpool ")


@pytest.mark.parametrize("command", [["stats"], ["export"], ["serve"], ["clock"], ["socket"], ["algoritme"],
                                     ["verrekening"], ["import-profiles", "hr.csv"]])
def test_a_sqlite_path_that_does_not_exist_is_said_so(tmp_path, capsys, command):
    path = tmp_path / "typo.db"
    assert main(["--db", f"sqlite:///{path}", *command]) == 2
    assert f"no database at {path}" in capsys.readouterr().err
    assert not path.exists()  # and nothing was made there


def test_migrate_creates_the_database_and_the_others_use_it(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert main(["--db", url, "migrate"]) == 0
    assert main(["--db", url, "stats"]) == 0


def test_serve_clock_and_socket_refuse_an_outdated_schema_naming_the_command(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrate(engine, "0005")
    for command in ("serve", "clock", "socket", "stats"):
        assert main(["--db", url, command]) == 2
        err = capsys.readouterr().err
        assert "flexpool migrate" in err and "0005" in err
    assert schema_revisions(engine)[0] == "0005"  # none of them migrated
    assert main(["--db", url, "migrate"]) == 0
    current, head = schema_revisions(engine)
    assert current == head
    engine.dispose()


def _json_lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_json_logs_are_one_object_per_line_with_the_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    log = logging.getLogger("flexpool.test")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        with logs.bound("req-42"):
            log.info("hallo %s", "wereld\nmet een regel")
        log.warning("buiten")
        try:
            raise ValueError("kapot")
        except ValueError:
            log.exception("mis")
    finally:
        log.removeHandler(handler)
    first, second, third = _json_lines(stream)
    assert first["message"] == "hallo wereld\nmet een regel" and first["request_id"] == "req-42"
    assert first["level"] == "INFO" and first["logger"] == "flexpool.test" and first["time"].endswith("Z")
    assert second["request_id"] == ""
    assert "ValueError: kapot" in third["exc"]


def test_a_request_id_follows_a_request_from_the_http_edge_to_the_outbox(app, people, port, caplog):
    manager = people("Manager")
    fatima = people("Fatima", skills="Power BI, SQL", hours_per_week=8)

    def post(environ, start_response):  # a handler: the domain writes invitations to the outbox
        app.service.post_klus_line(manager, "Dashboard; vaardigheden: Power BI, SQL; 8 uur; 4 weken")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    edge = logs.wsgi(post)
    answered = {}
    caplog.set_level(logging.INFO)
    body = edge({"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "HTTP_X_REQUEST_ID": "lb-7f3a"},
                lambda status, headers, exc_info=None: answered.update(status=status, headers=dict(headers)))
    assert b"".join(body) == b"ok" and answered["headers"]["X-Request-Id"] == "lb-7f3a"
    app.outbox.flush()  # later, and on another thread or process it could be
    assert any(m.to == fatima.user_id for m in port.sent)
    sent = [r for r in caplog.records if r.getMessage().startswith("outbox ") and "sent to" in r.getMessage()]
    assert sent and all(getattr(r, "request_id", None) == "lb-7f3a" for r in sent)
    edge_lines = [r for r in caplog.records if r.name == "flexpool.http"]
    assert edge_lines and edge_lines[0].request_id == "lb-7f3a"

    body = edge({"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "HTTP_X_REQUEST_ID": "bad id\n<@U1>"},
                lambda status, headers, exc_info=None: answered.update(headers=dict(headers)))
    list(body)
    assert answered["headers"]["X-Request-Id"] != "bad id\n<@U1>"  # a forged id is replaced by our own
