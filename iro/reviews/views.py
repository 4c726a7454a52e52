"""Pages for the reviews app."""

from __future__ import annotations
