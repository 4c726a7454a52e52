"""Stored facts by one writer: every writer leaves nothing for `recompute_timetable`, the daily
task is idempotent and moves on what changes with the date, and the lists read the facts in a
constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from iro.accounts.roles import Role
from iro.children.models import Child, PeriodOfCare
from iro.core import facts
from iro.core.models import ClosureDay, CouncilSettings
from iro.core.tasks import refresh_daily_facts
from iro.monitoring import drift_rules
from iro.monitoring.models import DriftFacts
from iro.monitoring.services import oversight_record
from iro.reviews import services as review_services

pytestmark = pytest.mark.django_db

# Every app that stores derived facts writes nothing more.
NOTHING = {"reviews": 0, "monitoring": 0, "conferences": 0, "fostering": 0, "reporting": 0}
TODAY = date(2026, 11, 23)


@pytest.fixture
def today(time_machine: Any) -> date:
    """A frozen clock: the services and pages judge on this day."""
    time_machine.move_to("2026-11-23 12:00:00+00:00", tick=False)
    return TODAY


def nothing_pending(as_of: date | None = None) -> bool:
    return facts.pending(as_of=as_of) == NOTHING


def test_services_leave_nothing_to_recompute(make_child: Any, make_iro: Any, today: date) -> None:
    iro = make_iro()
    child = make_child(start_date=today - timedelta(days=300), iro=iro)
    assert DriftFacts.objects.filter(child=child).exists()
    assert nothing_pending()
    review = review_services.review_record_held(
        acting_user=None, child=child, held_on=today - timedelta(days=200), participation_code="PN1"
    )
    assert nothing_pending()
    recommendation = review_services.recommendation_add(
        acting_user=None,
        review=review,
        action="Arrange contact",
        owner_name="Social worker",
        due_date=today - timedelta(days=150),
    )
    stored = DriftFacts.objects.get(child=child)
    assert stored.recommendation_overdue_since == today - timedelta(days=149)
    assert stored.review_overdue_since is not None
    assert nothing_pending()
    review_services.recommendation_complete(
        acting_user=None, recommendation=recommendation, completed_on=today
    )
    assert DriftFacts.objects.get(child=child).recommendation_overdue_since is None
    assert nothing_pending()
    oversight_record(acting_user=iro.user, child=child, date=today, type="case_record")
    assert DriftFacts.objects.get(child=child).oversight_overdue_since is None
    assert nothing_pending()


def test_recompute_timetable_reports_and_repairs_stale_facts(make_child: Any, today: date) -> None:
    child = make_child(start_date=today - timedelta(days=300))
    DriftFacts.objects.filter(child=child).update(flag_count=0, no_social_worker_since=None)
    PeriodOfCare.objects.update(next_review_due=None)
    out = StringIO()
    call_command("recompute_timetable", "--dry-run", stdout=out)
    assert "Would change 2 stored rows" in out.getvalue()
    assert DriftFacts.objects.get(child=child).flag_count == 0
    call_command("recompute_timetable", stdout=out)
    assert DriftFacts.objects.get(child=child).flag_count > 0
    assert nothing_pending()
    out = StringIO()
    call_command("recompute_timetable", "--dry-run", stdout=out)
    assert "Would change 0 stored rows" in out.getvalue()


def test_leaving_care_removes_the_childs_drift(make_child: Any, today: date) -> None:
    child = make_child(start_date=today - timedelta(days=300))
    Child.objects.filter(pk=child.pk).update(current_period=None)
    assert facts.refresh([child.pk])["monitoring"] == 1
    assert not DriftFacts.objects.exists()


def test_daily_task_is_idempotent_and_moves_on_with_the_date(make_child: Any, today: date) -> None:
    # Due 20 working days after coming into care: overdue once that has passed.
    child = make_child(start_date=today - timedelta(days=20))
    assert DriftFacts.objects.get(child=child).review_overdue_since is None
    refresh_daily_facts.enqueue()
    assert facts.refresh() == NOTHING
    later = today + timedelta(days=40)
    assert facts.refresh(as_of=later)["monitoring"] == 1
    child.refresh_from_db()
    stored = DriftFacts.objects.get(child=child)
    assert stored.review_overdue_since == child.current_period.next_review_due + timedelta(days=1)
    assert stored.as_of == later
    assert facts.refresh(as_of=later) == NOTHING


def test_closure_day_and_settings_saved_in_the_admin_recompute_the_facts(
    make_child: Any, make_user: Any
) -> None:
    make_child(start_date=date(2022, 5, 25))
    request = RequestFactory().post("/")
    request.user = make_user(Role.IRO_MANAGER)
    closure = ClosureDay(date=date(2022, 6, 10), reason="Council closure")
    admin.site._registry[ClosureDay].save_model(request, closure, None, False)
    assert PeriodOfCare.objects.get().next_review_due == date(2022, 6, 27)
    assert nothing_pending()
    settings = CouncilSettings.objects.first() or CouncilSettings.objects.create()
    settings.first_review_working_days = 25
    admin.site._registry[CouncilSettings].save_model(request, settings, None, True)
    assert PeriodOfCare.objects.get().next_review_due == date(2022, 7, 4)
    assert nothing_pending()
    admin.site._registry[ClosureDay].delete_model(request, closure)
    assert PeriodOfCare.objects.get().next_review_due == date(2022, 7, 1)
    assert nothing_pending()


def test_load_demo_leaves_nothing_to_recompute() -> None:
    from iro.seeding.demo import load_demo

    as_of = date(2026, 11, 23)
    load_demo(as_of=as_of, children=40, seed=7)
    assert DriftFacts.objects.count() == Child.objects.filter(current_period__isnull=False).count()
    assert nothing_pending(as_of)


@pytest.mark.parametrize("inline", [False, True])
def test_generate_service_leaves_nothing_to_recompute(inline: bool) -> None:
    from iro.seeding.synthetic import ServiceShape, generate_service

    as_of = date(2025, 3, 31)
    generate_service(ServiceShape(children=40, years=2, seed=7, as_of=as_of, inline=inline))
    assert DriftFacts.objects.count() == Child.objects.filter(current_period__isnull=False).count()
    assert nothing_pending(as_of)


def test_903_import_leaves_nothing_to_recompute(tmp_path: Any, today: date) -> None:
    from iro.ssda903.reading import path_sources
    from iro.ssda903.services import ssda903_import
    from tests.ssda903.builders import YEAR_2023, write_files

    files = write_files(tmp_path / "2023-24", YEAR_2023)
    outcome = ssda903_import(acting_user=None, sources=path_sources([files]))
    assert outcome.loaded
    assert DriftFacts.objects.exists()
    assert nothing_pending()


# --- The date each rule began to apply (pure) ---------------------------------------------


def test_rule_since_dates() -> None:
    as_of = date(2025, 6, 30)
    inputs = drift_rules.DriftInputs(
        as_of=as_of,
        care_started_on=date(2024, 1, 1),
        next_review_due=date(2025, 6, 1),
        last_review_on=date(2024, 12, 1),
        last_review_care_plan_received=False,
        placement_move_dates=(
            date(2024, 8, 1),
            date(2025, 1, 5),
            date(2025, 3, 3),
            date(2025, 6, 1),
        ),
        social_worker_change_dates=(date(2024, 9, 1), date(2025, 2, 1), date(2025, 5, 1)),
        placement_moves=4,
        social_worker_episodes_started=3,
        first_social_worker_episode_on=date(2023, 1, 1),
        second_review_on=date(2024, 7, 1),
        reviews_held_this_period=3,
        has_social_worker=False,
        social_worker_ended_on=date(2025, 5, 20),
        last_oversight_on=date(2025, 2, 1),
    )
    codes = {f.code for f in drift_rules.drift_flags(inputs)}
    assert codes >= {"review_overdue", "placement_moves", "social_worker_changes", "no_care_plan"}
    since = {code: drift_rules.rule_since(code, inputs) for code in codes}
    assert since["review_overdue"] == date(2025, 6, 2)
    assert since["no_care_plan"] == date(2024, 12, 1)
    assert since["placement_moves"] == date(2025, 3, 3)  # the third move in the window
    assert since["social_worker_changes"] == date(2025, 5, 1)
    assert since["permanence_not_agreed"] == date(2024, 7, 1)
    assert since["no_social_worker"] == date(2025, 5, 20)
    assert since["oversight_overdue"] == date(2025, 2, 1) + timedelta(days=92)


# --- The lists read the stored facts in a constant number of queries --------------------------

CEILING = 30


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/drift/", None),
        ("/drift/service/", Role.IRO_MANAGER),
        ("/drift/service/?rule=no_social_worker", Role.IRO_MANAGER),
        ("/oversight/standards/?status=below", None),
        ("/my-children/", None),
        ("/reviews/due/", Role.IRO_MANAGER),
    ],
)
def test_operational_pages_stay_under_a_query_ceiling_at_two_sizes(
    url: str,
    role: Role | None,
    client_for: Any,
    make_iro: Any,
    make_child: Any,
    make_user: Any,
    today: date,
) -> None:
    iro = make_iro("Daniel Okafor")
    client = client_for(iro.user if role is None else make_user(role))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        make_child(start_date=today - timedelta(days=400), iro=iro)
    small = count()
    for _ in range(40):  # more than a page of 25
        make_child(start_date=today - timedelta(days=400), iro=iro)
    large = count()
    assert small == large <= CEILING


def test_drift_page_says_since_when_each_rule_applies(
    client_for: Any, make_iro: Any, make_child: Any, today: date
) -> None:
    iro = make_iro()
    child = make_child(start_date=today - timedelta(days=400), iro=iro)
    body = client_for(iro.user).get("/drift/?rule=no_social_worker").content.decode()
    since = DriftFacts.objects.get(child=child).no_social_worker_since
    assert since == today - timedelta(days=400)
    assert f"Since {since.day} {since:%B %Y}." in body


def test_sentences_from_the_stored_facts_match_judging_the_child_live(
    make_child: Any,
    make_iro: Any,
    held_review: Any,
    recommendation: Any,
    move: Any,
    social_worker: Any,
    today: date,
) -> None:
    from iro.monitoring import selectors

    iro = make_iro()
    plain = make_child(start_date=today - timedelta(days=400), iro=iro)
    busy = make_child(start_date=today - timedelta(days=500), iro=iro)
    first = held_review(busy, today - timedelta(days=480), care_plan_received_on=None)
    held_review(busy, today - timedelta(days=390))
    recommendation(first, today - timedelta(days=30))
    for days in (300, 200, 100):
        move(busy, today - timedelta(days=days))
    social_worker(busy, today - timedelta(days=450), today - timedelta(days=250))
    social_worker(busy, today - timedelta(days=120))
    social_worker(busy, today - timedelta(days=60))
    oversight_record(
        acting_user=iro.user,
        child=busy,
        date=today - timedelta(days=100),
        type="case_record",
        next_check_on=today - timedelta(days=10),
    )
    children = selectors.children_in_care(user=iro.user)
    stored = {r.child.pk: r for r in selectors.page_rows(selectors.by_standard(children), today)}
    live = {r.child.pk: r for r in selectors.drift_rows(children, today, only_drifting=False)}
    assert set(stored) == set(live) == {plain.pk, busy.pk}
    for pk, row in live.items():
        assert [f.flag for f in stored[pk].flags] == [f.flag for f in row.flags]
        assert stored[pk].standard == row.standard
    assert len(live[busy.pk].flags) >= 5
