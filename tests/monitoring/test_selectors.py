"""Drift aggregated in SQL matches the pure rules, in a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iro.children.models import Child, SocialWorkerEpisode
from iro.monitoring import drift_rules, selectors
from iro.monitoring.models import OversightRecord

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 23)


def _codes(child: Child, as_of: date = AS_OF) -> set[str]:
    rows = selectors.drift_rows(Child.objects.filter(pk=child.pk), as_of, only_drifting=False)
    return rows[0].codes


def test_a_well_overseen_child_has_no_flags(
    make_child: Any, make_iro: Any, held_review: Any, social_worker: Any
) -> None:
    child = make_child(start_date=date(2026, 6, 1), iro=make_iro())
    social_worker(child, date(2026, 6, 1))
    held_review(child, date(2026, 6, 25), care_plan_received_on=date(2026, 6, 20))
    held_review(
        child,
        date(2026, 9, 20),
        care_plan_received_on=date(2026, 9, 15),
        permanence_plan_agreed=True,
    )
    OversightRecord.objects.create(
        child=child, date=date(2026, 11, 1), type="case_record", next_check_on=date(2026, 12, 1)
    )
    assert _codes(child) == set()


def test_sql_inputs_raise_each_flag(
    make_child: Any,
    make_iro: Any,
    held_review: Any,
    recommendation: Any,
    move: Any,
    social_worker: Any,
) -> None:
    child = make_child(start_date=date(2025, 6, 2), iro=make_iro())
    first = held_review(child, date(2025, 6, 27), care_plan_received_on=date(2025, 6, 20))
    held_review(child, date(2025, 9, 20))  # second review: no care plan, no permanence plan
    recommendation(first, AS_OF - timedelta(days=1))
    recommendation(first, AS_OF)  # due today: not overdue yet
    recommendation(first, date(2025, 8, 1), status="done")
    for day in (date(2026, 1, 5), date(2026, 4, 5), AS_OF):
        move(child, day)
    move(child, date(2025, 11, 1))  # more than 12 months before: not counted
    worker = social_worker(child, date(2025, 6, 2))
    for day in (date(2026, 2, 1), date(2026, 5, 1), date(2026, 8, 1)):
        SocialWorkerEpisode.objects.create(child=child, social_worker=worker, start_date=day)
    OversightRecord.objects.create(
        child=child, date=date(2026, 7, 1), type="case_record", next_check_on=date(2026, 8, 1)
    )
    rows = selectors.drift_rows(Child.objects.filter(pk=child.pk), AS_OF)
    (row,) = rows
    assert row.codes == {
        "review_overdue",
        "recommendation_overdue",
        "no_care_plan",
        "social_worker_changes",
        "permanence_not_agreed",
        "placement_moves",
        "oversight_overdue",
    }
    sentences = {f.flag.code: f.flag.sentence for f in row.flags}
    assert sentences["recommendation_overdue"].startswith("1 review recommendation is open")
    assert "3 times" in sentences["placement_moves"]
    assert "3 times" in sentences["social_worker_changes"]


def test_no_social_worker_and_child_out_of_care(make_child: Any, make_iro: Any) -> None:
    child = make_child(start_date=date(2026, 11, 1), iro=make_iro())
    assert _codes(child) == {"no_social_worker"}
    Child.objects.filter(pk=child.pk).update(current_period=None)
    assert selectors.drift_rows(Child.objects.filter(pk=child.pk), AS_OF) == []


def test_oversight_counts_since_the_review_and_in_the_year(
    make_child: Any, make_iro: Any, held_review: Any
) -> None:
    child = make_child(start_date=date(2024, 1, 8), iro=make_iro())
    held_review(child, date(2024, 2, 2))
    held_review(child, date(2024, 4, 30))
    held_review(child, date(2026, 8, 1))
    for day in (date(2025, 11, 22), date(2025, 11, 23), date(2026, 8, 1), date(2026, 9, 1)):
        OversightRecord.objects.create(child=child, date=day, type="case_record")
    OversightRecord.objects.create(child=child, date=AS_OF + timedelta(days=1), type="case_record")
    (row,) = selectors.drift_rows(Child.objects.filter(pk=child.pk), AS_OF, only_drifting=False)
    assert row.standard is not None
    assert row.standard.between_count == 2  # on or after the last review, not in the future
    assert row.standard.year_count == 3  # 23 November 2025 is in the 12-month window


def test_dispute_link_carries_child_category_and_sentence(make_child: Any, make_iro: Any) -> None:
    child = make_child(start_date=date(2026, 11, 1), iro=make_iro())
    (row,) = selectors.drift_rows(Child.objects.filter(pk=child.pk), AS_OF)
    (flag,) = row.flags
    assert flag.dispute_url == (
        f"{reverse('disputes:raise')}?child={child.pk}&category=no_social_worker"
        "&summary=No+social+worker+is+allocated+to+the+child."
    )


def test_dispute_link_encodes_a_sentence_as_urlencode_would(make_child: Any) -> None:
    from urllib.parse import urlencode

    child = make_child()
    sentence = "3 moves & 2 changes = drift? 50% late / “quoted”, café #1"
    flag = drift_rules.DriftFlag("placement_moves", sentence)
    category = drift_rules.RULES["placement_moves"][1]
    base = selectors.dispute_base_url()
    expected = urlencode({"child": child.pk, "category": category, "summary": sentence})
    assert selectors.dispute_url(base, child, flag) == f"{base}?{expected}"


def test_no_dispute_link_for_a_flag_a_dispute_does_not_fit(make_child: Any) -> None:
    child = make_child()
    flag = drift_rules.DriftFlag("oversight_overdue", "Oversight is overdue.")
    assert drift_rules.RULES["oversight_overdue"][1] is None
    assert selectors.dispute_url(selectors.dispute_base_url(), child, flag) is None


def _children_with_history(n: int, iro: Any, make_child: Any, move: Any) -> None:
    for _ in range(n):
        child = make_child(start_date=date(2025, 1, 6), iro=iro)
        move(child, date(2026, 3, 1))
        OversightRecord.objects.create(child=child, date=date(2026, 10, 1), type="case_record")


def test_drift_rows_query_count_does_not_grow_with_children(
    make_child: Any, make_iro: Any, move: Any
) -> None:
    iro = make_iro()
    _children_with_history(3, iro, make_child, move)
    with CaptureQueriesContext(connection) as three:
        assert (
            len(selectors.drift_rows(selectors.children_in_care(user=iro.user, iro=iro), AS_OF))
            == 3
        )
    _children_with_history(27, iro, make_child, move)
    with CaptureQueriesContext(connection) as thirty:
        assert (
            len(selectors.drift_rows(selectors.children_in_care(user=iro.user, iro=iro), AS_OF))
            == 30
        )
    assert len(three) == len(thirty) <= 3


def test_restricted_children_are_left_out_unless_named(
    make_child: Any, make_iro: Any, make_user: Any
) -> None:
    from iro.accounts.roles import Role

    iro = make_iro()
    child = make_child(start_date=date(2026, 11, 1), iro=iro)
    Child.objects.filter(pk=child.pk).update(restricted=True)
    manager = make_user(Role.IRO_MANAGER)
    assert selectors.drift_rows(selectors.children_in_care(user=manager), AS_OF) == []
    child.restricted_to.add(manager)
    assert len(selectors.drift_rows(selectors.children_in_care(user=manager), AS_OF)) == 1
