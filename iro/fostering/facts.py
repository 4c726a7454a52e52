"""The foster carer review timetable in the stored-facts registry (`iro.core.facts`), so
`recompute_timetable` and the daily task refresh every household. Households are not children:
a refresh for named children changes nothing here."""

from __future__ import annotations

from datetime import date

from .schedule import household_schedule_refresh

ORDER = 30


def refresh_facts(child_ids: list[int] | None, *, as_of: date) -> int:
    """The timetable does not change with the date alone; ``as_of`` is not used."""
    if child_ids is not None:
        return 0
    return household_schedule_refresh()
