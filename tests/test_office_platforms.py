"""The office's files (chart, CSV export) reach an admin on Slack and on Mattermost: the
outbox calls each port's `upload`, spoken against the fake Slack Web API and the fake
Mattermost REST API the platform tests use (on free ports)."""

from __future__ import annotations

import csv
import io
import json
import threading
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from handlers.mattermost.client import Client
from handlers.mattermost.draw import Drawing
from handlers.mattermost.port import MattermostPort
from handlers.mattermost.signing import Signer
from handlers.slack.port import SlackPort, make_client
from tests.fakes.slack_api import TOKEN, FakeSlack
from tests.test_mattermost import BOT_TOKEN, FakeMattermost

PNG = b"\x89PNG\r\n\x1a\n"


# --- Slack: files.getUploadURLExternal → the bytes → files.completeUploadExternal ------------

class FakeSlackFiles(FakeSlack):
    """FakeSlack that also answers the two file methods; the bytes go to `sink`."""

    def __init__(self, upload_url: str):
        super().__init__()
        self.upload_url = upload_url

    def _answer(self, method: str, p: dict) -> dict:
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.upload_url}/F0FILE{len(self.of(method))}",
                    "file_id": f"F0FILE{len(self.of(method))}"}
        if method == "files.completeUploadExternal":
            files = json.loads(p["files"]) if isinstance(p.get("files"), str) else p.get("files")
            return {"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in files]}
        return super()._answer(method, p)


@pytest.fixture
def sink():
    """Where Slack's upload URL points: records (path, bytes)."""
    received: list[tuple[str, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            received.append((self.path, self.rfile.read(int(self.headers.get("Content-Length") or 0))))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"OK")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_port}/upload"
    yield server
    server.shutdown()
    server.server_close()


def test_slack_admin_gets_the_chart_and_the_export_as_files(app, settings, sink):
    with FakeSlackFiles(sink.url) as fake:
        client = make_client(settings.with_(slack_bot_token=TOKEN, slack_api_url=fake.api_url))
        app.outbox.ports["slack"] = SlackPort(client)
        admin = app.service.person("slack", "T0FLEX", "admin", "Admin")

        app.service.stats_chart(admin)
        app.service.export(admin, "jaar")
        assert app.outbox.flush() == 4

        asked = fake.of("files.getUploadURLExternal")
        assert [c.params["filename"] for c in asked] == [
            "flexpool-all.png", "flexpool-klussen-2026-01-01_2026-12-31.csv",
            "flexpool-uitnodigingen-2026-01-01_2026-12-31.csv", "flexpool-plaatsingen-2026-01-01_2026-12-31.csv"]
        assert [path for path, _ in sink.received] == ["/upload/F0FILE1", "/upload/F0FILE2", "/upload/F0FILE3",
                                                       "/upload/F0FILE4"]
        png = sink.received[0][1]
        assert png.startswith(PNG) and int(asked[0].params["length"]) == len(png)
        rows = list(csv.reader(io.StringIO(sink.received[1][1].decode("utf-8-sig")), delimiter=";"))
        assert rows[0][:2] == ["Id", "Titel"]
        done = fake.of("files.completeUploadExternal")
        assert {c.params["channel_id"] for c in done} == {"Dadmin"}  # the admin's DM
        assert json.loads(done[0].params["files"])[0]["title"] == "Flexpool: alles tot nu toe"
        assert not fake.of("chat.postMessage")


# --- Mattermost: POST /files (multipart) → a post with file_ids -------------------------------

class FakeMattermostFiles(FakeMattermost):
    """FakeMattermost that also takes POST /api/v4/files (multipart, so not JSON)."""

    def __init__(self):
        super().__init__()
        self.files: list[dict] = []
        fake = self
        base = self.server.RequestHandlerClass

        class Handler(base):
            def _handle(self):
                if not (self.command == "POST" and self.path.split("?")[0] == "/api/v4/files"):
                    return base._handle(self)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                message = BytesParser(policy=email_policy).parsebytes(
                    f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + raw)
                form, upload = {}, None
                for part in message.iter_parts():
                    if part.get_filename():
                        upload = {"name": part.get_filename(), "data": part.get_payload(decode=True)}
                    else:
                        form[part.get_param("name", header="content-disposition")] = part.get_content().strip()
                with fake.lock:
                    fake.calls.append(("POST", self.path, form))
                    info = {"id": f"file{len(fake.files) + 1:022d}", "name": upload["name"],
                            "channel_id": form.get("channel_id"), "data": upload["data"]}
                    fake.files.append(info)
                self._answer(201, {"file_infos": [{k: v for k, v in info.items() if k != "data"}],
                                   "client_ids": []})

            do_GET = do_POST = do_PUT = _handle

        self.server.RequestHandlerClass = Handler


@pytest.fixture
def mm_fake():
    server = FakeMattermostFiles()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_mattermost_admin_gets_the_chart_as_a_file_post(app, settings, mm_fake):
    client = Client(mm_fake.url, BOT_TOKEN)
    app.outbox.ports["mattermost"] = MattermostPort(client, Drawing("http://flexpool.invalid", Signer("s")))
    admin = app.service.person("mattermost", "team1", "admin", "Admin", lang="en")
    try:
        app.service.stats_chart(admin, "kwartaal")
        assert app.outbox.flush() == 1
    finally:
        client.close()
    (upload,) = mm_fake.files
    assert upload["name"] == "flexpool-2026-10-01_2026-12-31.png" and upload["data"].startswith(PNG)
    assert upload["channel_id"].startswith("dm__") and "admin" in upload["channel_id"]
    posts = [body for method, path, body in mm_fake.calls if method == "POST" and path == "/api/v4/posts"]
    assert posts == [{"channel_id": upload["channel_id"], "message": "Flexpool: 1 Oct 2026 – 31 Dec 2026",
                      "file_ids": [upload["id"]]}]
