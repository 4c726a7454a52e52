"""The child protection measures: one definition each, figure and drill-down agree."""

from __future__ import annotations

from datetime import date

import pytest

from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child
from iro.conferences import services
from iro.conferences.models import ChildProtectionPlan, Decision
from iro.reporting.arithmetic import ReportingPeriod
from iro.reporting.measures import Scope, drill_down
from iro.reporting.scorecard import compute_scorecard, measures_for

pytestmark = pytest.mark.django_db

PERIOD = ReportingPeriod(date(2025, 4, 1), date(2026, 3, 31))


def _child(n: int) -> Child:
    return Child.objects.create(la_child_id=f"M{n:04d}", date_of_birth=date(2015, 1, 1))


def _plan(
    chair: ReviewingOfficer, n: int, strategy: date, icpc_days: int, **kw: object
) -> ChildProtectionPlan:
    child = _child(n)
    enquiry = services.enquiry_record(
        acting_user=None, child=child, strategy_discussion_on=strategy, chair=chair
    )
    held = date.fromordinal(strategy.toordinal() + icpc_days)
    services.initial_conference_record(
        acting_user=None,
        enquiry=enquiry,
        held_on=held,
        decision=Decision.PLAN,
        category=kw.get("category", "NEG"),  # type: ignore[arg-type]
        previous_plans=kw.get("previous", 0),  # type: ignore[arg-type]
    )
    return ChildProtectionPlan.objects.get(child=child)


@pytest.fixture
def service(make_iro: object) -> ReviewingOfficer:
    chair = make_iro("Dana Okafor")  # type: ignore[operator]
    # In time (21 days = 15 working days from a Monday), and late.
    a = _plan(chair, 1, date(2025, 6, 2), 21, category="NEG")
    _plan(chair, 2, date(2025, 6, 2), 28, category="EMO", previous=2)
    unknown = _plan(chair, 3, date(2025, 9, 1), 10, category="NEG")
    # As a CIN census may give it: the number of previous plans not known.
    ChildProtectionPlan.objects.filter(pk=unknown.pk).update(previous_plans=None)
    # A review conference in time, then one late that ends the plan.
    services.review_conference_record(
        acting_user=None,
        plan=a,
        held_on=date(2025, 9, 20),
        decision=Decision.CONTINUES,
        category="NEG",
    )
    a.refresh_from_db()
    services.review_conference_record(
        acting_user=None,
        plan=a,
        held_on=date(2026, 3, 30),
        decision=Decision.ENDS,
        end_reason="no_risk",
    )
    # A plan that began in 2023 and ended in the period after more than 2 years.
    long = _plan(chair, 4, date(2023, 5, 1), 14, category="PHY")
    services.review_conference_record(
        acting_user=None,
        plan=long,
        held_on=date(2025, 6, 1),
        decision=Decision.ENDS,
        end_reason="no_risk",
    )
    return chair


def test_child_protection_figures(service: ReviewingOfficer) -> None:
    figures = compute_scorecard(PERIOD, today=date(2026, 11, 23))
    assert figures["icpc_in_timescale"] == {"numerator": 2, "denominator": 3, "percent": 66.7}
    assert figures["rcpc_in_timescale"] == {"numerator": 1, "denominator": 3, "percent": 33.3}
    assert figures["cp_plans_started"] == {"count": 3}
    assert figures["cp_plans_second_or_subsequent"] == {
        "numerator": 1,
        "denominator": 2,
        "percent": 50.0,
    }
    assert figures["cp_plans_ended_after_2_years"] == {
        "numerator": 1,
        "denominator": 2,
        "percent": 50.0,
    }
    assert figures["cp_plans_by_category"] == {
        "Neglect": 2,
        "Physical abuse": 0,
        "Emotional abuse": 1,
        "Sexual abuse": 0,
        "More than one category": 0,
    }


def test_the_drill_down_lists_the_records_counted(service: ReviewingOfficer) -> None:
    measure = next(m for m in measures_for(PERIOD) if m.key == "icpc_in_timescale")
    late = drill_down(measure, PERIOD, Scope(), "denominator").exclude(
        pk__in=drill_down(measure, PERIOD, Scope(), "numerator")
    )
    assert [c.child.la_child_id for c in late] == ["M0002"]


def test_one_iros_figures_count_the_conferences_they_chair(
    service: ReviewingOfficer, make_iro: object
) -> None:
    other = make_iro("Lee Marsh")  # type: ignore[operator]
    mine = compute_scorecard(PERIOD, Scope(iro_id=service.pk), today=date(2026, 11, 23))
    theirs = compute_scorecard(PERIOD, Scope(iro_id=other.pk), today=date(2026, 11, 23))
    assert mine["cp_plans_started"] == {"count": 3}
    assert theirs["cp_plans_started"] == {"count": 0}
    assert theirs["icpc_in_timescale"]["percent"] is None  # not recorded, never 0.0%
