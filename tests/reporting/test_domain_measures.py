"""Disputes, oversight and minutes measures against hand-counted fixtures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iro.disputes.models import DisputeStage
from iro.disputes.services import dispute_escalate, dispute_raise, dispute_resolve
from iro.monitoring.services import oversight_record
from iro.reporting.arithmetic import ReportingPeriod
from iro.reporting.scorecard import compute_scorecard
from iro.reviews.models import Review
from iro.reviews.services import review_record_held

pytestmark = pytest.mark.django_db

YEAR = ReportingPeriod(date(2023, 4, 1), date(2024, 3, 31))


def _stage(key: str) -> DisputeStage:
    return DisputeStage.objects.get(key=key)


def test_disputes_by_kind_category_and_formal_timeliness(make_iro: Any, make_child: Any) -> None:
    iro = make_iro()
    child = make_child(start_date=date(2023, 1, 9), iro=iro)
    common = {
        "acting_user": iro.user,
        "iro": iro,
        "child": child,
        "outcome_sought": "A plan",
        "responder_name": "Team manager",
    }
    # 1. Informal, drift and delay, escalated to stage 1 on Fri 5 May 2023 (formal due 20 working
    #    days later, skipping the coronation holiday 8 May and 29 May: Tue 6 Jun), resolved 6 Jun.
    first = dispute_raise(
        category="drift_delay",
        summary="Drift",
        raised_on=date(2023, 4, 24),
        stage=_stage("informal"),
        **common,
    )
    dispute_escalate(
        acting_user=iro.user,
        dispute=first,
        to_stage=_stage("stage_1"),
        escalated_on=date(2023, 5, 5),
        reason="No response",
    )
    first.refresh_from_db()
    assert first.formal_due == date(2023, 6, 6)
    dispute_resolve(
        acting_user=iro.user,
        dispute=first,
        resolved_on=date(2023, 6, 6),
        outcome="Agreed",
        outcome_code="care_plan_changed",
        follow_up_on=date(2027, 1, 4),
    )
    # 2. Straight to formal stage 1, no care plan, 1 Mar 2024: not resolved, not yet past 20 days.
    dispute_raise(
        category="no_care_plan",
        summary="No plan",
        raised_on=date(2024, 3, 1),
        stage=_stage("stage_1"),
        **common,
    )
    # 3. Straight to formal, 1 Feb 2024, resolved late on 20 Mar 2024.
    late = dispute_raise(
        category="drift_delay",
        summary="Drift again",
        raised_on=date(2024, 2, 1),
        stage=_stage("stage_1"),
        **common,
    )
    dispute_resolve(
        acting_user=iro.user,
        dispute=late,
        resolved_on=date(2024, 3, 20),
        outcome="Late",
        outcome_code="care_plan_changed",
        follow_up_on=date(2027, 1, 4),
    )
    # 4. Informal in the year before: not counted.
    dispute_raise(
        category="other",
        summary="Old",
        raised_on=date(2023, 3, 30),
        stage=_stage("informal"),
        **common,
    )

    figures = compute_scorecard(YEAR)
    assert figures["disputes_informal"] == {"count": 1}
    assert figures["disputes_formal"] == {"count": 3}
    assert figures["disputes_formal_by_category"] == {
        "Drift and delay in the care plan": 2,
        "No care plan or pathway plan for the review": 1,
    }
    # Resolved or past 20 working days: the first (in time) and the third (late).
    assert figures["formal_disputes_resolved_in_timescale"] == {
        "numerator": 1,
        "denominator": 2,
        "percent": 50.0,
    }


def test_oversight_standard_counts_children_in_care_six_months(
    make_iro: Any, make_child: Any
) -> None:
    iro = make_iro()
    long_stay = make_child(start_date=date(2022, 1, 10), iro=iro)
    recent = make_child(start_date=date(2024, 1, 8), iro=iro)  # under 6 months in the year
    for day in (date(2023, 5, 1), date(2023, 8, 1), date(2023, 11, 1)):
        oversight_record(acting_user=iro.user, child=long_stay, date=day, type="case_record")
    oversight_record(acting_user=iro.user, child=recent, date=date(2024, 2, 1), type="discussion")
    figures = compute_scorecard(YEAR)
    assert figures["oversights_recorded"] == {"count": 4}
    assert figures["children_with_2_oversights"] == {
        "numerator": 1,
        "denominator": 1,
        "percent": 100.0,
    }
    assert figures["children_with_4_oversights"] == {
        "numerator": 0,
        "denominator": 1,
        "percent": 0.0,
    }


def test_oversight_standard_leaves_out_children_never_in_care(
    make_iro: Any, make_child: Any
) -> None:
    from iro.children.models import Child

    iro = make_iro()
    make_child(start_date=date(2022, 1, 10), iro=iro)
    # On the register for child protection only: no period of care, so never looked after.
    Child.objects.create(la_child_id="CP0001", date_of_birth=date(2015, 1, 1), iro=iro)
    figures = compute_scorecard(YEAR)
    assert figures["children_with_2_oversights"]["denominator"] == 1


def test_minutes_counted_only_once_their_deadline_has_passed(
    make_iro: Any, make_child: Any
) -> None:
    iro = make_iro()
    child = make_child(start_date=date(2023, 1, 9), iro=iro)
    review_record_held(
        acting_user=None, child=child, held_on=date(2023, 2, 6), participation_code="PN1"
    )
    on_time = review_record_held(
        acting_user=None, child=child, held_on=date(2023, 5, 5), participation_code="PN1"
    )
    # Held 15 Mar 2024: its 20-working-day deadline falls after 31 March (15 April 2024).
    recent = review_record_held(
        acting_user=None, child=child, held_on=date(2024, 3, 15), participation_code="PN1"
    )
    assert on_time.minutes_distributed_due == date(2023, 6, 6)  # skips 8 and 29 May 2023
    assert recent.minutes_distributed_due == date(2024, 4, 16)  # skips Good Friday, Easter Monday
    Review.objects.filter(pk=on_time.pk).update(minutes_distributed_on=date(2023, 6, 6))
    Review.objects.filter(pk=recent.pk).update(minutes_distributed_on=date(2024, 5, 1))
    # Produced before its deadline: the recent review is not yet counted either way.
    early = compute_scorecard(YEAR, today=date(2024, 4, 15))
    assert early["minutes_distributed_in_timescale"] == {
        "numerator": 1,
        "denominator": 1,
        "percent": 100.0,
    }
    # Produced after it, the year's figure counts every review whose deadline has passed, even
    # though the deadline fell after the year's end: the recent one was late.
    later = compute_scorecard(YEAR, today=date(2024, 6, 1))
    assert later["minutes_distributed_in_timescale"] == {
        "numerator": 1,
        "denominator": 2,
        "percent": 50.0,
    }
