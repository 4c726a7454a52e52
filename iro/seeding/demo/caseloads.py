"""Demonstration data for caseloads: staff changes and the history the forecast reads.

The core demo makes six IROs and the children in care today. This adds what a manager's pages
need to be worth looking at: an agency IRO who left (their children were transferred, so the
month-by-month history and continuity show it), a fixed-term IRO who has just started, a few
children moved between IROs more than three times, and earlier periods of care that ended (so the
forecast has real exits to learn from).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child, Episode, IROAllocation, PeriodOfCare
from iro.children.services import iro_cover_arrange
from iro.reviews.models import Review
from iro.reviews.schedule import schedule_refresh
from iro.seeding.demo.core import DemoContext, review_history

# Share of children given an earlier, ended period of care in the last four years.
EARLIER_PERIOD_SHARE = 0.5
# (share, shortest stay, longest stay) in days: many short stays, some years long.
STAYS = ((0.3, 7, 90), (0.45, 91, 700), (0.25, 701, 1400))


def populate(context: DemoContext) -> None:
    as_of = context.as_of
    in_post = [iro for iro in context.iros if iro.end_date is None]
    leaver = ReviewingOfficer.objects.create(
        name="Joanne Pryce",
        fte=Decimal("1.00"),
        contract=ReviewingOfficer.Contract.AGENCY,
        start_date=as_of - timedelta(days=900),
        end_date=as_of - timedelta(days=130),
        service_area="South locality",
    )
    ReviewingOfficer.objects.create(
        name="Leon Baptiste",
        fte=Decimal("0.50"),
        contract=ReviewingOfficer.Contract.FIXED_TERM,
        start_date=as_of - timedelta(days=20),
        end_date=as_of + timedelta(days=180),
        service_area="Under 5s",
        other_duties="Fostering panel reviews",
        other_duties_weight=Decimal("0.10"),
    )
    _leaver_history(context, leaver)
    _frequent_changes(context, in_post)
    _earlier_periods(context, [*in_post, leaver])
    _cover(context, in_post)


def _cover(context: DemoContext, in_post: list[ReviewingOfficer]) -> None:
    """The demo IRO covers a colleague on leave this week (so "My children" lists the children
    they cover), and covered another last month, through the manager's cover page's service."""
    manager = context.users.get("manager")
    if manager is None or len(in_post) < 3:
        return
    as_of = context.as_of
    for absent, start, end, reason in (
        (in_post[1], as_of - timedelta(days=2), as_of + timedelta(days=9), "Annual leave"),
        (in_post[2], as_of - timedelta(days=40), as_of - timedelta(days=30), "Training course"),
    ):
        iro_cover_arrange(
            acting_user=manager,
            absent_iro=absent,
            covering_iro=in_post[0],
            start_date=start,
            end_date=end,
            reason=reason,
        )


def _leaver_history(context: DemoContext, leaver: ReviewingOfficer) -> None:
    """Children who had the leaver as their IRO before the current one took over."""
    left = leaver.end_date
    assert left is not None
    moved = 0
    for allocation in (
        IROAllocation.objects.filter(
            end_date__isnull=True,
            start_date__gte=leaver.start_date,
            start_date__lt=left - timedelta(days=60),
        )
        .select_related("child")
        .order_by("pk")
    ):
        if moved >= 28 or context.rng.random() > 0.2:
            continue
        IROAllocation.objects.create(
            child=allocation.child,
            iro=allocation.iro,
            start_date=left,
            reason="Previous IRO left the service",
        )
        allocation.iro = leaver
        allocation.end_date = left
        allocation.save(update_fields=["iro", "end_date"])
        moved += 1


def _frequent_changes(context: DemoContext, iros: list[ReviewingOfficer]) -> None:
    """A few children whose IRO changed three or more times in their current period."""
    rng, as_of = context.rng, context.as_of
    reasons = ["Sickness cover", "Caseload balancing", "IRO changed team", "Returned to IRO"]
    candidates = [
        child
        for child in context.children
        if child.current_period_id
        and child.iro_id
        and child.current_period.start_date  # type: ignore[union-attr]
        and (as_of - child.current_period.start_date).days > 400  # type: ignore[union-attr]
    ]
    # Counted by place in the list, never by primary key: keys depend on what the database
    # held before, and the demo must be the same for a seed on any database.
    for place, child in enumerate(candidates[:5]):
        current = IROAllocation.objects.filter(child=child, end_date__isnull=True).first()
        if current is None or current.start_date > as_of - timedelta(days=360):
            continue
        day = max(current.start_date, as_of - timedelta(days=360))
        iro = current.iro
        for step in range(3 + (place % 2)):
            day = day + timedelta(days=rng.randint(40, 80))
            choices = [i for i in iros if i.pk != iro.pk]
            new = rng.choice(choices)
            IROAllocation.objects.filter(child=child, end_date__isnull=True).update(end_date=day)
            IROAllocation.objects.create(
                child=child, iro=new, start_date=day, reason=reasons[step % len(reasons)]
            )
            iro = new
        Child.objects.filter(pk=child.pk).update(iro=iro)
        child.iro = iro


def _earlier_periods(context: DemoContext, iros: list[ReviewingOfficer]) -> None:
    """Earlier periods of care, ended, for some of the children (children do return to care),
    so the forecast has exits to learn from without adding children to the register."""
    rng, as_of = context.rng, context.as_of
    earliest = as_of - timedelta(days=4 * 365)
    weights = [float(i.fte) for i in iros]
    made = 0
    for child in context.children:
        first = PeriodOfCare.objects.filter(child=child).order_by("first_known_date").first()
        if first is None or first.start_date is None or rng.random() > EARLIER_PERIOD_SHARE:
            continue
        roll, stay_days = rng.random(), 30
        for share, shortest, longest in STAYS:
            if roll < share:
                stay_days = rng.randint(shortest, longest)
                break
            roll -= share
        lowest = max(earliest, child.date_of_birth + timedelta(days=30))
        latest_end = first.start_date - timedelta(days=30)
        if (latest_end - lowest).days <= stay_days:
            continue
        end = latest_end - timedelta(days=rng.randint(0, (latest_end - lowest).days - stay_days))
        start = end - timedelta(days=stay_days)
        period = PeriodOfCare.objects.create(
            child=child,
            start_date=start,
            first_known_date=start,
            end_date=end,
            reason_ceased=rng.choice(["E4A", "E13", "E11", "E12", "E8"]),
        )
        Episode.objects.create(
            child=child,
            period=period,
            start_date=start,
            reason_new="S",
            legal_status=rng.choice(["C2", "V2", "V2", "E1"]),
            category_of_need="N1",
            placement=rng.choice(["U4", "U6", "U1", "P1"]),
            end_date=end,
            reason_ended=period.reason_ceased,
        )
        iro = rng.choices(iros, weights=weights)[0]
        allocated = min(context.calendar.add_working_days(start, rng.randint(1, 5)), end)
        if allocated < iro.start_date or (iro.end_date and allocated > iro.end_date):
            iro = iros[0]
        IROAllocation.objects.create(
            child=child, iro=iro, start_date=allocated, end_date=end, reason="New to care"
        )
        # An earlier period had its statutory reviews too, chaired by that period's IRO.
        reviews = review_history(context, child, period, end)
        for review in reviews:
            review.chair = iro
        Review.objects.bulk_create(reviews)
        made += 1
    if made:
        schedule_refresh(calendar=context.calendar)
