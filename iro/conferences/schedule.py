"""Derive and store the conference timetable from the pure rules (`iro.timetable.conferences`):
each enquiry's ICPC due date and when it was held, each conference's number, due date and
timeliness, and each plan's next review conference. The one writer, called through
`iro.core.facts` in the same transaction as every change (form, CIN import, demo)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from iro.core.bulk import update_rows
from iro.core.council import working_day_calendar
from iro.core.prepared import id_list, in_id_list, keyed_rows
from iro.timetable import conferences as rules
from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.reviews import in_timescale

from .models import ChildProtectionPlan, Conference, Section47Enquiry

_BATCH = 2000
ENQUIRY_FIELDS = ("icpc_due", "icpc_held_on")
PLAN_FIELDS = (
    "reviews_held",
    "last_conference_on",
    "next_review_number",
    "next_review_due",
    "next_review_basis",
    "long_plan_from",
)
CONFERENCE_FIELDS = ("number", "due_date", "in_timescale")


def conferences_refresh(
    child_ids: Iterable[int] | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    timescales: rules.ConferenceTimescales = rules.DEFAULT_CONFERENCE_TIMESCALES,
) -> int:
    """Recompute the stored timetable of these children (all when None), in batches: a
    constant number of queries a batch. Returns how many rows changed."""
    calendar = calendar or working_day_calendar()
    if child_ids is None:
        ids = sorted(
            set(Section47Enquiry.objects.values_list("child_id", flat=True))
            | set(ChildProtectionPlan.objects.values_list("child_id", flat=True))
        )
    else:
        ids = sorted(set(child_ids))
    changed = 0
    for start in range(0, len(ids), _BATCH):
        changed += _refresh_chunk(ids[start : start + _BATCH], calendar, timescales)
    return changed


def _refresh_chunk(
    ids: list[int], calendar: WorkingDayCalendar, timescales: rules.ConferenceTimescales
) -> int:
    # Compiled once each (the writer runs for every change to a child), the ids one value.
    given = id_list(ids)
    enquiries: list[Section47Enquiry] = keyed_rows(
        ("conferences", "enquiries"),
        lambda ids: Section47Enquiry.objects.filter(in_id_list("child_id", ids)),
        ids=given,
    )
    plans: list[ChildProtectionPlan] = keyed_rows(
        ("conferences", "plans"),
        lambda ids: ChildProtectionPlan.objects.filter(in_id_list("child_id", ids)),
        ids=given,
    )
    conferences: list[Conference] = keyed_rows(
        ("conferences", "conferences"),
        lambda ids: Conference.objects.filter(in_id_list("child_id", ids)).order_by(
            "held_on", "id"
        ),
        ids=given,
    )
    initial_by_enquiry: dict[int, Conference] = {}
    reviews_by_plan: dict[int, list[Conference]] = defaultdict(list)
    for conference in conferences:
        if conference.kind == Conference.Kind.INITIAL and conference.enquiry_id is not None:
            initial_by_enquiry.setdefault(conference.enquiry_id, conference)
        elif conference.kind == Conference.Kind.REVIEW and conference.plan_id is not None:
            reviews_by_plan[conference.plan_id].append(conference)

    changed_enquiries, changed_plans, changed_conferences = [], [], []
    for enquiry in enquiries:
        due = rules.initial_conference_due(
            enquiry.strategy_discussion_on, calendar=calendar, timescales=timescales
        )
        initial = initial_by_enquiry.get(enquiry.pk)
        held = initial.held_on if initial else None
        if (enquiry.icpc_due, enquiry.icpc_held_on) != (due, held):
            enquiry.icpc_due, enquiry.icpc_held_on = due, held
            changed_enquiries.append(enquiry)
        if initial is not None and _set(initial, 0, due, in_timescale(initial.held_on, due)):
            changed_conferences.append(initial)
    for plan in plans:
        reviews = reviews_by_plan.get(plan.pk, [])
        timetable = rules.plan_timetable(
            plan_start=plan.start_date,
            reviews_held=[r.held_on for r in reviews],
            plan_end=plan.end_date,
            timescales=timescales,
        )
        for number, (review, due) in enumerate(
            zip(reviews, timetable.review_due_dates, strict=True), start=1
        ):
            if _set(review, number, due, in_timescale(review.held_on, due)):
                changed_conferences.append(review)
        derived = (
            len(reviews),
            reviews[-1].held_on if reviews else plan.start_date,
            timetable.next.number,
            timetable.next.due,
            timetable.next.basis[:200],
            timetable.long_plan_from,
        )
        if tuple(getattr(plan, name) for name in PLAN_FIELDS) != derived:
            for name, value in zip(PLAN_FIELDS, derived, strict=True):
                setattr(plan, name, value)
            changed_plans.append(plan)
    update_rows(Section47Enquiry, changed_enquiries, list(ENQUIRY_FIELDS))
    update_rows(ChildProtectionPlan, changed_plans, list(PLAN_FIELDS))
    update_rows(Conference, changed_conferences, list(CONFERENCE_FIELDS))
    return len(changed_enquiries) + len(changed_plans) + len(changed_conferences)


def _set(conference: Conference, number: int, due: object, in_time: bool | None) -> bool:
    if (conference.number, conference.due_date, conference.in_timescale) == (number, due, in_time):
        return False
    conference.number, conference.due_date, conference.in_timescale = number, due, in_time  # type: ignore[assignment]
    return True
