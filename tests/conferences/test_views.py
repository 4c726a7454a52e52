"""The conference pages: who may use them, the object check, edit locking, and query counts
that do not grow with the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child
from iro.conferences import services
from iro.conferences.models import ChildProtectionPlan, Conference, Decision, Section47Enquiry
from tests.clock import TODAY
from tests.editing import version_from

pytestmark = pytest.mark.django_db


def _on_plan(chair: ReviewingOfficer, child: Child, strategy: date) -> ChildProtectionPlan:
    enquiry = services.enquiry_record(
        acting_user=None, child=child, strategy_discussion_on=strategy, chair=chair
    )
    services.initial_conference_record(
        acting_user=None,
        enquiry=enquiry,
        held_on=strategy + timedelta(days=14),
        decision=Decision.PLAN,
        category="EMO",
        previous_plans=1,
        reports={"social_worker": strategy + timedelta(days=10)},
    )
    return ChildProtectionPlan.objects.get(child=child, end_date__isnull=True)


def _date_fields(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_chair_records_a_strategy_discussion_from_the_childs_page(
    client_for: Callable[..., Any], chair: ReviewingOfficer, cp_child: Child
) -> None:
    client = client_for(chair.user)
    page = client.get(reverse("children:detail", args=[cp_child.pk]))
    assert b"Record a strategy discussion" in page.content
    strategy = TODAY - timedelta(days=3)
    response = client.post(
        reverse("conferences:enquiry_new", args=[cp_child.pk]),
        {**_date_fields("strategy_discussion_on", strategy), "chair": str(chair.pk)},
    )
    assert response.status_code == 302
    enquiry = Section47Enquiry.objects.get(child=cp_child)
    assert enquiry.chair == chair and enquiry.icpc_due is not None
    mine = client.get(reverse("conferences:mine"))
    assert cp_child.display_name.encode() in mine.content
    assert AuditEntry.objects.filter(action="view", summary="My conferences viewed").exists()


def test_form_errors_read_in_govuk_words(
    client_for: Callable[..., Any], chair: ReviewingOfficer, cp_child: Child
) -> None:
    client = client_for(chair.user)
    response = client.post(reverse("conferences:enquiry_new", args=[cp_child.pk]), {})
    assert "Enter the date of the strategy discussion" in response.content.decode()
    future = TODAY + timedelta(days=2)
    response = client.post(
        reverse("conferences:enquiry_new", args=[cp_child.pk]),
        {**_date_fields("strategy_discussion_on", future), "chair": str(chair.pk)},
    )
    assert (
        "Date of the strategy discussion must be today or in the past" in response.content.decode()
    )
    assert not Section47Enquiry.objects.exists()


def test_recording_the_initial_and_a_review_conference_through_the_pages(
    client_for: Callable[..., Any], chair: ReviewingOfficer, cp_child: Child
) -> None:
    client = client_for(chair.user)
    strategy = TODAY - timedelta(days=120)
    enquiry = services.enquiry_record(
        acting_user=chair.user, child=cp_child, strategy_discussion_on=strategy, chair=chair
    )
    icpc_on = strategy + timedelta(days=14)
    response = client.post(
        reverse("conferences:initial_new", args=[enquiry.pk]),
        {
            **_date_fields("held_on", icpc_on),
            **_date_fields("report_police", icpc_on - timedelta(days=2)),
            "attended": ["child", "mother", "police"],
            "decision": "plan",
            "category": "PHY",
            "previous_plans": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    conference = Conference.objects.get(kind="initial")
    assert conference.reports == {"police": (icpc_on - timedelta(days=2)).isoformat()}
    detail = client.get(reverse("conferences:detail", args=[conference.pk]))
    assert b"Physical abuse" in detail.content
    plan = ChildProtectionPlan.objects.get()
    response = client.post(
        reverse("conferences:review_new", args=[plan.pk]),
        {**_date_fields("held_on", icpc_on + timedelta(days=80)), "decision": "ends"},
    )
    assert "Select why the plan ends" in response.content.decode()
    response = client.post(
        reverse("conferences:review_new", args=[plan.pk]),
        {
            **_date_fields("held_on", icpc_on + timedelta(days=80)),
            "decision": "ends",
            "end_reason": "no_risk",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_date == icpc_on + timedelta(days=80)


@pytest.mark.parametrize(
    ("role", "name"),
    [
        (Role.OPERATIONAL, "conferences:mine"),
        (Role.IRO, "conferences:due"),
        (Role.BUSINESS_SUPPORT, "conferences:due"),
    ],
)
def test_pages_refuse_roles_without_the_action_and_audit_it(
    client_for: Callable[..., Any], role: Role, name: str
) -> None:
    response = client_for(role).get(reverse(name))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="denied").exists()


def test_an_operational_user_cannot_record_a_strategy_discussion(
    client_for: Callable[..., Any], cp_child: Child
) -> None:
    response = client_for(Role.OPERATIONAL).get(
        reverse("conferences:enquiry_new", args=[cp_child.pk])
    )
    assert response.status_code == 403


def test_a_colleague_iro_is_refused_the_chairs_records_and_it_is_audited(
    client_for: Callable[..., Any],
    chair: ReviewingOfficer,
    colleague: ReviewingOfficer,
    cp_child: Child,
) -> None:
    plan = _on_plan(chair, cp_child, TODAY - timedelta(days=60))
    enquiry = Section47Enquiry.objects.get()
    client = client_for(colleague.user)
    for url in (
        reverse("conferences:enquiry_edit", args=[enquiry.pk]),
        reverse("conferences:review_new", args=[plan.pk]),
        reverse("conferences:edit", args=[plan.conferences.get().pk]),
    ):
        assert client.get(url).status_code == 403
    assert AuditEntry.objects.filter(action="denied", child_id=cp_child.pk).count() == 3
    page = client.get(reverse("children:detail", args=[cp_child.pk]))
    assert b"Record a review conference" not in page.content


def test_a_manager_sees_every_conference_due_and_filters_by_chair(
    client_for: Callable[..., Any],
    chair: ReviewingOfficer,
    colleague: ReviewingOfficer,
    make_cp_child: Callable[..., Child],
) -> None:
    first, second = make_cp_child(first_name="Ada"), make_cp_child(first_name="Bea")
    _on_plan(chair, first, TODAY - timedelta(days=60))
    services.enquiry_record(
        acting_user=None,
        child=second,
        strategy_discussion_on=TODAY - timedelta(days=30),
        chair=colleague,
    )
    client = client_for(Role.IRO_MANAGER)
    page = client.get(reverse("conferences:due")).content.decode()
    assert "Ada" in page and "Bea" in page and "Overdue" in page
    filtered = client.get(
        reverse("conferences:due") + f"?chair={chair.pk}&kind=review"
    ).content.decode()
    assert "Ada" in filtered and "Bea" not in filtered


def test_restricted_records_stay_off_the_lists(
    client_for: Callable[..., Any], chair: ReviewingOfficer, cp_child: Child
) -> None:
    _on_plan(chair, cp_child, TODAY - timedelta(days=60))
    Child.objects.filter(pk=cp_child.pk).update(restricted=True)
    page = client_for(Role.IRO_MANAGER).get(reverse("conferences:due")).content.decode()
    assert cp_child.la_child_id not in page


def test_a_concurrent_change_is_refused_not_merged(
    client_for: Callable[..., Any], chair: ReviewingOfficer, cp_child: Child
) -> None:
    enquiry = services.enquiry_record(
        acting_user=None,
        child=cp_child,
        strategy_discussion_on=TODAY - timedelta(days=5),
        chair=chair,
    )
    client = client_for(chair.user)
    url = reverse("conferences:enquiry_edit", args=[enquiry.pk])
    version = version_from(client, url)
    # Someone else moves the date in the meantime.
    Section47Enquiry.objects.filter(pk=enquiry.pk).update(
        strategy_discussion_on=TODAY - timedelta(days=6)
    )
    response = client.post(
        url,
        {
            **_date_fields("strategy_discussion_on", TODAY - timedelta(days=4)),
            "chair": str(chair.pk),
            **version,
        },
    )
    assert "Someone else changed this record" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.strategy_discussion_on == TODAY - timedelta(days=6)


def _grow(chair: ReviewingOfficer, make_cp_child: Callable[..., Child], n: int) -> None:
    for i in range(n):
        child = make_cp_child()
        _on_plan(chair, child, TODAY - timedelta(days=40 + i))
        services.enquiry_record(
            acting_user=None,
            child=make_cp_child(),
            strategy_discussion_on=TODAY - timedelta(days=i),
            chair=chair,
        )


@pytest.mark.parametrize("name", ["conferences:mine", "conferences:due"])
def test_conference_lists_issue_a_constant_number_of_queries(
    client_for: Callable[..., Any],
    chair: ReviewingOfficer,
    make_cp_child: Callable[..., Child],
    make_user: Callable[..., Any],
    name: str,
) -> None:
    client = client_for(chair.user if name == "conferences:mine" else make_user(Role.IRO_MANAGER))
    _grow(chair, make_cp_child, 1)
    small = _queries(client, reverse(name))
    _grow(chair, make_cp_child, 4)
    assert _queries(client, reverse(name)) == small


def test_the_childs_page_panel_issues_a_constant_number_of_queries(
    client_for: Callable[..., Any], chair: ReviewingOfficer, cp_child: Child
) -> None:
    client = client_for(chair.user)
    plan = _on_plan(chair, cp_child, TODAY - timedelta(days=400))
    url = reverse("children:detail", args=[cp_child.pk])
    small = _queries(client, url)
    for months in (3, 9, 12):
        services.review_conference_record(
            acting_user=None,
            plan=plan,
            held_on=plan.start_date + timedelta(days=30 * months),
            decision=Decision.CONTINUES,
            category="EMO",
        )
        plan.refresh_from_db()
    assert _queries(client, url) == small
