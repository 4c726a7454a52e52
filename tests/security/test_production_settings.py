"""Production settings: `check --deploy` passes, cookies are HTTPS-only, HSTS is on, the CSP has no
unsafe-inline, frames are refused, and secrets come only from the environment."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "OTP_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "iro.northshire.example",
        }
    )
    env.pop("DEBUG", None)
    # The browser tests' conftest relaxes Django's async check for Playwright; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_on_a_weak_key() -> None:
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        _production_env(SECRET_KEY="short"),
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run(["manage.py", "check"], _production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_production_settings_values() -> None:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'session_secure': s.SESSION_COOKIE_SECURE,"
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'httponly': s.SESSION_COOKIE_HTTPONLY,"
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT,"
        "'frame': s.X_FRAME_OPTIONS, 'otp': s.OTP_REQUIRED, 'debug': s.DEBUG,"
        "'csp': s.CONTENT_SECURITY_POLICY, 'hosts': s.ALLOWED_HOSTS,"
        "'axes_backend_first': s.AUTHENTICATION_BACKENDS[0],"
        "'hasher': s.PASSWORD_HASHERS[0]}, default=str))"
    )
    result = _run(["-c", script], _production_env())
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["session_secure"] and values["csrf_secure"] and values["httponly"]
    assert values["hsts"] >= 31_536_000
    assert values["ssl_redirect"] is True
    assert values["frame"] == "DENY"
    assert values["otp"] is True  # two-factor sign-in required for all staff
    assert values["debug"] is False
    assert values["hosts"] == ["iro.northshire.example"]
    assert values["axes_backend_first"] == "axes.backends.AxesStandaloneBackend"
    assert values["hasher"].endswith("Argon2PasswordHasher")
    directives = values["csp"]["DIRECTIVES"]
    flat = json.dumps(directives)
    assert "unsafe-inline" not in flat and "unsafe-eval" not in flat
    assert directives["frame-ancestors"] == ["'none'"]


def test_two_factor_can_be_switched_off_in_production_only_explicitly() -> None:
    script = "import django; django.setup(); from django.conf import settings; print(settings.OTP_REQUIRED)"
    result = _run(["-c", script], _production_env(OTP_REQUIRED="false"))
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client: Any) -> None:
    response = client.get("/sign-in")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_secrets_come_only_from_the_environment() -> None:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SECRET_KEY, s.OIDC_RP_CLIENT_SECRET]))"
    )
    key, client_secret = secrets.token_urlsafe(64), secrets.token_urlsafe(32)
    result = _run(
        ["-c", script],
        _production_env(
            SECRET_KEY=key, OIDC_RP_CLIENT_ID="iro-oversight", OIDC_RP_CLIENT_SECRET=client_secret
        ),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [key, client_secret]
    # Without them nothing is filled in from the code: no key refuses to start (above), and
    # single sign-on with no client secret has an empty one.
    result = _run(["-c", script], _production_env(OIDC_RP_CLIENT_ID="iro-oversight"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])[1] == ""
