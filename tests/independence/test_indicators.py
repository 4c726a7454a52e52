"""Each indicator against the hand counts of the built service (see conftest.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iro.core.council import working_day_calendar
from iro.independence import indicators
from iro.independence.indicators import Filters, drill_down, indicators_for_period
from iro.independence.services import pressure_note_add, pressure_record_add
from iro.timetable.arithmetic import ReportingPeriod, financial_year

from .conftest import drift

pytestmark = pytest.mark.django_db


def _fy(year: int = 2026) -> dict[str, Any]:
    return indicators_for_period(financial_year(year))


def test_challenges_per_100_children_by_iro_and_team(service: Any) -> None:
    figure = _fy()["challenges_per_100_children"]
    assert (figure["challenges"], figure["children"], figure["rate"]) == (4, 5, 80.0)
    by_iro = {r["name"]: (r["challenges"], r["children"], r["rate"]) for r in figure["by_iro"]}
    assert by_iro == {"Priya Shah": (2, 2, 100.0), "Quinn Adams": (2, 3, 66.7)}
    by_team = {r["name"]: (r["challenges"], r["children"], r["rate"]) for r in figure["by_team"]}
    assert by_team == {"Team A": (2, 2, 100.0), "Team B": (2, 3, 66.7)}
    alerts = {r["name"]: r["good_practice_alerts"] for r in figure["by_iro"]}
    assert alerts == {"Priya Shah": 2, "Quinn Adams": 0}
    # The year before: one challenge (d0) of the same five children.
    before = _fy(2025)["challenges_per_100_children"]
    assert (before["challenges"], before["children"], before["rate"]) == (1, 5, 20.0)


def test_no_children_reads_not_recorded_never_zero(db: Any) -> None:
    figure = _fy()["challenges_per_100_children"]
    assert figure["rate"] is None and figure["children"] == 0


def test_drifting_without_challenge(service: Any) -> None:
    figure = _fy()["drifting_not_challenged"]
    assert figure["count"] == 2
    assert [(r["name"], r["count"]) for r in figure["by_iro"]] == [("Priya Shah", 2)]
    assert [(r["name"], r["count"]) for r in figure["by_team"]] == [("Team A", 2)]
    listed = drill_down("drifting_not_challenged", financial_year(2026), Filters())
    assert listed is not None
    assert {f.child_id for f in listed.records} == {service.children[0].pk, service.children[1].pk}


def test_drift_counts_from_exactly_20_working_days(service: Any) -> None:
    cal = working_day_calendar()
    cutoff = indicators.drift_cutoff(date(2026, 11, 23), cal)
    assert cal.working_days_between(cutoff, date(2026, 11, 23)) == 20
    c5 = service.children[4]
    drift(c5, oversight_overdue_since=cal.add_working_days(cutoff, 1))
    assert _fy()["drifting_not_challenged"]["count"] == 2
    drift(c5, oversight_overdue_since=cutoff)
    assert _fy()["drifting_not_challenged"]["count"] == 3


def test_a_dispute_about_the_child_in_a_group_counts_as_challenge(service: Any) -> None:
    from iro.disputes.models import Category, DisputeStage
    from iro.disputes.services import dispute_raise

    c2 = service.children[1]
    dispute_raise(
        acting_user=service.priya.user,
        iro=service.priya,
        child=service.children[0],
        other_children=[c2],
        scope="group",
        category=Category.DRIFT_DELAY,
        summary="Both",
        outcome_sought="Plans",
        raised_on=date(2026, 11, 2),
        stage=DisputeStage.objects.get(key="informal"),
        responder=service.sw_a,
    )
    assert _fy()["drifting_not_challenged"]["count"] == 0


def test_drift_and_overdue_are_not_recorded_for_a_past_year(service: Any) -> None:
    past = _fy(2025)
    assert past["drifting_not_challenged"]["count"] is None
    assert past["responses_overdue"]["count"] is None
    assert past["recurring_challenges"]["count"] is None


def test_responses_overdue_by_team_manager_and_stage(service: Any) -> None:
    # d0 (still open since June 2025, Team A's social worker) and d3 (Team B's).
    figure = _fy()["responses_overdue"]
    assert figure["count"] == 2
    assert [(r["name"], r["count"]) for r in figure["by_team"]] == [("Team A", 1), ("Team B", 1)]
    assert sorted((r["id"], r["count"]) for r in figure["by_manager"]) == [
        (service.manager_a.pk, 1),
        (service.manager_b.pk, 1),
    ]
    assert [(r["key"], r["count"]) for r in figure["by_stage"]] == [("informal", 2)]
    listed = drill_down(
        "responses_overdue", financial_year(2026), Filters(manager=service.manager_b.pk)
    )
    assert listed is not None
    assert [d.reference for d in listed.records] == [service.disputes["d3"].reference]


def test_withdrawn_or_closed_with_no_change_with_reasons(service: Any) -> None:
    figure = _fy()["withdrawn_or_unresolved"]
    assert (figure["count"], figure["withdrawn"], figure["closed_unresolved"]) == (2, 1, 1)
    reasons = {r["reference"]: (r["closed"], r["reason"]) for r in figure["reasons"]}
    assert reasons == {
        service.disputes["d2"].reference: ("withdrawn", "Plan agreed informally"),
        service.disputes["d4"].reference: ("no change", "The move was already planned"),
    }


def test_median_working_days_to_resolution_by_stage(service: Any) -> None:
    figure = _fy()["median_days_to_resolution"]
    # d1: 1 May to 8 May 2026 = 4 working days (4 May bank holiday); d4: 3 to 10 Aug = 5.
    assert (figure["median"], figure["count"]) == (4.5, 2)
    assert figure["by_stage"] == [
        {"key": "informal", "name": "Informal", "median": 4.5, "count": 2}
    ]


def test_difference_made_and_outcomes(service: Any) -> None:
    figure = _fy()["difference_made"]
    assert (figure["numerator"], figure["denominator"], figure["percent"]) == (1, 2, 50.0)
    counts = {r["code"]: r["count"] for r in figure["by_outcome"]}
    assert counts["care_plan_changed"] == 1 and counts["no_change"] == 1
    assert sum(counts.values()) == 2


def test_cafcass_legal_advice_good_practice_and_pressure_counts(service: Any) -> None:
    record = pressure_record_add(
        acting_user=service.priya.user,
        iro=service.priya,
        occurred_on=date(2026, 10, 5),
        who="A service manager",
        what="Told me not to escalate",
    )
    pressure_note_add(
        acting_user=service.priya.user, record=record, occurred_on=date(2026, 10, 6), what="Again"
    )
    figures = _fy()
    assert figures["cafcass_referrals"] == {"count": 1}
    assert figures["legal_advice_sought"] == {"count": 1}
    assert figures["good_practice_alerts"] == {"count": 2}
    assert figures["pressure_on_independence"] == {"count": 1, "further_notes": 1}
    # Counted without content: nothing of what was written reaches the figures.
    assert "escalate" not in str(figures)


def test_every_figure_and_its_drill_down_agree(service: Any) -> None:
    period = financial_year(2026)
    figures = _fy()
    pairs = {
        "challenges": figures["challenges_per_100_children"]["challenges"],
        "children_in_care": figures["challenges_per_100_children"]["children"],
        "drifting_not_challenged": figures["drifting_not_challenged"]["count"],
        "responses_overdue": figures["responses_overdue"]["count"],
        "withdrawn_or_unresolved": figures["withdrawn_or_unresolved"]["count"],
        "median_days_to_resolution": figures["median_days_to_resolution"]["count"],
        "difference_made": figures["difference_made"]["denominator"],
        "cafcass_referrals": figures["cafcass_referrals"]["count"],
        "legal_advice_sought": figures["legal_advice_sought"]["count"],
        "good_practice_alerts": figures["good_practice_alerts"]["count"],
    }
    assert set(pairs) == set(indicators.DRILL_DOWNS)
    for key, count in pairs.items():
        listing = drill_down(key, period, Filters())
        assert listing is not None and listing.records.count() == count, key


def test_a_period_that_has_not_begun_is_refused(db: Any) -> None:
    with pytest.raises(ValueError):
        indicators_for_period(ReportingPeriod(date(2027, 1, 1), date(2027, 3, 31)))
