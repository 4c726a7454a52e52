"""The per-child measures read from the stored year facts give exactly what the live queries
give, for whole years, a year to date, each IRO and each team, figure and drill-down alike; and
the live queries answer whenever the stored rows do not (a year not stored for that day)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine

from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child, Team
from iro.core import facts
from iro.reporting import measures
from iro.reporting.arithmetic import ReportingPeriod, financial_year
from iro.reporting.models import ChildYearFacts
from iro.reporting.scorecard import compute_scorecards, reporting_period
from iro.reporting.selectors import drill_down_for
from iro.reporting.stored import years_answered
from iro.seeding.synthetic import ServiceShape, generate_service

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)
STORED = (
    "children_with_2_oversights",
    "children_with_4_oversights",
    "children_with_more_than_two_reviews",
    "iro_continuity",
)


@pytest.fixture
def generated(db: Any) -> None:
    with time_machine.travel(TODAY, tick=False):
        generate_service(ServiceShape(children=40, years=3, seed=31, as_of=TODAY, iros=3))


def _years() -> list[ReportingPeriod]:
    return [reporting_period(financial_year(y), TODAY) for y in (2024, 2025, 2026)]


def _scopes() -> list[measures.Scope]:
    scopes = [measures.Scope()]
    scopes += [
        measures.Scope(iro_id=pk) for pk in ReviewingOfficer.objects.values_list("pk", flat=True)
    ]
    scopes += [measures.Scope(team_id=pk) for pk in Team.objects.values_list("pk", flat=True)[:2]]
    return scopes


def _live(monkeypatch: Any) -> None:
    monkeypatch.setattr(measures, "years_answered", lambda periods: False)


def test_stored_year_facts_give_the_live_figures(generated: None, monkeypatch: Any) -> None:
    periods = _years()
    assert periods[-1].to_date and years_answered(periods)
    assert ChildYearFacts.objects.filter(year_start=date(2026, 4, 1), window_to=TODAY).exists()
    stored = {scope: compute_scorecards(periods, scope, today=TODAY) for scope in _scopes()}
    # Something to compare: children with three reviews, and both sides of continuity.
    service = stored[measures.Scope()]
    assert service[1]["children_with_more_than_two_reviews"]["count"] > 0
    assert (
        0 < service[1]["iro_continuity"]["numerator"] <= service[1]["iro_continuity"]["denominator"]
    )
    assert service[2]["children_with_2_oversights"]["denominator"] > 0
    _live(monkeypatch)
    for scope, figures in stored.items():
        assert compute_scorecards(periods, scope, today=TODAY) == figures, scope


def test_drill_downs_read_the_same_children_either_way(generated: None, monkeypatch: Any) -> None:
    listings: dict[tuple[str, int, str], list[int]] = {}
    for index, period in enumerate(_years()):
        for key in STORED:
            for part in ("numerator", "denominator"):
                listing = drill_down_for(key, period, measures.Scope(), part)
                assert listing is not None and listing.child_path == "child"
                listings[key, index, part] = [listing.child_of(r).pk for r in listing.records]
    _live(monkeypatch)
    for (key, index, part), children in listings.items():
        listing = drill_down_for(key, _years()[index], measures.Scope(), part)
        assert listing is not None and listing.child_path == ""
        assert [r.pk for r in listing.records] == children, (key, index, part)
    assert any(listings.values())


def test_a_year_not_stored_for_the_day_is_asked_of_the_live_queries(generated: None) -> None:
    to_date, closed = _years()[-1], _years()[1]
    # Written yesterday (the daily refresh has not run today): not used for today's figures.
    with time_machine.travel(TODAY - timedelta(days=1), tick=False):
        facts.refresh(as_of=TODAY - timedelta(days=1))
    assert not years_answered([to_date]) and years_answered([closed])
    # One child's row written today among yesterday's: still not.
    child = Child.objects.filter(current_period__isnull=False).first()
    assert child is not None
    facts.refresh([child.pk], as_of=TODAY)
    assert not years_answered([to_date])
    facts.refresh(as_of=TODAY)
    assert years_answered([to_date])
    # Not a collection year, or a year before the data: live.
    assert not years_answered([ReportingPeriod(date(2025, 4, 1), date(2025, 9, 30))])
    assert not years_answered([financial_year(2010)])


def test_a_new_allocation_moves_the_stored_facts(generated: None, make_iro: Any) -> None:
    from iro.children.services import iro_allocate

    row = ChildYearFacts.objects.filter(
        year_start=date(2026, 4, 1), in_care_all_period=True, child__current_period__isnull=False
    ).first()
    assert row is not None
    before = row.iros_in_period
    with time_machine.travel(TODAY, tick=False):
        iro_allocate(
            acting_user=None,
            child=row.child,
            iro=make_iro("Another IRO"),
            start_date=TODAY,
            reason="Caseload balanced",
        )
    row.refresh_from_db()
    assert row.iros_in_period == before + 1
    assert facts.pending(as_of=TODAY)["reporting"] == 0


def test_a_database_with_nothing_stored_is_filled_at_the_first_change(generated: None) -> None:
    # As after the migration on a council's database: figures stay live, and the first change
    # to one child's records stores every child's rows, not only that child's.
    everyone = ChildYearFacts.objects.count()
    ChildYearFacts.objects.all().delete()
    assert not years_answered(_years())
    child = Child.objects.filter(current_period__isnull=False).first()
    assert child is not None
    facts.refresh([child.pk], as_of=TODAY)
    assert ChildYearFacts.objects.count() == everyone
    assert years_answered(_years())


def test_rows_of_a_year_outside_the_service_years_go(generated: None) -> None:
    # A row for a year after the one under way (the clock was put back) and one before the
    # data: one child's refresh removes that child's, the daily task everyone's.
    child, other = Child.objects.filter(current_period__isnull=False)[:2]
    for each in (child, other):
        ChildYearFacts.objects.create(child=each, year_start=date(2027, 4, 1), window_to=TODAY)
        ChildYearFacts.objects.create(child=each, year_start=date(2001, 4, 1), window_to=TODAY)
    facts.refresh([child.pk], as_of=TODAY)
    outside = ChildYearFacts.objects.exclude(
        year_start__gte=date(2023, 4, 1), year_start__lte=date(2026, 4, 1)
    )
    assert sorted(outside.values_list("child_id", flat=True)) == [other.pk, other.pk]
    facts.refresh(as_of=TODAY)
    assert not outside.exists()
    assert facts.pending(as_of=TODAY)["reporting"] == 0
