"""The conference timetable's stored facts (see `iro.core.facts`); they do not change with the
date alone, so ``as_of`` is not used."""

from __future__ import annotations

from datetime import date

from .schedule import conferences_refresh

ORDER = 15


def refresh_facts(child_ids: list[int] | None, *, as_of: date) -> int:
    return conferences_refresh(child_ids)
