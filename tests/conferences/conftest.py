"""Fixtures for child protection tests: a chair, a colleague, and a child who is not in care."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child


@pytest.fixture
def chair(make_iro: Callable[..., ReviewingOfficer]) -> ReviewingOfficer:
    return make_iro("Dana Okafor")


@pytest.fixture
def colleague(make_iro: Callable[..., ReviewingOfficer]) -> ReviewingOfficer:
    return make_iro("Lee Marsh")


@pytest.fixture
def make_cp_child(db: Any) -> Callable[..., Child]:
    """A child known to children's social care, not looked after (no period of care)."""
    counter = {"n": 0}

    def make(**fields: Any) -> Child:
        counter["n"] += 1
        child = Child(
            la_child_id=fields.pop("la_child_id", f"CP{counter['n']:04d}"),
            first_name=fields.pop("first_name", "Ava"),
            last_name=fields.pop("last_name", f"Protected{counter['n']}"),
            date_of_birth=fields.pop("date_of_birth", date(2019, 6, 1)),
            **fields,
        )
        child.full_clean()
        child.save()
        return child

    return make


@pytest.fixture
def cp_child(make_cp_child: Callable[..., Child]) -> Child:
    return make_cp_child()
