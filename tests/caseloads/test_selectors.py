"""Reading caseloads from the database: today, month by month, continuity and suggestions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from iro.caseloads import selectors
from iro.caseloads.models import ReviewingOfficer
from iro.caseloads.rules import BandPosition
from iro.children.models import Child, PeriodOfCare
from iro.children.services import iro_allocate
from iro.core.council import council_settings


def test_summary_divides_children_by_fte_left_after_other_duties(
    make_iro: Any, make_child: Any
) -> None:
    full, chairs = make_iro("Priya Shah"), make_iro("Martin Cole", fte="1.00")
    chairs.other_duties_weight = Decimal("0.50")
    chairs.save()
    for _ in range(3):
        make_child(iro=full)
    make_child(iro=chairs)
    make_child()  # waiting for an IRO
    summary = selectors.caseload_summary(timezone.localdate())
    rows = {row.officer.name: row for row in summary.rows}
    assert (rows["Priya Shah"].children, rows["Priya Shah"].per_fte) == (3, Decimal("3.0"))
    assert (rows["Martin Cole"].fte, rows["Martin Cole"].per_fte) == (
        Decimal("0.50"),
        Decimal("2.0"),
    )
    assert rows["Martin Cole"].position == BandPosition.BELOW
    assert (summary.looked_after, summary.allocated, summary.unallocated) == (5, 4, 1)
    assert (summary.fte, summary.per_fte) == (Decimal("1.50"), Decimal("2.7"))


def test_band_comes_from_council_settings(make_iro: Any, make_child: Any) -> None:
    settings_row = council_settings()
    settings_row.caseload_lower, settings_row.caseload_upper = 1, 2
    settings_row.save()
    iro = make_iro()
    for _ in range(3):
        make_child(iro=iro)
    summary = selectors.caseload_summary(timezone.localdate())
    assert summary.position == BandPosition.ABOVE
    assert (summary.lower, summary.upper) == (1, 2)


def test_leaver_still_holding_children_is_listed_but_not_counted_in_fte(
    make_iro: Any, make_child: Any
) -> None:
    stays, leaves = make_iro("Priya Shah"), make_iro("Tom Fielding")
    make_child(iro=stays)
    make_child(iro=leaves)
    leaves.end_date = timezone.localdate() - timedelta(days=1)
    leaves.save()
    summary = selectors.caseload_summary(timezone.localdate())
    assert [row.officer for row in summary.leavers_holding_children] == [leaves]
    assert summary.fte == Decimal("1.00")


def test_history_follows_transfers_and_children_leaving_care(
    make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    first, second = make_iro("Priya Shah"), make_iro("Daniel Okafor")
    long_ago = today - timedelta(days=500)
    moved = make_child(iro=first, start_date=long_ago)
    left = make_child(iro=first, start_date=long_ago)
    ends = selectors.month_ends(today)
    iro_allocate(acting_user=None, child=moved, iro=second, start_date=ends[6], reason="Balancing")
    PeriodOfCare.objects.filter(child=left).update(end_date=ends[3] + timedelta(days=1))
    Child.objects.filter(pk=left.pk).update(current_period=None)
    history = selectors.caseload_history(today)
    assert len(history.months) == 13 and history.months[-1].on == today
    assert history.months[0].by_iro == {first.pk: 2}
    assert history.months[4].by_iro == {first.pk: 1}
    assert history.months[6].by_iro == {second.pk: 1}
    assert history.months[-1].per_fte == Decimal("0.5")
    table = dict(history.officers)
    assert table[first][:7] == [2, 2, 2, 2, 1, 1, 0]


def test_month_ends_are_the_last_days_of_the_previous_months() -> None:
    ends = selectors.month_ends(date(2026, 3, 15), months=3)
    assert ends == [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28)]


def test_continuity_counts_changes_in_the_current_period(make_iro: Any, make_child: Any) -> None:
    iros = [make_iro(f"IRO {i} Person") for i in range(4)]
    today = timezone.localdate()
    start = today - timedelta(days=300)
    steady = make_child(iro=iros[0], start_date=start)
    moved = make_child(iro=iros[0], start_date=start)
    for step, iro in enumerate(iros[1:], start=1):
        iro_allocate(
            acting_user=None,
            child=moved,
            iro=iro,
            start_date=start + timedelta(days=20 * step),
            reason="Staff change",
        )
    assert selectors.continuity_distribution() == {"0": 1, "1": 0, "2": 0, "3 or more": 1}
    listed: list[Any] = list(selectors.children_with_many_iro_changes())
    assert listed == [moved] and listed[0].iro_changes == 3
    assert steady not in listed


def test_suggestions_keep_siblings_together_then_offer_room(make_iro: Any, make_child: Any) -> None:
    busy, light, sibling_iro = make_iro("Busy One"), make_iro("Light Two"), make_iro("Sib Three")
    for _ in range(3):
        make_child(iro=busy)
    for _ in range(2):
        make_child(iro=sibling_iro)
    brother = make_child(iro=sibling_iro)
    Child.objects.filter(pk=brother.pk).update(sibling_group="S1")
    child = make_child()
    Child.objects.filter(pk=child.pk).update(sibling_group="S1")
    child.refresh_from_db()
    suggestions = selectors.allocation_suggestions(child, timezone.localdate())
    assert [s.officer for s in suggestions] == [sibling_iro, light, busy]
    assert suggestions[0].siblings == 1


def test_suggestions_leave_out_leavers_and_the_current_iro(make_iro: Any, make_child: Any) -> None:
    current, gone, other = make_iro("Now Current"), make_iro("Gone Away"), make_iro("Other One")
    gone.end_date = timezone.localdate() - timedelta(days=1)
    gone.save()
    child = make_child(iro=current)
    suggestions = selectors.allocation_suggestions(child, timezone.localdate())
    assert [s.officer for s in suggestions] == [other]


def test_forecast_reads_periods_of_care(make_child: Any) -> None:
    today = timezone.localdate()
    for days in (10, 40, 400):
        make_child(start_date=today - timedelta(days=days))
    forecast = selectors.demand_forecast(today)
    assert forecast.in_care_now == 3
    assert forecast.entry_rate == 2 / 12


def test_split_sibling_groups_lists_siblings_with_different_iros(
    make_iro: Any, make_child: Any
) -> None:
    first, second = make_iro("Priya Shah"), make_iro("Daniel Okafor")
    together = [make_child(iro=first), make_child(iro=first)]
    apart = [make_child(iro=first), make_child(iro=second)]
    Child.objects.filter(pk__in=[c.pk for c in together]).update(sibling_group="T1")
    Child.objects.filter(pk__in=[c.pk for c in apart]).update(sibling_group="A1")
    (split,) = selectors.split_sibling_groups()
    assert split.sibling_group == "A1"
    assert {c.pk for c in split.children} == {c.pk for c in apart}


def test_longer_history_keeps_the_table_by_iro_to_the_last_year(
    make_iro: Any, make_child: Any
) -> None:
    iro = make_iro()
    make_child(iro=iro, start_date=timezone.localdate() - timedelta(days=900))
    history = selectors.caseload_history(timezone.localdate(), 24)
    assert len(history.months) == 25 and len(history.recent_months) == 13
    assert [len(counts) for _officer, counts in history.officers] == [13]


def test_caseloads_page_and_scorecard_give_the_same_children_per_fte(build_service: Any) -> None:
    from iro.reporting.arithmetic import ReportingPeriod
    from iro.reporting.scorecard import compute_scorecard

    officers, _ = build_service(iros=3, children=10)
    ReviewingOfficer.objects.filter(pk=officers[0].pk).update(other_duties_weight=Decimal("0.50"))
    today = timezone.localdate()
    summary = selectors.caseload_summary(today)
    figure = compute_scorecard(ReportingPeriod(today.replace(day=1), today))["caseload_per_fte"]
    # 10 children ÷ 2.5 FTE: 4.0 on both, and each IRO's figure too.
    assert summary.per_fte == Decimal("4.0") and figure["per_fte"] == 4.0
    assert {row.officer.pk: float(row.per_fte) for row in summary.rows if row.per_fte} == figure[
        "by_iro"
    ]
