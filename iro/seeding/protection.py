"""Child protection records for the demo and the synthetic service, at realistic rates.

England (DfE Characteristics of children in need, 2024): about 42 children per 10,000 are on a
child protection plan at any time against about 67 looked after, so a council has roughly 0.6
children on a plan for every child in care. Of plans started, about 23% are a second or later
plan; categories run neglect 48%, emotional abuse 38%, physical 7%, sexual 4%, more than one 3%;
about 4% of plans ending have lasted 2 years or more; about 80% of initial conferences are within
15 working days. Some children on a plan are also looked after.

Rows go in with `bulk_create`; the stored timetable comes from its one writer
(`iro.conferences.schedule`), as after a CIN import.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child
from iro.conferences.models import ChildProtectionPlan, Conference, Section47Enquiry
from iro.conferences.schedule import conferences_refresh
from iro.timetable.calendar import WorkingDayCalendar, add_months

CATEGORIES = ("NEG",) * 48 + ("EMO",) * 38 + ("PHY",) * 7 + ("SAB",) * 4 + ("MUL",) * 3
PREVIOUS = (0,) * 77 + (1,) * 17 + (2,) * 5 + (3,)
END_REASONS = ("no_risk",) * 8 + ("moved", "in_care", "adult", "other")
# What became of a strategy discussion, as shares of the children the generator covers: on a
# plan now, on a plan that ended, no plan after the conference, no conference needed, awaiting
# the initial conference.
OUTCOMES = (
    ("open",) * 40 + ("ended",) * 36 + ("no_plan",) * 12 + ("not_required",) * 7 + ("awaiting",) * 5
)
OPEN_SHARE = 0.40
PLANS_PER_CHILD_LOOKED_AFTER = 0.6
ALSO_LOOKED_AFTER = 0.12


@dataclass(frozen=True)
class ProtectionShape:
    as_of: date
    since: date  # the earliest strategy discussion of a plan that has ended
    prefix: str  # keeps generated child IDs apart
    first_number: int = 0  # numbers the added children on from here (chunk by chunk)


Insert = Callable[[Any, list[Any]], list[Any]]


def _bulk(model: Any, objects: list[Any]) -> list[Any]:
    return list(model._default_manager.bulk_create(objects, batch_size=2000))


def _base36(n: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while n:
        n, rest = divmod(n, 36)
        out = digits[rest] + out
    return out.rjust(width, "0")


def subjects_for(children_looked_after: int) -> int:
    """How many children to give child protection records so that about 0.6 per child in care
    are on a plan on the day."""
    return round(children_looked_after * PLANS_PER_CHILD_LOOKED_AFTER / OPEN_SHARE)


def _attended(rng: random.Random, age: int) -> list[str]:
    chances = {
        "mother": 0.9,
        "father": 0.5,
        "carer": 0.15,
        "social_worker": 1.0,
        "police": 0.65,
        "health": 0.8,
        "education": 0.7 if age >= 4 else 0.2,
        "probation": 0.05,
        "other": 0.2,
    }
    people = [who for who, p in chances.items() if rng.random() < p]
    if age >= 12 and rng.random() < 0.35:
        people.append("child")
    return sorted(people)


def _reports(rng: random.Random, held: date, calendar: WorkingDayCalendar) -> dict[str, str]:
    chances = {"social_worker": 0.93, "police": 0.7, "health": 0.8, "education": 0.65, "other": 0.1}
    return {
        source: calendar.add_working_days(held, -rng.choice((1, 1, 2, 2, 3, 5))).isoformat()
        for source, p in chances.items()
        if rng.random() < p
    }


def write_protection(
    rng: random.Random,
    shape: ProtectionShape,
    *,
    looked_after: list[Child],
    new_children: int,
    chairs: list[ReviewingOfficer],
    calendar: WorkingDayCalendar,
    names: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    insert: Insert = _bulk,
) -> dict[str, int]:
    """Add children known only to child protection (not looked after) and give them, and a
    share of the children in care, enquiries, conferences and plans. Returns counts."""
    first_names, last_names = names
    as_of = shape.as_of
    width = 10 - len(shape.prefix)
    fresh = insert(
        Child,
        [
            Child(
                la_child_id=f"{shape.prefix}{_base36(shape.first_number + i + 1, width)}",
                first_name=rng.choice(first_names) if first_names else "",
                last_name=rng.choice(last_names) if last_names else "",
                date_of_birth=as_of - timedelta(days=rng.randint(200, 17 * 365)),
                sex=rng.choice("MF"),
            )
            for i in range(new_children)
        ],
    )
    share = round(len(fresh) * ALSO_LOOKED_AFTER / (1 - ALSO_LOOKED_AFTER))
    subjects = fresh + rng.sample(looked_after, min(share, len(looked_after)))
    enquiries: list[Section47Enquiry] = []
    outcomes: list[str] = []
    for child in subjects:
        outcome = rng.choice(OUTCOMES)
        born = child.date_of_birth
        if outcome == "awaiting":
            strategy = calendar.add_working_days(as_of, -rng.randint(0, 14))
        elif outcome == "open":
            # Plans now running started up to about 2 years ago, most in the last year.
            strategy = as_of - timedelta(days=int(rng.triangular(30, 700, 60)))
        elif outcome == "long":
            strategy = as_of - timedelta(days=rng.randint(760, 980))
        else:
            strategy = shape.since + timedelta(
                days=rng.randint(0, max(1, (as_of - shape.since).days - 120))
            )
        strategy = max(strategy, born + timedelta(days=30))
        if strategy > as_of:
            continue
        outcomes.append(outcome)
        enquiries.append(
            Section47Enquiry(
                child=child,
                strategy_discussion_on=strategy,
                chair=rng.choice(chairs),
                icpc_not_required=outcome == "not_required",
                source="form",
            )
        )
    enquiries = insert(Section47Enquiry, enquiries)

    plans: list[ChildProtectionPlan] = []
    initial_of: list[tuple[Section47Enquiry, date, str]] = []
    reviews_of: list[list[tuple[date, str]]] = []
    for enquiry, outcome in zip(enquiries, outcomes, strict=True):
        if outcome in {"awaiting", "not_required"}:
            continue
        late = rng.random() < 0.2
        days = rng.randint(16, 25) if late else rng.randint(6, 15)
        held = calendar.add_working_days(enquiry.strategy_discussion_on, days)
        if held > as_of:
            held = as_of
        if outcome == "no_plan":
            initial_of.append((enquiry, held, "no_plan"))
            continue
        initial_of.append((enquiry, held, "plan"))
        category = rng.choice(CATEGORIES)
        reviews: list[tuple[date, str]] = []
        previous, months, end = held, 3, None
        # Plans last a few months to over 2 years: each review ends it with a chance.
        while True:
            due = add_months(previous, months)
            on = (
                due - timedelta(days=rng.randint(0, 14))
                if rng.random() < 0.88
                else due + timedelta(days=rng.randint(1, 25))
            )
            if on > as_of:
                break
            ending = outcome == "ended" and (
                rng.random() < 0.55 or (len(reviews) >= 3 and rng.random() < 0.9)
            )
            reviews.append((on, "ends" if ending else "continues"))
            previous, months = on, 6
            if ending:
                end = on
                break
        if outcome == "ended" and end is None and reviews:
            # Still running on the day it was meant to have ended: the last review ended it.
            end = reviews[-1][0]
            reviews[-1] = (end, "ends")
        plans.append(
            ChildProtectionPlan(
                child_id=enquiry.child_id,
                enquiry=enquiry,
                chair_id=enquiry.chair_id,
                start_date=held,
                end_date=end,
                end_reason=rng.choice(END_REASONS) if end else "",
                initial_category=category,
                latest_category=category if rng.random() < 0.9 else rng.choice(CATEGORIES),
                previous_plans=rng.choice(PREVIOUS),
            )
        )
        reviews_of.append(reviews)
    plans = insert(ChildProtectionPlan, plans)
    plan_by_enquiry = {p.enquiry_id: p for p in plans}

    ages = {c.pk: c.date_of_birth for c in subjects}
    conferences: list[Conference] = []
    for enquiry, held, decision in initial_of:
        plan = plan_by_enquiry.get(enquiry.pk)
        age = (held - ages[enquiry.child_id]).days // 365
        conferences.append(
            Conference(
                child_id=enquiry.child_id,
                kind=Conference.Kind.INITIAL,
                enquiry=enquiry,
                plan=plan,
                held_on=held,
                chair_id=enquiry.chair_id,
                attended=_attended(rng, age),
                reports=_reports(rng, held, calendar),
                decision=decision,
                category=plan.initial_category if plan else "",
            )
        )
    for plan, reviews in zip(plans, reviews_of, strict=True):
        for on, decision in reviews:
            age = (on - ages[plan.child_id]).days // 365
            conferences.append(
                Conference(
                    child_id=plan.child_id,
                    kind=Conference.Kind.REVIEW,
                    plan=plan,
                    held_on=on,
                    chair_id=plan.chair_id,
                    attended=_attended(rng, age),
                    reports=_reports(rng, on, calendar),
                    decision=decision,
                    category=plan.latest_category if decision == "continues" else "",
                )
            )
    insert(Conference, conferences)
    conferences_refresh([c.pk for c in subjects], calendar=calendar)
    return {
        "cp_children_added": len(fresh),
        "section47_enquiries": len(enquiries),
        "cp_plans": len(plans),
        "cp_plans_open": sum(1 for p in plans if p.end_date is None),
        "cp_conferences": len(conferences),
    }
