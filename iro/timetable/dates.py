"""How the product writes a date (pure, no Django): "27 March 2025" (GOV.UK style).

The one definition: the `govuk_date` template filter (`iro.core.templating`), messages, letters
and the rules' sentences all call it.
"""

from __future__ import annotations

from datetime import date

__all__ = ["format_date", "format_month"]


def format_date(d: date) -> str:
    """A date as the product shows it: "27 March 2025" (no leading zero on the day)."""
    # %-d is not portable (it fails on Windows), so build the day by hand.
    return f"{d.day} {d:%B %Y}"


def format_month(d: date) -> str:
    """A month as the product shows it: "March 2025"."""
    return f"{d:%B %Y}"
