"""Dispute services: each step appends to the history and keeps the summary row in step; the
history itself can never be changed or removed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iro.audit.models import AuditEntry
from iro.disputes import services
from iro.disputes.models import (
    AppendOnlyError,
    CafcassReferral,
    Dispute,
    DisputeEvent,
    GoodPracticeAlert,
    LegalAdviceRecord,
)

pytestmark = pytest.mark.django_db

MON_2_NOV = date(2026, 11, 2)


def test_informal_dispute_is_due_5_working_days_after_it_is_raised(raise_dispute: Any) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    assert dispute.current_stage.key == "informal"
    assert dispute.response_due == date(2026, 11, 9)
    assert not dispute.is_formal
    assert dispute.formal_due is None
    assert [e.kind for e in dispute.events.all()] == ["raised"]
    assert AuditEntry.objects.filter(
        object_type="dispute", object_id=str(dispute.pk), action="create"
    ).exists()


def test_dispute_raised_straight_at_stage_1_is_formal_with_20_and_15_day_deadlines(
    raise_dispute: Any,
) -> None:
    dispute = raise_dispute(raised_on=date(2022, 5, 25), stage_key="stage_1")
    assert dispute.is_formal
    assert dispute.formal_raised_on == date(2022, 5, 25)
    assert dispute.formal_due == date(2022, 6, 24)
    assert dispute.meeting_due == date(2022, 6, 17)
    assert dispute.response_due == date(2022, 6, 1)


def test_escalating_an_informal_dispute_makes_it_formal_from_that_day(
    raise_dispute: Any, iro: Any, stage: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    services.dispute_escalate(
        acting_user=iro.user,
        dispute=dispute,
        to_stage=None,
        escalated_on=date(2026, 11, 10),
        reason="No response by the deadline",
    )
    dispute.refresh_from_db()
    assert dispute.current_stage.key == "stage_1"
    assert dispute.is_formal
    assert dispute.formal_raised_on == date(2026, 11, 10)
    assert dispute.formal_due == date(2026, 12, 8)
    assert dispute.meeting_due == date(2026, 12, 1)
    assert dispute.response_due == date(2026, 11, 17)
    assert dispute.responder_name == "Team manager"
    assert dispute.last_event_summary == "Escalated from informal to formal stage 1"


def test_iro_may_skip_stages_and_the_formal_clock_keeps_running(
    raise_dispute: Any, iro: Any, stage: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV, stage_key="stage_1")
    services.dispute_escalate(
        acting_user=iro.user,
        dispute=dispute,
        to_stage=stage("stage_3"),
        escalated_on=date(2026, 11, 27),
        reason="Urgent: placement at risk",
    )
    dispute.refresh_from_db()
    assert dispute.current_stage.key == "stage_3"
    assert dispute.formal_raised_on == MON_2_NOV
    # Stage 3's 5 working days would end 4 December; the formal process ends 30 November.
    assert dispute.response_due == date(2026, 11, 30)


def test_iro_may_set_a_shorter_formal_deadline_but_not_a_longer_one(
    raise_dispute: Any, iro: Any, stage: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    with pytest.raises(ValidationError) as error:
        services.dispute_escalate(
            acting_user=iro.user,
            dispute=dispute,
            to_stage=stage("stage_1"),
            escalated_on=date(2026, 11, 10),
            reason="Not accepted",
            deadline=date(2026, 11, 18),
        )
    assert "no later than 17 November 2026" in str(error.value)
    services.dispute_escalate(
        acting_user=iro.user,
        dispute=dispute,
        to_stage=stage("stage_1"),
        escalated_on=date(2026, 11, 10),
        reason="Not accepted",
        deadline=date(2026, 11, 12),
    )
    dispute.refresh_from_db()
    assert dispute.response_due == date(2026, 11, 12)


def test_escalating_past_the_last_stage_is_refused(raise_dispute: Any, iro: Any) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV, stage_key="stage_3")
    with pytest.raises(ValidationError, match="last stage"):
        services.dispute_escalate(
            acting_user=iro.user,
            dispute=dispute,
            to_stage=None,
            escalated_on=date(2026, 11, 10),
            reason="x",
        )


def test_response_is_added_and_the_next_escalation_awaits_a_new_one(
    raise_dispute: Any, iro: Any, responder: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    services.dispute_respond(
        acting_user=responder,
        dispute=dispute,
        response="Meeting booked",
        responded_on=date(2026, 11, 4),
    )
    dispute.refresh_from_db()
    assert dispute.responded_on == date(2026, 11, 4)
    assert not dispute.flags(date(2026, 11, 20)).response_overdue
    services.dispute_escalate(
        acting_user=iro.user,
        dispute=dispute,
        to_stage=None,
        escalated_on=date(2026, 11, 5),
        reason="Response not accepted: no date for the meeting",
    )
    dispute.refresh_from_db()
    assert dispute.responded_on is None
    assert dispute.flags(date(2026, 11, 13)).response_overdue


def test_resolved_dispute_is_closed_and_refuses_further_responses(
    raise_dispute: Any, iro: Any, responder: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    services.dispute_resolve(
        acting_user=iro.user,
        dispute=dispute,
        resolved_on=date(2026, 11, 6),
        outcome="Agreed",
        outcome_code="care_plan_changed",
        follow_up_on=date(2027, 1, 4),
    )
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.RESOLVED
    assert dispute.resolved_on == date(2026, 11, 6)
    with pytest.raises(ValidationError, match="closed"):
        services.dispute_respond(
            acting_user=responder, dispute=dispute, response="late", responded_on=date(2026, 11, 9)
        )


def test_correction_is_a_new_event_and_the_original_stays_as_written(
    raise_dispute: Any, iro: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    original = dispute.events.get()
    services.dispute_event_correct(
        acting_user=iro.user,
        event=original,
        text="The plan has drifted for 10 months, not 9",
        occurred_on=date(2026, 11, 3),
    )
    events = list(dispute.events.order_by("id"))
    assert [e.kind for e in events] == ["raised", "corrected"]
    assert events[1].corrects_id == original.pk
    original.refresh_from_db()
    assert "9 months" in original.text


def test_history_cannot_be_changed_or_deleted_through_the_orm(raise_dispute: Any) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    event = dispute.events.get()
    event.text = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        DisputeEvent.objects.filter(pk=event.pk).update(text="rewritten")
    with pytest.raises(AppendOnlyError):
        DisputeEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.text.startswith("Permanence plan")


def test_restricted_records_refuse_change_too(iro: Any, child: Any) -> None:
    referral = services.cafcass_referral_record(
        acting_user=iro.user, iro=iro, child=child, referred_on=MON_2_NOV, reason="Drift"
    )
    advice = services.legal_advice_record(
        acting_user=iro.user, iro=iro, sought_on=MON_2_NOV, adviser="Counsel", summary="s25B"
    )
    alert = services.good_practice_alert_raise(
        acting_user=iro.user, iro=iro, raised_on=MON_2_NOV, praised="Owen Price", summary="Good"
    )
    for model, record in (
        (CafcassReferral, referral),
        (LegalAdviceRecord, advice),
        (GoodPracticeAlert, alert),
    ):
        with pytest.raises(AppendOnlyError):
            record.save()
        with pytest.raises(AppendOnlyError):
            model.objects.all().delete()


def test_cafcass_referral_from_a_dispute_adds_a_restricted_event_only(
    raise_dispute: Any, iro: Any, child: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    services.cafcass_referral_record(
        acting_user=iro.user,
        iro=iro,
        child=child,
        dispute=dispute,
        referred_on=date(2026, 11, 5),
        reason="Plan not progressed",
    )
    dispute.refresh_from_db()
    assert dispute.is_open
    assert dispute.last_event_summary.startswith("Raised")
    assert dispute.events.filter(kind="referred").count() == 1


def test_weekly_meeting_records_an_action_event_for_each_filled_dispute(
    raise_dispute: Any, make_user: Any
) -> None:
    from iro.accounts.roles import Role

    manager = make_user(Role.IRO_MANAGER)
    first = raise_dispute(raised_on=MON_2_NOV, stage_key="stage_1")
    second = raise_dispute(raised_on=MON_2_NOV, stage_key="stage_2")
    meeting = services.dispute_meeting_record(
        acting_user=manager,
        held_on=date(2026, 11, 6),
        attendees="Sarah, Priya",
        actions={first.pk: "Chase the team manager", second.pk: "  "},
    )
    assert meeting.pk
    assert first.events.filter(kind="meeting_action").get().text == "Chase the team manager"
    assert not second.events.filter(kind="meeting_action").exists()


def test_systemic_issue_response_is_recorded_with_its_date(make_user: Any) -> None:
    from iro.accounts.roles import Role

    manager = make_user(Role.IRO_MANAGER)
    issue = services.systemic_issue_record(
        acting_user=manager,
        raised_on=date(2026, 6, 1),
        raised_with="Director of Children's Services",
        title="Care plans missing at reviews",
        description="A fifth of reviews had no care plan",
    )
    with pytest.raises(ValidationError):
        services.systemic_issue_respond(
            acting_user=manager, issue=issue, response="Agreed", response_on=date(2026, 5, 1)
        )
    services.systemic_issue_respond(
        acting_user=manager, issue=issue, response="Audit ordered", response_on=date(2026, 7, 1)
    )
    issue.refresh_from_db()
    assert issue.response_on == date(2026, 7, 1)


def test_iro_cannot_correct_the_responders_words(
    raise_dispute: Any, iro: Any, responder: Any
) -> None:
    dispute = raise_dispute(raised_on=MON_2_NOV)
    response = services.dispute_respond(
        acting_user=responder, dispute=dispute, response="Agreed", responded_on=MON_2_NOV
    )
    with pytest.raises(ValidationError, match="responder's"):
        services.dispute_event_correct(
            acting_user=iro.user, event=response, text="Refused", occurred_on=MON_2_NOV
        )


def test_an_informal_deadline_years_ahead_is_refused_and_nothing_is_saved(
    raise_dispute: Any,
) -> None:
    with pytest.raises(ValidationError) as error:
        raise_dispute(raised_on=MON_2_NOV, deadline=date(2030, 1, 1))
    # 20 working days (the formal process's timescale) from Monday 2 November 2026.
    assert error.value.message_dict["deadline"] == [
        "Response deadline must be no later than 30 November 2026 (20 working days)"
    ]
    assert not Dispute.objects.exists()
    dispute = raise_dispute(raised_on=MON_2_NOV, deadline=date(2026, 11, 30))
    assert dispute.response_due == date(2026, 11, 30)
