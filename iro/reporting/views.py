"""Pages for the reporting app."""

from __future__ import annotations
