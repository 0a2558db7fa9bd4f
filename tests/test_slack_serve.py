"""`flexpool serve` and `flexpool socket` as a person runs them: settings from the
environment, a real process, a clean exit on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakes.slack_api import TOKEN, FakeSlack
from tests.fakes.slack_client import SECRET, SlackClient

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def base_env(tmp_path: Path, db_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FLEXPOOL_", "MATTERMOST_"))}
    env.update({"PYTHONPATH": str(ROOT), "DATABASE_URL": db_url, "FLEXPOOL_SCHEDULER": "off", **extra})
    return env


def test_serve_answers_slack_and_health_and_stops_on_sigterm(tmp_path, db_url):
    port = free_port()
    with FakeSlack() as fake:
        env = base_env(tmp_path, db_url, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
                       SLACK_API_URL=fake.api_url, PORT=str(port), FLEXPOOL_SCHEDULER="inline")
        proc = run(["serve"], env, tmp_path)
        try:
            client = SlackClient(f"http://127.0.0.1:{port}", fake.response_url)
            deadline = time.monotonic() + 30
            while True:
                try:
                    if client.get("/healthz").status == 200:
                        break
                except OSError:
                    pass
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.poll() else ""
                time.sleep(0.1)
            assert fake.of("auth.test")  # the token was checked at start-up
            assert client.command("UANNA", "help", command="/flexpool").status == 200
            answer = fake.wait_calls("response_url")[0]
            assert "Opdrachtgever" in str(answer.params["blocks"])
            assert client.command("UANNA", "help", command="/flexpool", secret="wrong").status == 401
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, output
        assert "Traceback" not in output, output


def test_serve_refuses_to_start_without_the_signing_secret(tmp_path, db_url):
    env = base_env(tmp_path, db_url, SLACK_BOT_TOKEN=TOKEN, PORT=str(free_port()))
    proc = run(["serve"], env, tmp_path)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "SLACK_SIGNING_SECRET" in output


def test_socket_mode_needs_the_app_token(tmp_path, db_url):
    env = base_env(tmp_path, db_url, SLACK_BOT_TOKEN=TOKEN)
    proc = run(["socket"], env, tmp_path)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "SLACK_APP_TOKEN" in output
