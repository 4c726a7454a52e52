"""Reading a page's query-string filters."""

from __future__ import annotations


def int_param(value: str | None) -> int | None:
    """A whole number typed or linked in a query string (`?iro=3`), or None when it is missing or
    not a number, so a mistyped link shows the unfiltered page instead of an error."""
    try:
        return int(value) if value else None
    except ValueError:
        return None
