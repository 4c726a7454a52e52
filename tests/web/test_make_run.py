"""`make run` serves with debug off, static files through WhiteNoise and the product's own error
pages; DJANGO_DEBUG=1 turns debug on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
missing = client.get("/no-such-page")
static = client.get("/static/iro/application.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "missing_status": missing.status_code,
    "missing_body": missing.content.decode(),
    "static_status": static.status_code,
    "static_class": type(static).__name__,
}))
"""


def run_development(**env: str) -> dict[str, object]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_DEBUG", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update(
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="config.settings.development",
        DATABASE_URL="sqlite:///:memory:",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_run_uses_the_development_settings_without_turning_debug_on() -> None:
    commands = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "DJANGO_SETTINGS_MODULE=config.settings.development" in commands
    assert "run_service" in commands  # the web server, the worker and the scheduler
    run_lines = [line for line in commands.splitlines() if not line.startswith("echo")]
    assert not any("DJANGO_DEBUG" in line for line in run_lines)


def test_development_serves_the_product_404_page_and_static_files_without_debug() -> None:
    page = run_development()
    assert page["debug"] is False
    assert page["missing_status"] == 404
    body = str(page["missing_body"])
    assert "Page not found" in body
    assert "URLconf" not in body and "Using the URLconf" not in body
    assert page["static_status"] == 200
    assert page["static_class"] == "WhiteNoiseFileResponse"


def test_debug_is_one_setting_away() -> None:
    assert run_development(DJANGO_DEBUG="1")["debug"] is True
