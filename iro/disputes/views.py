"""Pages for the disputes app."""

from __future__ import annotations
