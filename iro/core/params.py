"""Numbers taken from a page address (filters such as ?iro=3): checked, never trusted.

A value that is not a whole number, or is too large for the database, is refused with a 400
and a message saying what was wrong, rather than reaching a query and failing there."""

from __future__ import annotations

from django.core.exceptions import BadRequest

# The largest id the database's integer columns hold.
MAX_ID = 2**31 - 1


class BadParameter(BadRequest):
    """A page address parameter that cannot be used; its message is shown on the 400 page."""


def int_param(value: str | None) -> int | None:
    """An id or number from the query string: None when absent or blank."""
    if value is None or value == "":
        return None
    shown = value if len(value) <= 20 else value[:20] + "…"
    try:
        number = int(value)
    except ValueError as error:
        raise BadParameter(f"“{shown}” in the page address is not a whole number") from error
    if not 0 <= number <= MAX_ID:
        raise BadParameter(f"“{shown}” in the page address is not a number this page can use")
    return number
