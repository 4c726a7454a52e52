"""Fixtures for the 903 import tests (builders.py has the small returns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ssda903.builders import YEAR_2023, YEAR_2024, write_files


@pytest.fixture
def year_2023(tmp_path: Path) -> Path:
    return write_files(tmp_path / "2023-24", YEAR_2023)


@pytest.fixture
def year_2024(tmp_path: Path) -> Path:
    return write_files(tmp_path / "2024-25", YEAR_2024)
