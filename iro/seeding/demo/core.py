"""Demonstration data: a realistic, made-up IRO service, the same every time for a given date.

The core records (IROs, staff, children, episodes, reviews) are made here; `load_demo` in
`iro.seeding.demo` then asks each app's module beside this one to add its own records. No real
person's data: names are drawn from short lists of common words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from iro.accounts.models import ReviewingOfficer, User
from iro.accounts.roles import Role
from iro.accounts.services import user_create
from iro.children.models import Child, Episode, IROAllocation, PeriodOfCare, SocialWorker, Team
from iro.reviews.models import Review
from iro.reviews.schedule import schedule_refresh
from iro.timetable import reviews as rules
from iro.timetable.calendar import WorkingDayCalendar

DEMO_PASSWORD = "demo-password"  # noqa: S105  # nosec B105

FIRST_NAMES = [
    "Alex",
    "Amelia",
    "Aria",
    "Ava",
    "Ben",
    "Callum",
    "Charlie",
    "Chloe",
    "Daisy",
    "Dylan",
    "Ella",
    "Ellis",
    "Evie",
    "Finley",
    "Freya",
    "George",
    "Grace",
    "Harry",
    "Harper",
    "Isla",
    "Jack",
    "Jacob",
    "Jayden",
    "Kai",
    "Leo",
    "Lily",
    "Logan",
    "Luca",
    "Maya",
    "Mia",
    "Mohammed",
    "Noah",
    "Olivia",
    "Oscar",
    "Poppy",
    "Reuben",
    "Riley",
    "Rosie",
    "Ruby",
    "Sam",
    "Sienna",
    "Sofia",
    "Theo",
    "Tyler",
    "Willow",
    "Zara",
]
LAST_NAMES = [
    "Ashby",
    "Barker",
    "Bell",
    "Booth",
    "Brennan",
    "Carter",
    "Clarke",
    "Dawson",
    "Ellis",
    "Fletcher",
    "Foster",
    "Garner",
    "Gill",
    "Hale",
    "Hart",
    "Hughes",
    "Jarvis",
    "Kemp",
    "Lane",
    "Lowe",
    "Marsh",
    "Mason",
    "Moss",
    "Nash",
    "Norris",
    "Osborne",
    "Parry",
    "Pike",
    "Quinn",
    "Reeve",
    "Rowe",
    "Shaw",
    "Slater",
    "Stone",
    "Sutton",
    "Thorne",
    "Tucker",
    "Vance",
    "Walsh",
    "Webb",
    "Wells",
    "Wilde",
    "Wren",
]
IRO_STAFF = (
    ("iro", "Priya", "Shah", "1.00", "permanent", "North locality", "", "0.00"),
    ("iro2", "Daniel", "Okafor", "1.00", "permanent", "South locality", "", "0.00"),
    ("iro3", "Helen", "Marsh", "0.80", "permanent", "Disabled children", "", "0.00"),
    ("iro4", "Tom", "Fielding", "1.00", "agency", "Care leavers", "", "0.00"),
    ("iro5", "Grace", "Adeyemi", "0.60", "fixed_term", "Under 5s", "", "0.00"),
    (
        "iro6",
        "Martin",
        "Cole",
        "1.00",
        "permanent",
        "North locality",
        "Chairs child protection conferences",
        "0.20",
    ),
)
OTHER_USERS = (
    ("manager", "Sarah", "Lindqvist", Role.IRO_MANAGER, "IRO service manager"),
    ("head", "Rachel", "Ortiz", Role.HEAD_OF_SERVICE, "Head of service"),
    ("socialworker", "Owen", "Price", Role.OPERATIONAL, "Social worker"),
    ("teammanager", "Fatima", "Begum", Role.OPERATIONAL, "Team manager"),
    ("support", "Lucy", "Grant", Role.BUSINESS_SUPPORT, "Business support officer"),
    ("auditor", "Kevin", "Doyle", Role.AUDITOR, "Internal auditor"),
    ("admin", "Alan", "Reid", Role.ADMINISTRATOR, "System administrator"),
)
TEAMS = ("Assessment and intervention", "Children in care", "Disabled children", "Leaving care")
PLACEMENTS = ("U4", "U4", "U6", "U6", "U1", "U3", "K2", "P1", "U5", "H5")
LEGAL = ("C2", "C2", "C2", "C1", "V2", "E1")


@dataclass
class DemoContext:
    """What the core demo made, for the apps' `populate` steps."""

    as_of: date
    rng: random.Random
    calendar: WorkingDayCalendar
    users: dict[str, User] = field(default_factory=dict)
    iros: list[ReviewingOfficer] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    social_workers: list[SocialWorker] = field(default_factory=list)


def demo_users() -> list[tuple[str, str]]:
    """(username, role) of each demo account, for `make run` to print."""
    rows = [(u[0], "IRO") for u in IRO_STAFF[:1]]
    rows += [(u[0], u[4]) for u in OTHER_USERS]
    return rows


def staff(context: DemoContext) -> None:
    start = context.as_of.replace(year=context.as_of.year - 4)
    for username, first, last, fte, contract, area, duties, weight in IRO_STAFF:
        user = user_create(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            roles=[Role.IRO],
            email=f"{username}@example.org",
            job_title="Independent Reviewing Officer",
        )
        context.users[username] = user
        context.iros.append(
            ReviewingOfficer.objects.create(
                user=user,
                name=f"{first} {last}",
                fte=Decimal(fte),
                contract=contract,
                start_date=start,
                service_area=area,
                other_duties=duties,
                other_duties_weight=Decimal(weight),
            )
        )
    for username, first, last, role, title in OTHER_USERS:
        context.users[username] = user_create(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            roles=[role],
            email=f"{username}@example.org",
            job_title=title,
        )
    # The demo team manager manages every team, so she answers disputes raised with her teams.
    teams = [Team.objects.create(name=name, manager=context.users["teammanager"]) for name in TEAMS]
    sw_names: list[tuple[str, str | None]] = [
        ("Owen Price", "socialworker"),
        ("Fatima Begum", "teammanager"),
        ("Jo Hendry", None),
        ("Ravi Menon", None),
        ("Claire Dunn", None),
        ("Patrick Nolan", None),
        ("Amy Brooks", None),
        ("Sunil Rao", None),
        ("Beth Carver", None),
        ("Nadia Haddad", None),
        ("Ian Moffat", None),
        ("Kate Lyons", None),
    ]
    for index, (name, sw_username) in enumerate(sw_names):
        context.social_workers.append(
            SocialWorker.objects.create(
                name=name,
                sw_id=f"SW{index + 1:03d}",
                team=teams[index % len(teams)],
                user=context.users.get(sw_username) if sw_username else None,
            )
        )


_TOLD_AFTER = (0, 1, 1, 2, 2, 0, 1, 3, 2, 4)  # working days from coming into care


def children(context: DemoContext, count: int) -> None:
    rng, as_of, calendar = context.rng, context.as_of, context.calendar
    allocations: list[IROAllocation] = []
    reviews: list[Review] = []
    # Caseload shares roughly follow FTE, so the demo shows a realistic spread around 50-70.
    weights = [float(i.fte_for_children_in_care) for i in context.iros]
    sibling_seq = 0
    for index in range(count):
        # Ages as in England's CLA figures: few under 4, most aged 10 to 17.
        born_years_ago = rng.choice(
            [1, 3, 5, 6, 8, 9, 10, 11, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17]
        )
        born = as_of - timedelta(days=born_years_ago * 365 + rng.randint(0, 360))
        max_years_in_care = min(born_years_ago, 8)
        # About a third came into care in the last year: the demo needs first reviews.
        if rng.random() < 0.33:
            start = as_of - timedelta(days=rng.randint(3, 365))
        else:
            start = as_of - timedelta(days=rng.randint(366, max(367, max_years_in_care * 365)))
        start = max(start, born + timedelta(days=1))
        sibling: str = ""
        if index % 9 == 1:
            sibling_seq += 1
        if index % 9 in (1, 2):
            sibling = f"S{sibling_seq:03d}"
        sw = rng.choice(context.social_workers)
        child = Child.objects.create(
            la_child_id=f"D{index + 1:05d}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            date_of_birth=born,
            sex=rng.choice("MF"),
            ethnicity=rng.choice(["WBRI"] * 6 + ["MWBC", "BAFR", "APKN", "WOTH", "MOTH"]),
            sibling_group=sibling,
            social_worker=sw if rng.random() > 0.05 else None,
            team=sw.team,
        )
        ceased = rng.random() < 0.12 and (as_of - start).days > 120
        end = (
            as_of - timedelta(days=rng.randint(1, min(400, (as_of - start).days - 60)))
            if ceased
            else None
        )
        period = PeriodOfCare.objects.create(
            child=child,
            start_date=start,
            first_known_date=start,
            end_date=end,
            reason_ceased=rng.choice(["E4A", "E13", "E45", "E11", "E6"]) if ceased else "",
            # The IRO service is told before it allocates; about one in five are told late.
            iro_notified_on=(
                told := min(calendar.add_working_days(start, _TOLD_AFTER[index % 10]), as_of)
            ),
        )
        _episodes(context, child, period)
        if not ceased:
            child.current_period = period
        # Most children have an IRO; a few new arrivals are still waiting (the 5-day clock).
        recent = (as_of - start).days < 10
        if not (recent and index % 2 == 0):
            iro = rng.choices(context.iros, weights=weights)[0]
            allocated = calendar.add_working_days(start, rng.choice([1, 2, 3, 4, 5, 5, 6, 8]))
            allocated = max(min(allocated, as_of), told)
            allocations.append(
                IROAllocation(child=child, iro=iro, start_date=allocated, reason="New to care")
            )
            child.iro = iro
        child.save()
        context.children.append(child)
        reviews.extend(review_history(context, child, period, end or as_of))
    IROAllocation.objects.bulk_create(allocations)
    Review.objects.bulk_create(reviews)
    schedule_refresh(calendar=calendar)


def _episodes(context: DemoContext, child: Child, period: PeriodOfCare) -> None:
    rng = context.rng
    assert period.start_date is not None
    end_of_data = period.end_date or context.as_of
    moves = rng.choice([0, 0, 0, 1, 1, 2, 3])
    span = (end_of_data - period.start_date).days
    cut_days = (
        sorted(rng.sample(range(1, span), k=min(moves, max(span - 1, 0)))) if span > 2 else []
    )
    starts = [period.start_date] + [period.start_date + timedelta(days=d) for d in cut_days]
    legal = rng.choice(LEGAL)
    for i, start in enumerate(starts):
        last = i == len(starts) - 1
        end = None if last else starts[i + 1]
        if last and period.end_date:
            end = period.end_date
        Episode.objects.create(
            child=child,
            period=period,
            start_date=start,
            reason_new="S" if i == 0 else "P",
            legal_status=legal,
            category_of_need=rng.choice(["N1", "N1", "N1", "N2", "N4", "N5", "N8"]),
            placement=rng.choice(PLACEMENTS),
            end_date=end,
            reason_ended=("X1" if not last else (period.reason_ceased if period.end_date else "")),
        )


def review_history(
    context: DemoContext, child: Child, period: PeriodOfCare, until: date
) -> list[Review]:
    """Reviews on the statutory cadence, most in time, some late, some not yet held."""
    rng, calendar = context.rng, context.calendar
    assert period.start_date is not None
    held: list[date] = []
    made: list[Review] = []
    while True:
        number = len(held) + 1
        due = rules.review_due_for(
            number,
            period_start=period.start_date,
            previous_held=held[-1] if held else None,
            calendar=calendar,
        )
        roll = rng.random()
        if roll < 0.82:
            day = due - timedelta(days=rng.randint(0, 12))
        else:
            day = due + timedelta(days=rng.randint(1, 35))
        day = max(day, period.start_date + timedelta(days=5))
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        if day >= until:
            break
        held.append(day)
        age = child.age_on(day)
        if age < 4:
            code = "PN0"
        else:
            code = rng.choices(
                ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], weights=[35, 8, 3, 4, 20, 22, 8]
            )[0]
        made.append(
            Review(
                child=child,
                period=period,
                held_on=day,
                participation_code=code,
                chair=child.iro,
                source=Review.Source.DEMO,
            )
        )
    return made


def as_dict(context: DemoContext) -> dict[str, Any]:
    return {"children": len(context.children), "iros": len(context.iros)}
