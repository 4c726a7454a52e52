"""`make run`'s one command: the web server, the worker and the scheduler together. A 903 file
uploaded on the Data imports page is checked and imported with no other command, and one
Ctrl-C (SIGINT to the process group, as a terminal sends it) stops all three."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.ssda903.synthetic import without_p1_under_v2

ROOT = Path(__file__).resolve().parents[2]
YEAR_DIR = ROOT.parent / "shared" / "data" / "ssda903" / "medium-la" / "2022-23"
PASSWORD = "correct-horse-battery-staple"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _healthz(base: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
            return json.loads(response.read())
    except OSError:
        return None


def _wait(predicate: Any, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


@pytest.mark.skipif(
    not YEAR_DIR.is_dir(), reason="the synthetic 903 returns are beside the checkout"
)
def test_run_service_imports_an_upload_and_stops_on_one_ctrl_c(
    browser: Any, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    _manage(env, "migrate", "--verbosity", "0")
    _manage(
        env,
        "shell",
        "-c",
        "from iro.accounts.roles import Role; from iro.accounts.services import user_create; "
        f"user_create(username='manager', password='{PASSWORD}', first_name='Jo', "
        "last_name='Brown', roles=[Role.IRO_MANAGER])",
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    service = subprocess.Popen(
        [sys.executable, "manage.py", "run_service", "--addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        running = _wait(
            lambda: (_healthz(base) or {}).get("worker", {}).get("status") == "running", 60
        )
        assert running, "the worker's heartbeat never reached /healthz"

        context = browser.new_context(base_url=base)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/sign-in")
        page.get_by_label("Username").fill("manager")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto("/imports/upload/")
        page.get_by_label("2022-23", exact=False).check()
        # A copy without the year's P1 episodes under V2 (DfE rule 378 refuses the file).
        year = without_p1_under_v2(YEAR_DIR, tmp_path / "2022-23")
        page.set_input_files("input[type=file]", sorted(str(p) for p in year.glob("*.csv")))
        page.get_by_role("button", name="Check files").click()
        # The worker checks the files: the page refreshes itself until they are ready.
        page.get_by_role("button", name="Confirm and import").wait_for(timeout=90_000)
        page.get_by_role("button", name="Confirm and import").click()
        page.get_by_role("heading", name="Imported", exact=True).wait_for(timeout=120_000)
        context.close()
    finally:
        # One Ctrl-C: the terminal sends SIGINT to every process in the foreground group.
        os.killpg(service.pid, signal.SIGINT)
        try:
            output, _ = service.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(service.pid, signal.SIGKILL)
            raise
    assert service.returncode == 0, output.decode(errors="replace")[-2000:]
    assert b"Stopped the web server, the worker and the scheduler." in output
    assert _healthz(base) is None  # nothing is left listening
