"""Values for a foster carer review, as the form would give them."""

from __future__ import annotations

from datetime import date
from typing import Any


def review_values(held_on: date, **extra: Any) -> dict[str, Any]:
    return {
        "held_on": held_on,
        "carers_views": "We feel well supported and want to continue.",
        "childrens_views": "A (9) says she likes living here.",
        "social_worker_views": "Good standard of care; training up to date.",
        "recommendation": "continue",
        **extra,
    }


def date_post(prefix: str, value: date) -> dict[str, str]:
    """A date as the three GOV.UK date boxes post it."""
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }
