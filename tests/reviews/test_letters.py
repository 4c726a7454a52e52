"""Letter templates by age band."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro.reviews.letters import BANDS, age_band, band_for, letter_draft


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "under_4"),
        (3, "under_4"),
        (4, "4_7"),
        (7, "4_7"),
        (8, "8_12"),
        (12, "8_12"),
        (13, "13_15"),
        (15, "13_15"),
        (16, "16_plus"),
        (17, "16_plus"),
    ],
)
def test_age_band_boundaries(age: int, band: str) -> None:
    assert age_band(age).code == band


@given(st.integers(min_value=0, max_value=25))
def test_every_age_has_exactly_one_band(age: int) -> None:
    assert sum(b.youngest <= age <= b.oldest for b in BANDS) == 1


def test_draft_is_addressed_to_the_child_with_the_date_decisions_and_recommendations() -> None:
    text = letter_draft(
        band_for("8_12"),  # type: ignore[arg-type]
        child_name="Ruby",
        iro_name="Priya Shah",
        review_date=date(2025, 3, 27),
        decisions="You will stay with Jo and Sam.",
        recommendations=[("Book the dentist", "Owen", date(2025, 4, 30))],
    )
    assert text.startswith("Dear Ruby,")
    assert "27 March 2025" in text
    assert "You will stay with Jo and Sam." in text
    assert "- Book the dentist (Owen, by 30 April 2025)" in text
    assert "Priya Shah" in text


@pytest.mark.parametrize("band", BANDS, ids=lambda b: b.code)
def test_every_template_fills_without_leftover_placeholders(band: object) -> None:
    text = letter_draft(
        band,  # type: ignore[arg-type]
        child_name="Sam",
        iro_name="Priya Shah",
        review_date=date(2025, 1, 2),
    )
    assert "{" not in text and "}" not in text
    assert "Dear Sam" in text
