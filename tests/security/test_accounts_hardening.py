"""Every way of creating a user runs the password validators; demo data never in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings

from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.accounts.services import user_create

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_user_create_runs_the_password_validators() -> None:
    for weak in ("short", "password1234", "123456789012", "priya.shah.iro"):
        with pytest.raises(ValidationError):
            user_create(
                username="priya.shah.iro",
                password=weak,
                first_name="Priya",
                last_name="Shah",
                roles=[Role.IRO],
            )
    assert not User.objects.exists()


def test_create_user_and_createsuperuser_run_the_password_validators(monkeypatch: Any) -> None:
    with pytest.raises(ValidationError):
        User.objects.create_user("sam", password="password1234")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "123456789012")
    with pytest.raises(CommandError, match="entirely numeric"):
        call_command(
            "createsuperuser", "--noinput", "--username", "boss", "--email", "b@example.org"
        )
    assert not User.objects.filter(username="boss").exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-and-unusual-passphrase")
    call_command("createsuperuser", "--noinput", "--username", "boss", "--email", "b@example.org")
    assert User.objects.get(username="boss").is_superuser


@override_settings(DEMO_DATA_ALLOWED=False)
def test_load_demo_refuses_when_demo_data_is_not_allowed() -> None:
    with pytest.raises(CommandError, match="Demo data is not allowed"):
        call_command("load_demo", "--children", "5")
    assert not User.objects.exists()


def test_production_settings_never_allow_demo_data() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "DEMO_DATA_ALLOWED": "true",
        "ALLOWED_HOSTS": "example.org",
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEMO_DATA_ALLOWED)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
