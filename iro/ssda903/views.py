"""Pages for the ssda903 app."""

from __future__ import annotations
