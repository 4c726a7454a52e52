"""`make audit` checks the locked dependencies for known vulnerabilities, outside `make test`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _recipe(target: str) -> tuple[str, list[str]]:
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:([^\n]*)\n((?:\t[^\n]*\n)*)", text, re.MULTILINE)
    assert match, f"no {target} target"
    return match.group(1), [line.strip() for line in match.group(2).splitlines()]


def test_make_audit_runs_pip_audit_over_both_locks_and_npm_audit() -> None:
    _, lines = _recipe("audit")
    recipe = "\n".join(lines)
    assert "pip-audit" in recipe
    assert "--require-hashes -r requirements.lock" in recipe
    assert "--require-hashes -r requirements-dev.lock" in recipe
    assert "npm audit --omit=dev" in recipe
    dry_run = subprocess.run(
        ["make", "-n", "audit"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "pip-audit" in dry_run.stdout and "npm audit" in dry_run.stdout


def test_make_test_does_not_need_the_advisory_services() -> None:
    prerequisites, _ = _recipe("test")
    assert "audit" not in prerequisites.split()
    assert "pip-audit" in (ROOT / "pyproject.toml").read_text()


def test_govuk_frontend_is_a_runtime_dependency_so_npm_audit_omit_dev_covers_it() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    assert "govuk-frontend" in package["dependencies"]
    assert "govuk-frontend" not in package.get("devDependencies", {})
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert not lock["packages"]["node_modules/govuk-frontend"].get("dev")
