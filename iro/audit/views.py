"""Pages for the audit app."""

from __future__ import annotations
