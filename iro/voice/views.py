"""Pages for the voice app."""

from __future__ import annotations
