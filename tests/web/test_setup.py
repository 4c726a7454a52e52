"""A fresh machine: `make install` and `make test` install the Debian packages they need."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_PACKAGES = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-liberation"]
TEST_PACKAGES = ["chromium", "poppler-utils", "systemd"]


def dry_run(target: str) -> str:
    return subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def package_lines(output: str) -> list[list[str]]:
    return [
        line.split()[1:] for line in output.splitlines() if "scripts/debian-packages.sh" in line
    ]


def test_make_install_installs_every_package_the_product_needs_to_run() -> None:
    assert package_lines(dry_run("install")) == [RUN_PACKAGES]


@pytest.mark.parametrize("target", ["test-sqlite", "test-postgres"])
def test_make_test_installs_the_packages_the_tests_need(target: str) -> None:
    assert package_lines(dry_run(target)) == [RUN_PACKAGES, TEST_PACKAGES]


def test_each_package_is_checked_by_its_own_name_and_apt_updates_once() -> None:
    installed = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\n", "dpkg"], capture_output=True, text=True
    ).stdout.strip()
    assert installed == "dpkg"
    result = subprocess.run(
        [str(ROOT / "scripts/debian-packages.sh"), "dpkg", "iro-no-such-package-a", "iro-no-b"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DEBIAN_PACKAGES_DRY_RUN": "1"},
    )
    lines = result.stdout.splitlines()
    assert sum(" update" in line for line in lines) == 1
    [install] = [line for line in lines if " install " in line]
    assert install.split()[-2:] == ["iro-no-such-package-a", "iro-no-b"]
    assert "dpkg" not in install.split()


def test_nothing_is_updated_or_installed_when_every_package_is_present() -> None:
    result = subprocess.run(
        [str(ROOT / "scripts/debian-packages.sh"), "dpkg"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DEBIAN_PACKAGES_DRY_RUN": "1"},
    )
    assert result.stdout == ""


def test_the_readme_lists_the_packages() -> None:
    readme = (ROOT / "README.md").read_text()
    for package in RUN_PACKAGES + TEST_PACKAGES:
        assert re.search(rf"`{re.escape(package)}`", readme), package
