"""The systemd unit files in deploy/ verify clean (systemd-analyze, as a council's IT would)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").iterdir())


def test_every_service_has_a_unit() -> None:
    names = {unit.name for unit in UNITS}
    assert {"iro-web.service", "iro-worker.service", "iro-scheduler.service"} <= names
    assert {"iro-backup.service", "iro-backup.timer"} <= names


def test_unit_files_verify_clean(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: make test installs the Debian package systemd"
    # verify checks that each ExecStart program exists: point the units at this checkout,
    # where .venv holds gunicorn and python as /opt/iro-oversight would.
    for unit in UNITS:
        text = unit.read_text().replace("/opt/iro-oversight", str(ROOT))
        (tmp_path / unit.name).write_text(text)
    completed = subprocess.run(
        [analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
    )
    # Unknown keys are only warnings (exit 0): any message at all fails the test.
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr.strip() == "", completed.stderr
    assert completed.stdout.strip() == "", completed.stdout


@pytest.mark.parametrize("unit", ["iro-web.service", "iro-worker.service", "iro-scheduler.service"])
def test_services_run_with_production_settings_from_the_environment_file(unit: str) -> None:
    text = (ROOT / "deploy" / "systemd" / unit).read_text()
    assert "EnvironmentFile=/etc/iro-oversight/env" in text
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in text
    assert "User=iro" in text
