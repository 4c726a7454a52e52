"""The day every test runs on (bar the browser tests, whose real browser keeps the real time).

Run the suite on another day with `IRO_TEST_TODAY=2028-02-29` (a leap day), `2027-03-31` (the end
of a reporting year) and so on; `tests/conftest.py` freezes the clock there."""

from __future__ import annotations

import os
from datetime import date

TODAY = date.fromisoformat(os.environ.get("IRO_TEST_TODAY", "2026-11-23"))
