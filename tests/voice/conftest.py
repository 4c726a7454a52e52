"""Fixtures for the voice tests: a held review of a child, made directly (the review forms
belong to the reviews app)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from iro.children.models import Child
from iro.reviews.models import Review


@pytest.fixture
def make_review(db: Any) -> Callable[..., Review]:
    def make(child: Child, held_on: date, **fields: Any) -> Review:
        age = child.age_on(held_on)
        return Review.objects.create(
            child=child,
            period=child.current_period or child.periods.first(),
            held_on=held_on,
            participation_code=fields.pop("participation_code", "PN0" if age < 4 else "PN1"),
            chair=fields.pop("chair", child.iro),
            **fields,
        )

    return make
