"""Pure rules for the child's page: the link's state, the code, what may be shown. No Django."""

from __future__ import annotations

import re
from datetime import datetime

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: easy to read out
CODE_LENGTH = 6
MAX_FAILED_CODES = 5

# Postcodes and house numbers could locate the child: a venue shows without them.
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_HOUSE = re.compile(
    r"\b\d+[A-Za-z]?\s+(?=[A-Z][a-z]+\s+(Road|Street|Avenue|Lane|Close|Drive|Way|Court|Crescent|Place|Gardens|Grove)\b)"
)


def link_state(
    *,
    now: datetime,
    expires_at: datetime,
    withdrawn_at: datetime | None,
    opted_out_at: datetime | None,
    review_held_since: bool,
) -> str:
    """ "active", or why the link no longer works."""
    if opted_out_at is not None:
        return "opted_out"
    if withdrawn_at is not None:
        return "withdrawn"
    if review_held_since:
        return "review_held"
    if now >= expires_at:
        return "expired"
    return "active"


STATE_LABELS = {
    "active": "Working",
    "opted_out": "Stopped: the child said they did not want it",
    "withdrawn": "Withdrawn",
    "review_held": "Stopped: the review has been held",
    "expired": "Expired",
}


def age_band(age: int) -> str:
    if age < 8:
        return "under_8"
    if age < 13:
        return "8_to_12"
    return "13_plus"


def venue_for_child(venue: str) -> str:
    """The venue without a postcode or house number."""
    text = _HOUSE.sub("", _POSTCODE.sub("", venue))
    return re.sub(r"\s*,\s*(,\s*)*", ", ", text).strip(" ,")


def first_name(full_name: str) -> str:
    return full_name.strip().split(" ")[0] if full_name.strip() else ""
