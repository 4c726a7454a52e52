"""Demo child protection records: about 70 children on a plan on the day (a council with this
many children in care has roughly 0.6 on a plan for each), some of them also looked after, with
plans that ended in the last two years, enquiries that led to no plan and initial conferences
still to hold. The demo IRO chairs some, so "My conferences" has work in it."""

from __future__ import annotations

from iro.seeding.demo.core import FIRST_NAMES, LAST_NAMES, DemoContext
from iro.seeding.protection import (
    ALSO_LOOKED_AFTER,
    ProtectionShape,
    write_protection,
)
from iro.timetable.calendar import add_months

OPEN_PLANS = 70


def populate(context: DemoContext) -> None:
    looked_after = [c for c in context.children if c.current_period_id is not None]
    # Open plans are 40% of the children covered (see iro.seeding.protection.OUTCOMES).
    subjects = round(OPEN_PLANS / 0.40)
    chairs = context.iros[:4]  # the demo IRO and three colleagues also chair conferences
    write_protection(
        context.rng,
        ProtectionShape(as_of=context.as_of, since=add_months(context.as_of, -24), prefix="P"),
        looked_after=looked_after,
        new_children=round(subjects * (1 - ALSO_LOOKED_AFTER)),
        chairs=chairs,
        calendar=context.calendar,
        names=(tuple(FIRST_NAMES), tuple(LAST_NAMES)),
    )
