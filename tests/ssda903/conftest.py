"""Fixtures for the 903 import tests (builders.py has the small returns)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.ssda903.builders import YEAR_2023, YEAR_2024, write_files
from tests.ssda903.synthetic import without_p1_under_v2


@pytest.fixture
def year_2023(tmp_path: Path) -> Path:
    return write_files(tmp_path / "2023-24", YEAR_2023)


@pytest.fixture
def year_2024(tmp_path: Path) -> Path:
    return write_files(tmp_path / "2024-25", YEAR_2024)


@pytest.fixture(scope="session")
def medium_la(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic medium-la returns, loadable: P1 under V2 (rule 378, an error) is C2."""
    source = settings.SSDA903_SAMPLE_DIR / "medium-la"
    if not source.exists():
        pytest.skip("no synthetic 903 data")
    return without_p1_under_v2(source, tmp_path_factory.mktemp("synthetic") / "medium-la")
