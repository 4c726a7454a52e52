"""Weighted workload: children looked after count 1, each registered kind of work its weight."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads import rules, selectors
from iro.caseloads.models import WorkloadWeight
from iro.core import workload
from iro.core.workload import WorkloadKind, register_workload_kind
from tests.editing import version_from

# --- the rule ------------------------------------------------------------------------------


def test_weighted_workload_counts_children_as_one_and_other_work_at_its_weight() -> None:
    weights = {"cp_plan": Decimal("0.5"), "foster_household": Decimal("0.35")}
    units = rules.weighted_workload(40, {"cp_plan": 10, "foster_household": 20}, weights)
    assert units == Decimal("52.00")
    assert rules.workload_per_fte(units, Decimal("0.80")) == Decimal("65.0")
    assert rules.workload_per_fte(units, Decimal("0")) is None
    # A kind the council has no weight for counts nothing rather than failing.
    assert rules.weighted_workload(3, {"unknown": 5}, weights) == Decimal("3.00")


def test_suggestions_rank_by_weighted_workload() -> None:
    light_children_heavy_work = rules.Candidate(
        1, children=40, fte=Decimal("1"), other_work=Decimal("30")
    )
    more_children = rules.Candidate(2, children=50, fte=Decimal("1"))
    ranked = rules.rank_candidates([light_children_heavy_work, more_children], upper=70)
    assert [c.iro_id for c in ranked] == [2]  # 40 + 30 + 1 is over 70: no room
    assert light_children_heavy_work.workload_per_fte == Decimal("70.0")


def test_capacity_plan_counts_other_work_in_the_all_work_columns() -> None:
    [row] = rules.capacity_plan(
        children_now=60,
        children_forecast=66.0,
        available_fte=Decimal("1"),
        targets=(60,),
        other_work=Decimal("12"),
    )
    assert (row.fte_now, row.fte_all_now, row.fte_all_forecast) == (
        Decimal("1.0"),
        Decimal("1.2"),
        Decimal("1.3"),
    )


# --- selectors and pages with a fake kind of work -----------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_kinds() -> Iterator[dict[str, dict[int, int]]]:
    """Two registered kinds whose counts the test sets; the registry is put back after."""
    saved = dict(workload._KINDS)
    counts: dict[str, dict[int, int]] = {"fake_plan": {}, "fake_visit": {}}
    calls: list[str] = []

    def counter(key: str) -> Callable[[date], dict[int, int]]:
        def count(day: date) -> dict[int, int]:
            calls.append(key)
            with connection.cursor() as cursor:  # one query, as a real kind makes
                cursor.execute("SELECT 1")
            return dict(counts[key])

        return count

    workload._KINDS.clear()
    register_workload_kind(
        WorkloadKind("fake_plan", "Fake plans", "fake plan", Decimal("0.50"), counter("fake_plan"))
    )
    yield counts
    workload._KINDS.clear()
    workload._KINDS.update(saved)


def test_the_summary_adds_weighted_work_and_keeps_children_per_fte(
    build_service: Callable[..., Any], fake_kinds: dict[str, dict[int, int]]
) -> None:
    officers, _ = build_service(iros=2, children=10)
    first = officers[0]
    fake_kinds["fake_plan"] = {first.pk: 8}
    today = timezone.localdate()
    children_only = selectors.caseloads_on(today)
    summary = selectors.caseload_summary(today)
    row = next(r for r in summary.rows if r.officer.pk == first.pk)
    assert (row.children, row.per_fte) == (5, Decimal("5.0"))
    assert row.items == {"fake_plan": 8}
    assert (row.workload, row.workload_per_fte) == (Decimal("9.00"), Decimal("9.0"))
    assert summary.per_fte == children_only.per_fte == Decimal("5.0")
    assert summary.workload_per_fte == Decimal("7.0")  # (10 + 8 × 0.5) ÷ 2
    assert summary.other_work == Decimal("4.00")
    # The council's own weight wins over the default.
    WorkloadWeight.objects.create(kind="fake_plan", weight=Decimal("1.00"))
    assert selectors.caseload_summary(today).workload_per_fte == Decimal("9.0")
    assert selectors.caseloads_on(today).per_fte == Decimal("5.0")


def test_one_query_per_registered_kind(
    build_service: Callable[..., Any], fake_kinds: dict[str, dict[int, int]]
) -> None:
    build_service(iros=2, children=4)
    today = timezone.localdate()
    selectors.caseload_summary(today)
    with CaptureQueriesContext(connection) as one_kind:
        selectors.caseload_summary(today)
    register_workload_kind(
        WorkloadKind("fake_visit", "Fake visits", "fake visit", Decimal("0.2"), lambda day: {})
    )
    build_service(iros=3, children=30, prefix="C")
    with CaptureQueriesContext(connection) as two_kinds:
        selectors.caseload_summary(today)
    assert len(two_kinds) == len(one_kind)  # the second kind's lambda makes no query


def test_allocation_suggestions_use_the_weighted_figure(
    build_service: Callable[..., Any],
    fake_kinds: dict[str, dict[int, int]],
    make_child: Callable[..., Any],
) -> None:
    officers, _ = build_service(iros=2, children=20)
    first, second = officers
    fake_kinds["fake_plan"] = {first.pk: 40}  # 10 children + 20 units
    child = make_child()
    suggestions = selectors.allocation_suggestions(child, timezone.localdate())
    assert suggestions[0].officer.pk == second.pk
    assert suggestions[1].workload_per_fte == Decimal("30.0")


def test_the_caseloads_and_forecast_pages_show_the_weighted_workload(
    client_for: Callable[..., Any],
    build_service: Callable[..., Any],
    fake_kinds: dict[str, dict[int, int]],
) -> None:
    officers, _ = build_service(iros=1, children=6)
    fake_kinds["fake_plan"] = {officers[0].pk: 4}
    client = client_for(Role.IRO_MANAGER)
    page = client.get("/caseloads/").content.decode()
    assert "Fake plans (× 0.50)" in page
    assert f'data-iro-workload-per-fte="{officers[0].pk}">8.0<' in page
    assert f'data-iro-per-fte="{officers[0].pk}">6.0<' in page
    forecast = client.get("/caseloads/forecast").content.decode()
    assert "4 fake plans (× 0.50)" in forecast
    assert "Weighted workload per FTE today" in forecast


def test_the_manager_sets_the_weights_audited_and_others_are_refused(
    client_for: Callable[..., Any],
    make_user: Callable[..., Any],
    fake_kinds: dict[str, dict[int, int]],
) -> None:
    iro = make_user(Role.IRO)
    assert client_for(iro).get("/caseloads/weights").status_code == 403
    assert AuditEntry.objects.filter(actor=iro, action="denied").exists()
    client = client_for(Role.IRO_MANAGER)
    bad = client.post(
        "/caseloads/weights", {**version_from(client, "/caseloads/weights"), "fake_plan": "9"}
    )
    assert "Weight of one fake plan must be a number between 0 and 5" in bad.content.decode()
    version = version_from(client, "/caseloads/weights")
    response = client.post("/caseloads/weights", {**version, "fake_plan": "0.75"})
    assert response.status_code == 302
    assert WorkloadWeight.objects.get(kind="fake_plan").weight == Decimal("0.75")
    entry = AuditEntry.objects.get(object_type="workload_weights")
    assert entry.changes == {"fake_plan": ["0.50", "0.75"]}
    stale = client.post("/caseloads/weights", {**version, "fake_plan": "0.6"})
    assert "Someone else changed this record" in stale.content.decode()
    assert WorkloadWeight.objects.get(kind="fake_plan").weight == Decimal("0.75")
