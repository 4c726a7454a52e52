"""The review timetable's stored facts (see `iro.core.facts`): each period's reviews held, next
review due and IRO allocation due, each held review's number, due date and the deadlines after
it, and the deadlines of reviews being arranged."""

from __future__ import annotations

from datetime import date

from iro.children.models import PeriodOfCare
from iro.core.prepared import id_list, in_id_list, keyed_rows

from .schedule import convening_refresh, timetable_refresh

ORDER = 10


def refresh_facts(child_ids: list[int] | None, *, as_of: date) -> int:
    """The timetable does not change with the date alone; ``as_of`` is not used."""
    if child_ids is None:
        return timetable_refresh()[1] + convening_refresh()
    periods = keyed_rows(
        ("timetable", "children's periods"),
        lambda ids: PeriodOfCare.objects.filter(in_id_list("child_id", ids)).values_list(
            "id", flat=True
        ),
        ids=id_list(child_ids),
    )
    return timetable_refresh(periods)[1]
