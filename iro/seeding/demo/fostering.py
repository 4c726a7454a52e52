"""Demo data for foster carer reviews and supervision orders.

Households: about 1 approved foster household for every 4 to 5 children looked after (England,
31 March 2024: about 35,000 approved fostering households for about 84,000 children; a council
also uses independent fostering agencies, whose carers its IROs do not review), so 60 to 90 for
a 350-child demo. Each is reviewed about a year after approval and then yearly: most reviews in
time, some a few weeks late, a few households overdue now, and a few whose approval ended at a
review. Two fostering IROs chair them. Supervision orders: a few children a year return home
from care proceedings on an order whose first review an IRO chairs.

The synthetic generator (`iro.seeding.synthetic`) uses the same functions at its own scale.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child, PeriodOfCare
from iro.fostering.models import ApprovalType, FosterCarerReview, FosterHousehold, Recommendation
from iro.fostering.schedule import household_schedule_refresh
from iro.orders.models import SupervisionOrder, SupervisionOrderReview
from iro.seeding.demo.core import DemoContext
from iro.timetable import fostering as rules
from iro.timetable.calendar import add_months

HOUSEHOLDS_PER_CHILD = 0.21  # 350 children: about 74 households
ORDERS_PER_CHILD_A_YEAR = 0.02  # 350 children: about 7 supervision orders a year
LATE_SHARE = 0.12  # reviews held after their due date
OVERDUE_SHARE = 0.07  # households whose review is overdue today
ENDED_SHARE = 0.05  # approvals ended at a review

CARER_FIRST = ("Jo", "Sam", "Amal", "Chris", "Dee", "Kofi", "Maria", "Tariq", "Sian", "Lee")
CARER_LAST = ("Okafor", "Banks", "Hughes", "Patel", "Walsh", "Nowak", "Evans", "Khan", "Reid")
SUPERVISING = ("Dee Walker", "Ben Asante", "Ruth Kirby", "Omar Latif", "Cara Doyle")
TYPES = (
    [ApprovalType.GENERAL] * 14
    + [ApprovalType.CONNECTED] * 4
    + [ApprovalType.SHORT_BREAKS, ApprovalType.PARENT_AND_CHILD, ApprovalType.EMERGENCY]
)
TERMS = (
    "Up to 2 children aged 0 to 11",
    "Up to 3 children aged 5 to 18",
    "1 child aged 0 to 18",
    "A named child (connected person)",
    "Up to 2 brothers or sisters aged 0 to 18",
)
CARERS_VIEWS = (
    "We feel well supported by our supervising social worker and want to carry on.",
    "Training has helped; we would like more respite when things are hard.",
    "We would like to be considered for older children as well.",
)
CHILDRENS_VIEWS = (
    "Said they feel safe and like their bedroom; wants more time with their sister.",
    "Told the IRO on a call before the review that the carers are kind.",
    "",
)
WORKER_VIEWS = (
    "A warm, stable household; training and checks are up to date.",
    "Good care; the carers use supervision well and have met every standard.",
)


def _approved_on(rng: random.Random, as_of: date) -> date:
    """Approval dates from the last 9 years, more of them recent."""
    days = int(rng.triangular(20, 9 * 365, 2 * 365))
    return as_of - timedelta(days=days)


def add_households(
    rng: random.Random, *, as_of: date, chairs: list[ReviewingOfficer], count: int
) -> list[FosterHousehold]:
    """`count` households with their review history, chaired by `chairs` in turn; then the one
    writer derives every stored fact."""
    start = FosterHousehold.objects.count()
    households = FosterHousehold.objects.bulk_create(
        FosterHousehold(
            reference=f"FH-{start + i + 1:04d}",
            carers=f"{rng.choice(CARER_FIRST)} and {rng.choice(CARER_FIRST)} "
            f"{rng.choice(CARER_LAST)}",
            approved_on=_approved_on(rng, as_of),
            approval_type=rng.choice(TYPES),
            approval_terms=rng.choice(TERMS),
            supervising_social_worker=rng.choice(SUPERVISING),
            chair=chairs[i % len(chairs)],
        )
        for i in range(count)
    )
    reviews: list[FosterCarerReview] = []
    ended: list[FosterHousehold] = []
    # Every so many households, not by chance, so even a small demo shows each case.
    overdue_every, ended_every = round(1 / OVERDUE_SHARE), round(1 / ENDED_SHARE)
    for index, household in enumerate(households):
        overdue = index % overdue_every == 3
        ends = index % ended_every == 7
        due = rules.first_review_due(household.approved_on)
        held_dates: list[date] = []
        while True:
            held = due - timedelta(days=rng.randint(0, 40))
            if rng.random() < LATE_SHARE:
                held = due + timedelta(days=rng.randint(3, 45))
            # Overdue households have missed the review that fell due most recently.
            if held > as_of or (overdue and add_months(due, 12) > as_of and due < as_of):
                break
            held_dates.append(held)
            due = rules.next_review_due(household.approved_on, held_dates)
        for number, held in enumerate(held_dates, start=1):
            last = number == len(held_dates)
            terminate = ends and last and number > 1
            referred = held + timedelta(days=rng.randint(1, 10)) if number == 1 else None
            panel = referred + timedelta(days=rng.randint(10, 30)) if referred else None
            decision_on = (panel or held) + timedelta(days=rng.randint(5, 15))
            decided = decision_on <= as_of and (panel is None or panel <= as_of)
            recommendation = Recommendation.TERMINATE if terminate else Recommendation.CONTINUE
            reviews.append(
                FosterCarerReview(
                    household=household,
                    held_on=held,
                    chair=household.chair,
                    carers_views=rng.choice(CARERS_VIEWS),
                    childrens_views=rng.choice(CHILDRENS_VIEWS),
                    social_worker_views=rng.choice(WORKER_VIEWS),
                    recommendation=recommendation,
                    referred_to_panel_on=referred if referred and referred <= as_of else None,
                    panel_date=panel if panel and panel <= as_of else None,
                    panel_recommendation=recommendation if panel and panel <= as_of else "",
                    agency_decision=recommendation if decided else "",
                    agency_decision_on=decision_on if decided else None,
                )
            )
            if terminate and decided:
                household.approval_ended_on = decision_on
                ended.append(household)
    FosterCarerReview.objects.bulk_create(reviews)
    FosterHousehold.objects.bulk_update(ended, ["approval_ended_on"])
    household_schedule_refresh([h.pk for h in households])
    return households


def add_supervision_orders(
    rng: random.Random, *, as_of: date, chairs: list[ReviewingOfficer], count: int
) -> list[SupervisionOrder]:
    """Up to `count` orders for children who returned home in the last 18 months, each made on
    the day care ended; most have had their first review (about 6 weeks after the order)."""
    since = as_of - timedelta(days=548)
    periods = list(
        PeriodOfCare.objects.filter(end_date__gte=since, end_date__lte=as_of)
        .filter(reason_ceased__in=["E4A", "E13"])
        .select_related("child")
        .order_by("end_date", "pk")
    )
    rng.shuffle(periods)
    orders: list[SupervisionOrder] = []
    reviews: list[SupervisionOrderReview] = []
    seen: set[int] = set()
    for period in periods:
        if len(orders) >= count or period.child_id in seen:
            continue
        seen.add(period.child_id)
        assert period.end_date is not None
        made_on = period.end_date
        child: Child = period.child
        chair = next((c for c in chairs if c.pk == child.iro_id), rng.choice(chairs))
        order = SupervisionOrder(
            child=child,
            made_on=made_on,
            months=12,
            ends_on=rules.order_ends_on(made_on, 12),
            chair=chair,
        )
        orders.append(order)
        first = made_on + timedelta(days=rng.randint(28, 56))
        if first <= as_of and first <= order.ends_on:
            reviews.append(
                SupervisionOrderReview(
                    order=order,
                    held_on=first,
                    chair=chair,
                    plan="Weekly visits by the social worker; parenting course; school "
                    "attendance checked monthly; the family's social worker chairs later "
                    "reviews.",
                )
            )
    SupervisionOrder.objects.bulk_create(orders)
    SupervisionOrderReview.objects.bulk_create(reviews)
    return orders


def populate(context: DemoContext) -> None:
    rng = random.Random(f"{context.rng.random()}:fostering")  # nosec B311
    by_username = {iro.user.username: iro for iro in context.iros if iro.user}
    # The demo IRO chairs foster carer reviews too, so signing in as "iro" shows them.
    chairs = [by_username.get("iro", context.iros[0]), by_username.get("iro3", context.iros[-1])]
    add_households(
        rng,
        as_of=context.as_of,
        chairs=chairs,
        count=max(6, round(len(context.children) * HOUSEHOLDS_PER_CHILD)),
    )
    add_supervision_orders(
        rng,
        as_of=context.as_of,
        chairs=context.iros,
        count=max(3, round(len(context.children) * ORDERS_PER_CHILD_A_YEAR * 1.5)),
    )
