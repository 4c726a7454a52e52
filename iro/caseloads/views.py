"""Pages for the caseloads app."""

from __future__ import annotations
