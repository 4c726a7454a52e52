"""The dispute pages, walked by the right roles; every attempt by another role to change a
dispute is refused with 403 and written to the audit trail."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.disputes import services
from iro.disputes.models import Dispute, DisputeEvent

pytestmark = pytest.mark.django_db


def _denied(dispute_pk: Any = None) -> Any:
    entries = AuditEntry.objects.filter(action="denied")
    if dispute_pk is not None:
        entries = entries.filter(object_id=str(dispute_pk))
    return entries


def test_raise_form_is_prefilled_from_a_drift_flag_link(
    client_for: Any, iro: Any, child: Any
) -> None:
    client = client_for(iro.user)
    response = client.get(
        f"/disputes/raise?child={child.pk}&category=no_care_plan&summary=No+care+plan+for+review"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{child.la_child_id}"' in body
    assert '<option value="no_care_plan" selected' in body
    assert "No care plan for review</textarea>" in body


def test_iro_raises_a_dispute_and_the_response_is_due_in_5_working_days(
    client_for: Any, iro: Any, child: Any, responder: Any
) -> None:
    client = client_for(iro.user)
    response = client.post(
        "/disputes/raise",
        {
            "scope": "child",
            "child_id": child.la_child_id,
            "category": "drift_delay",
            "summary": "Permanence plan drifting",
            "outcome_sought": "Planning meeting within 2 weeks",
            "stage": _stage_pk("informal"),
            "responder": responder.pk,
        },
    )
    dispute = Dispute.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/disputes/{dispute.pk}/"
    today = timezone.localdate()
    from iro.core.council import working_day_calendar

    assert dispute.response_due == working_day_calendar().add_working_days(today, 5)
    assert dispute.responder == responder


def test_raise_with_nothing_filled_in_shows_govuk_errors_and_saves_nothing(
    client_for: Any, iro: Any
) -> None:
    client = client_for(iro.user)
    response = client.post("/disputes/raise", {"wanted_by_day": "31", "wanted_by_month": "2"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Select what the dispute is about" in body
    assert "Select the category" in body
    assert "Enter what the issue is" in body
    assert "Wanted by must include a year" in body
    assert not Dispute.objects.exists()


def test_raise_with_an_unknown_child_id_says_so(client_for: Any, iro: Any) -> None:
    response = client_for(iro.user).post(
        "/disputes/raise",
        {
            "scope": "child",
            "child_id": "NOPE",
            "category": "other",
            "summary": "x",
            "outcome_sought": "y",
            "stage": _stage_pk("informal"),
            "responder_name": "Jo Hendry, team manager",
        },
    )
    assert "Child ID must be the ID of a child on the register" in response.content.decode()
    assert not Dispute.objects.exists()


def test_the_whole_ladder_walked_by_the_right_roles(
    client_for: Any, iro: Any, responder: Any, raise_dispute: Any, make_user: Any
) -> None:
    today = timezone.localdate()
    dispute = raise_dispute(raised_on=today)
    ops = client_for(responder)
    assert dispute.reference in ops.get("/disputes/raised-with-me").content.decode()
    assert (
        ops.post(f"/disputes/{dispute.pk}/respond", {"response": "We will meet"}).status_code == 302
    )

    head = make_user(Role.HEAD_OF_SERVICE)
    iro_client = client_for(iro.user)
    for key in ("stage_1", "stage_2", "stage_3"):
        # Stage 3 is raised with the head of service, who answers it through the page.
        response = iro_client.post(
            f"/disputes/{dispute.pk}/escalate",
            {
                "to_stage": _stage_pk(key),
                "reason": "Response not accepted",
                "responder": head.pk if key == "stage_3" else "",
                "responder_name": "",
                "confirmed": "yes",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        dispute.refresh_from_db()
        assert dispute.current_stage.key == key
    head_client = client_for(head)
    assert (
        head_client.post(
            f"/disputes/{dispute.pk}/respond", {"response": "Funding agreed"}
        ).status_code
        == 302
    )
    iro_client = client_for(iro.user)
    page = iro_client.get(f"/disputes/{dispute.pk}/escalate").content.decode()
    assert "This dispute is at the last stage" in page
    assert (
        iro_client.post(
            f"/disputes/{dispute.pk}/resolve",
            {
                "outcome": "Placement funded",
                "outcome_code": "placement_changed",
                "follow_up_on_day": "4",
                "follow_up_on_month": "1",
                "follow_up_on_year": "2027",
                "confirmed": "yes",
            },
        ).status_code
        == 302
    )
    dispute.refresh_from_db()
    assert dispute.status == "resolved"
    kinds = list(dispute.events.values_list("kind", flat=True))
    assert kinds == [
        "raised",
        "responded",
        "escalated",
        "escalated",
        "escalated",
        "responded",
        "resolved",
    ]


@pytest.mark.parametrize(
    "role", [Role.OPERATIONAL, Role.HEAD_OF_SERVICE, Role.IRO_MANAGER, Role.AUDITOR]
)
@pytest.mark.parametrize("action", ["escalate", "resolve", "correct"])
def test_non_iro_roles_cannot_alter_a_dispute_and_the_attempt_is_logged(
    client_for: Any, make_user: Any, raise_dispute: Any, role: Role, action: str
) -> None:
    dispute = raise_dispute()
    event = dispute.events.get()
    url = {
        "escalate": f"/disputes/{dispute.pk}/escalate",
        "resolve": f"/disputes/{dispute.pk}/resolve",
        "correct": f"/disputes/{dispute.pk}/events/{event.pk}/correct",
    }[action]
    user = make_user(role)
    response = client_for(user).post(
        url, {"reason": "x", "outcome": "x", "text": "x", "to_stage": _stage_pk("stage_1")}
    )
    assert response.status_code == 403
    entry = _denied(dispute.pk).get()
    assert entry.actor == user
    assert entry.object_type == "dispute"
    assert url in entry.changes["request"]
    dispute.refresh_from_db()
    assert dispute.status == "open" and dispute.current_stage.key == "informal"
    assert dispute.events.count() == 1


@pytest.mark.parametrize("role", [Role.OPERATIONAL, Role.HEAD_OF_SERVICE, Role.BUSINESS_SUPPORT])
def test_operational_staff_cannot_add_notes_or_raise_disputes(
    client_for: Any, make_user: Any, raise_dispute: Any, role: Role
) -> None:
    dispute = raise_dispute()
    client = client_for(make_user(role))
    assert client.post(f"/disputes/{dispute.pk}/note", {"text": "hidden"}).status_code == 403
    assert client.post("/disputes/raise", {"summary": "x"}).status_code == 403
    assert _denied().count() == 2
    assert dispute.events.count() == 1


def test_iro_cannot_respond_to_their_own_dispute_and_that_is_logged(
    client_for: Any, iro: Any, raise_dispute: Any
) -> None:
    dispute = raise_dispute()
    response = client_for(iro.user).post(f"/disputes/{dispute.pk}/respond", {"response": "x"})
    assert response.status_code == 403
    assert _denied(dispute.pk).exists()


def test_operational_staff_see_no_edit_controls_and_no_cafcass_referral(
    client_for: Any, iro: Any, child: Any, responder: Any, raise_dispute: Any
) -> None:
    dispute = raise_dispute()
    services.cafcass_referral_record(
        acting_user=iro.user,
        iro=iro,
        child=child,
        dispute=dispute,
        referred_on=date(2026, 11, 3),
        reason="SECRET-REFERRAL-REASON",
    )
    body = client_for(responder).get(f"/disputes/{dispute.pk}/").content.decode()
    assert "Respond" in body
    assert "Correct this entry" not in body
    assert "Escalate" not in body
    assert "SECRET-REFERRAL-REASON" not in body
    assert "Referred to Cafcass" not in body
    iro_body = client_for(iro.user).get(f"/disputes/{dispute.pk}/").content.decode()
    assert "SECRET-REFERRAL-REASON" in iro_body


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.IRO_MANAGER, True),
        (Role.AUDITOR, True),
        (Role.OPERATIONAL, False),
        (Role.HEAD_OF_SERVICE, False),
        (Role.BUSINESS_SUPPORT, False),
    ],
)
def test_cafcass_and_legal_advice_records_are_for_the_iro_service_only(
    client_for: Any, make_user: Any, iro: Any, child: Any, role: Role, allowed: bool
) -> None:
    services.legal_advice_record(
        acting_user=iro.user,
        iro=iro,
        child=child,
        sought_on=date(2026, 11, 2),
        adviser="Independent counsel",
        summary="ADVICE-TEXT",
    )
    response = client_for(make_user(role)).get("/disputes/iro-service-records")
    if allowed:
        assert response.status_code == 200
        assert "ADVICE-TEXT" in response.content.decode()
    else:
        assert response.status_code == 403
        assert AuditEntry.objects.filter(action="denied", object_type="restricted_records").exists()


def test_an_iro_sees_only_their_own_legal_advice(client_for: Any, make_iro: Any, iro: Any) -> None:
    other = make_iro("Daniel Okafor")
    for who, text in ((iro, "MINE"), (other, "THEIRS")):
        services.legal_advice_record(
            acting_user=who.user, iro=who, sought_on=date(2026, 11, 2), adviser="C", summary=text
        )
    body = client_for(iro.user).get("/disputes/iro-service-records").content.decode()
    assert "MINE" in body and "THEIRS" not in body


def test_iro_records_a_cafcass_referral_from_a_dispute(
    client_for: Any, iro: Any, child: Any, raise_dispute: Any
) -> None:
    dispute = raise_dispute()
    today = timezone.localdate()
    response = client_for(iro.user).post(
        f"/disputes/cafcass-referral?dispute={dispute.pk}",
        {
            "child_id": child.la_child_id,
            "referred_on_day": today.day,
            "referred_on_month": today.month,
            "referred_on_year": today.year,
            "reason": "No progress at stage 3",
        },
    )
    assert response.status_code == 302
    assert dispute.cafcass_referrals.get().reason == "No progress at stage 3"


def test_list_filters_overdue_disputes_for_the_manager(
    client_for: Any, make_user: Any, raise_dispute: Any
) -> None:
    today = timezone.localdate()
    late = raise_dispute(raised_on=today - timedelta(days=30))
    on_time = raise_dispute(raised_on=today)
    client = client_for(make_user(Role.IRO_MANAGER))
    body = client.get("/disputes/?overdue=yes").content.decode()
    assert late.reference in body
    assert on_time.reference not in body
    assert "Response overdue" in body


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.IRO_MANAGER, "/disputes/"),
        (Role.IRO_MANAGER, "/dispute-meeting/"),
        (Role.OPERATIONAL, "/disputes/raised-with-me"),
        (Role.IRO, "/my-children/"),
    ],
)
def test_dispute_lists_issue_the_same_queries_for_3_and_30_disputes(
    client_for: Any,
    iro: Any,
    responder: Any,
    make_user: Any,
    raise_dispute: Any,
    role: Role,
    url: str,
) -> None:
    user = {Role.OPERATIONAL: responder, Role.IRO: iro.user}.get(role) or make_user(role)
    client = client_for(user)
    for _ in range(3):
        raise_dispute(stage_key="stage_1")
    client.get(url)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    for _ in range(27):
        raise_dispute(stage_key="stage_1")
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url)
    body = response.content.decode()
    assert all(d.reference in body for d in Dispute.objects.all())
    ceiling = {"/disputes/": 13, "/dispute-meeting/": 10, "/disputes/raised-with-me": 10}
    assert len(thirty) == len(three) <= ceiling.get(url, 23)


def test_my_children_flags_overdue_disputes_with_an_escalate_link(
    client_for: Any, iro: Any, raise_dispute: Any
) -> None:
    dispute = raise_dispute(raised_on=timezone.localdate() - timedelta(days=30))
    body = client_for(iro.user).get("/my-children/").content.decode()
    assert "My disputes" in body
    assert "1 overdue" in body
    assert f"/disputes/{dispute.pk}/escalate" in body


def test_child_page_lists_open_disputes_and_a_raise_link(
    client_for: Any, iro: Any, child: Any, raise_dispute: Any
) -> None:
    dispute = raise_dispute()
    body = client_for(iro.user).get(f"/children/{child.pk}/").content.decode()
    assert dispute.reference in body
    assert f"/disputes/raise?child={child.pk}" in body


def test_weekly_meeting_agenda_lists_open_formal_disputes_and_records_actions(
    client_for: Any, make_user: Any, raise_dispute: Any
) -> None:
    today = timezone.localdate()
    formal = raise_dispute(raised_on=today - timedelta(days=7), stage_key="stage_1")
    informal = raise_dispute(raised_on=today)
    client = client_for(make_user(Role.IRO_MANAGER))
    body = client.get("/dispute-meeting/").content.decode()
    assert formal.reference in body and informal.reference not in body
    printable = client.get("/dispute-meeting/?print=1").content.decode()
    assert formal.reference in printable and "Save agreed actions" not in printable
    response = client.post(
        "/dispute-meeting/",
        {
            "held_on_day": today.day,
            "held_on_month": today.month,
            "held_on_year": today.year,
            "attendees": "Team",
            f"action_{formal.pk}": "Book the stage 2 meeting",
        },
    )
    assert response.status_code == 302
    assert formal.events.filter(kind=DisputeEvent.Kind.MEETING_ACTION).exists()


def test_manager_records_a_systemic_issue_and_its_response(client_for: Any, make_user: Any) -> None:
    client = client_for(make_user(Role.IRO_MANAGER))
    response = client.post(
        "/disputes/systemic-issues/new",
        {
            "title": "No care plans at reviews",
            "raised_on_day": "2",
            "raised_on_month": "11",
            "raised_on_year": "2026",
            "raised_with": "Director of Children's Services",
            "description": "One review in five had no plan",
        },
    )
    assert response.status_code == 302
    from iro.disputes.models import SystemicIssue

    issue = SystemicIssue.objects.get()
    response = client.post(
        f"/disputes/systemic-issues/{issue.pk}/response",
        {
            "response_on_day": "9",
            "response_on_month": "11",
            "response_on_year": "2026",
            "response": "Audit agreed",
        },
    )
    assert response.status_code == 302
    assert "Audit agreed" in client.get("/disputes/systemic-issues/").content.decode()


def _stage_pk(key: str) -> int:
    from iro.disputes.models import DisputeStage

    return DisputeStage.objects.get(key=key).pk


def test_escalate_in_one_action_from_my_children_when_the_deadline_has_passed(
    client_for: Any, iro: Any, raise_dispute: Any
) -> None:
    dispute = raise_dispute(raised_on=timezone.localdate() - timedelta(days=30))
    client = client_for(iro.user)
    page = client.get(f"/disputes/{dispute.pk}/escalate").content.decode()
    assert "Continue" in page
    # An empty submit asks first, saying what will happen, and changes nothing.
    check = client.post(f"/disputes/{dispute.pk}/escalate", {"to_stage": _stage_pk("stage_1")})
    body = html.unescape(check.content.decode())
    assert check.status_code == 200
    assert "What will happen" in body and "Escalate now" in body
    assert "A dispute cannot go back to an earlier stage" in body
    dispute.refresh_from_db()
    assert dispute.current_stage.key != "stage_1"
    # "Change your answers" goes back to the form with the answers kept.
    back = client.post(
        f"/disputes/{dispute.pk}/escalate", {"to_stage": _stage_pk("stage_1"), "change": "yes"}
    )
    assert back.status_code == 200 and "What will happen" not in back.content.decode()
    response = client.post(
        f"/disputes/{dispute.pk}/escalate", {"to_stage": _stage_pk("stage_1"), "confirmed": "yes"}
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.current_stage.key == "stage_1"
    assert dispute.events.last().text == "No response by the deadline."  # type: ignore[union-attr]


def test_dispute_about_a_restricted_child_opens_only_for_people_named_on_it(
    client_for: Any, make_user: Any, iro: Any, child: Any, raise_dispute: Any
) -> None:
    dispute = raise_dispute()
    child.restricted = True
    child.save(update_fields=["restricted"])
    child.restricted_to.add(iro.user)
    manager = make_user(Role.IRO_MANAGER)
    client = client_for(manager)
    assert client.get(f"/disputes/{dispute.pk}/").status_code == 403
    assert _denied(dispute.pk).filter(actor=manager).exists()
    listing = client.get("/disputes/").content.decode()
    assert dispute.reference in listing
    assert "Restricted record" in listing
    assert child.display_name not in listing
    assert client_for(iro.user).get(f"/disputes/{dispute.pk}/").status_code == 200


def test_iro_raises_a_dispute_for_a_group_of_siblings_seen_on_each_childs_page(
    client_for: Any, iro: Any, child: Any, make_child: Any
) -> None:
    sibling = make_child(first_name="Leo", iro=iro)
    client = client_for(iro.user)
    response = client.post(
        "/disputes/raise",
        {
            "scope": "group",
            "child_id": child.la_child_id,
            "other_child_ids": f" {sibling.la_child_id} ",
            "category": "professional_difference",
            "summary": "Plan to separate the siblings",
            "outcome_sought": "A together-or-apart assessment",
            "stage": _stage_pk("stage_1"),
            "responder_name": "Jo Hendry, team manager",
        },
    )
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.is_formal
    assert list(dispute.other_children.all()) == [sibling]
    assert dispute.reference in client.get(f"/children/{sibling.pk}/").content.decode()


def test_iro_raises_a_systemic_dispute_about_no_child(client_for: Any, iro: Any) -> None:
    response = client_for(iro.user).post(
        "/disputes/raise",
        {
            "scope": "systemic",
            "category": "no_care_plan",
            "summary": "Care plans are routinely missing at reviews",
            "outcome_sought": "A reminder process in the children in care teams",
            "stage": _stage_pk("informal"),
            "responder_name": "Service manager, Children in care",
        },
    )
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.child is None
    assert dispute.subject_label == "A systemic issue"


def test_iro_raises_a_good_practice_alert_counted_apart_from_disputes(
    client_for: Any, iro: Any, child: Any
) -> None:
    client = client_for(iro.user)
    response = client.post(
        f"/disputes/good-practice/new?child={child.pk}",
        {"child_id": child.la_child_id, "praised": "Owen Price", "summary": "Great direct work"},
    )
    assert response.status_code == 302
    from iro.disputes.models import GoodPracticeAlert

    assert GoodPracticeAlert.objects.get().child == child
    assert not Dispute.objects.exists()
    assert "Great direct work" in client.get("/disputes/good-practice/").content.decode()
