"""Every change to a dispute. Each service is one transaction: it validates, appends the event to
the dispute's history, keeps the dispute's summary row in step and writes the audit entry.

Nothing here edits or removes an event: a correction is a new event naming the one it corrects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from iro.accounts.models import ReviewingOfficer, User
from iro.audit.services import audit_record, save_audited
from iro.children.access import require_child_records_change
from iro.children.models import Child
from iro.children.story import StoryDate, When, story_check
from iro.core.council import working_day_calendar

from . import rules
from .access import require_dispute_move
from .models import (
    CafcassReferral,
    Dispute,
    DisputeEvent,
    DisputeMeeting,
    DisputeSettings,
    DisputeStage,
    GoodPracticeAlert,
    LegalAdviceRecord,
    Outcome,
    SystemicIssue,
)

# The IRO corrects the IRO service's entries; a responder's words stay theirs.
CORRECTABLE_BY_RESPONDER_ONLY = frozenset({DisputeEvent.Kind.RESPONDED})


def dispute_settings() -> DisputeSettings:
    row = DisputeSettings.objects.order_by("pk").first()
    if row is None:
        row = DisputeSettings.objects.create()
    return row


def active_stages() -> list[DisputeStage]:
    return list(DisputeStage.objects.filter(active=True).order_by("order"))


def _label(user: Any) -> str:
    return str(user) if getattr(user, "is_authenticated", False) else "system"


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _append(
    dispute: Dispute,
    *,
    acting_user: User | None,
    kind: str,
    occurred_on: date,
    text: str = "",
    stage: DisputeStage | None = None,
    deadline: date | None = None,
    responder_label: str = "",
    corrects: DisputeEvent | None = None,
    summary: str | None = None,
) -> DisputeEvent:
    event = DisputeEvent(
        dispute=dispute,
        kind=kind,
        stage=stage,
        occurred_on=occurred_on,
        text=text,
        deadline=deadline,
        responder_label=responder_label[:200],
        corrects=corrects,
        recorded_by=_user(acting_user),
        recorded_by_label=_label(acting_user)[:200],
    )
    event.full_clean()
    event.save()
    if kind not in DisputeEvent.RESTRICTED_KINDS:
        dispute.last_event_on = occurred_on
        dispute.last_event_summary = (summary or event.get_kind_display())[:200]
    return event


def _audit(
    acting_user: User | None, dispute: Dispute, summary: str, action: str = "update"
) -> None:
    audit_record(
        actor=acting_user,
        action=action,
        object_type="dispute",
        object_id=dispute.pk,
        child_id=dispute.child_id,
        summary=summary,
    )


def _next_reference(raised_on: date) -> str:
    # Lock that year's disputes so two raised at once do not take the same number (the unique
    # constraint is the backstop).
    references = list(
        Dispute.objects.select_for_update()
        .filter(reference__startswith=f"DR-{raised_on.year}-")
        .values_list("reference", flat=True)
    )
    return rules.next_reference(raised_on.year, references)


def _create_with_audit(
    record: Any, *, acting_user: User | None, object_type: str, summary: str, child_id: int | None
) -> None:
    """Validate and save a new record, and audit its creation in the same transaction."""
    save_audited(
        record, actor=acting_user, summary=summary, object_type=object_type, child_id=child_id
    )


def _require_open(dispute: Dispute) -> None:
    if not dispute.is_open:
        raise ValidationError(f"Dispute {dispute.reference} is closed")


def _set_stage(
    dispute: Dispute,
    *,
    stage: DisputeStage,
    started_on: date,
    deadline: date | None,
    calendar: Any,
) -> None:
    """Move the dispute to `stage` from `started_on`, with its response deadline."""
    settings_row = dispute_settings()
    rule = stage.as_rule()
    if deadline is not None:
        problem = rules.iro_deadline_problem(
            rule,
            started_on,
            deadline,
            calendar,
            informal_limit_working_days=settings_row.as_rule().total_working_days,
        )
        if problem:
            raise ValidationError({"deadline": problem})
    elif not stage.is_formal:
        deadline = calendar.add_working_days(started_on, settings_row.informal_default_working_days)
    if stage.is_formal and not dispute.is_formal:
        timescales = settings_row.as_rule()
        dispute.is_formal = True
        dispute.formal_raised_on = started_on
        dispute.formal_due = rules.formal_process_due(started_on, calendar, timescales)
        dispute.meeting_due = rules.formal_meeting_due(started_on, calendar, timescales)
    dispute.current_stage = stage
    dispute.highest_stage_order = max(dispute.highest_stage_order, stage.order)
    dispute.stage_started_on = started_on
    dispute.responded_on = None
    dispute.response_due = rules.stage_response_due(
        rule, started_on, calendar, iro_deadline=deadline, formal_due=dispute.formal_due
    )


@transaction.atomic
def dispute_raise(
    *,
    acting_user: User | None,
    iro: ReviewingOfficer,
    category: str,
    summary: str,
    outcome_sought: str,
    raised_on: date,
    stage: DisputeStage,
    responder: Any = None,
    responder_name: str = "",
    deadline: date | None = None,
    wanted_by: date | None = None,
    scope: str = Dispute.Scope.CHILD,
    child: Child | None = None,
    other_children: Iterable[Child] = (),
) -> Dispute:
    """Raise a dispute at `stage` (informal, or straight to a formal stage). Guarantees: the
    response deadline follows the stage's working days (or the IRO's earlier date), a formal
    dispute carries its 20-working-day and meeting deadlines, and the first event is 'raised'."""
    calendar = working_day_calendar()
    dispute = Dispute(
        reference=_next_reference(raised_on),
        scope=scope,
        child=child,
        category=category,
        summary=summary,
        outcome_sought=outcome_sought,
        wanted_by=wanted_by,
        raised_on=raised_on,
        raised_by=iro,
        responder=responder,
        responder_name=responder_name,
    )
    if wanted_by is not None and wanted_by < raised_on:
        raise ValidationError({"wanted_by": "Wanted by must be the same as or after today"})
    _set_stage(dispute, stage=stage, started_on=raised_on, deadline=deadline, calendar=calendar)
    dispute.full_clean()
    dispute.save()
    others = [c for c in other_children if c.pk != (child.pk if child else None)]
    if others:
        dispute.other_children.set(others)
    _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.RAISED,
        occurred_on=raised_on,
        text=f"{summary}\n\nWhat the IRO wants: {outcome_sought}",
        stage=stage,
        deadline=dispute.response_due,
        responder_label=dispute.responder_label,
        summary=f"Raised at {stage.name.lower()} with {dispute.responder_label}",
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, f"Raised dispute ({stage.name})", action="create")
    return dispute


@transaction.atomic
def dispute_respond(
    *, acting_user: User | None, dispute: Dispute, response: str, responded_on: date
) -> DisputeEvent:
    """Record the responder's answer at the current stage. It is added to the history beside the
    IRO's entries and changes none of them."""
    require_dispute_move(acting_user, dispute, "respond")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_open(dispute)
    if responded_on < dispute.stage_started_on:
        raise ValidationError(
            {"responded_on": "Date of response must be the same as or after the stage started"}
        )
    dispute.responded_on = responded_on
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.RESPONDED,
        occurred_on=responded_on,
        text=response,
        stage=dispute.current_stage,
        summary=f"Response from {_label(acting_user)}",
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, f"Responded at {dispute.current_stage.name}")
    return event


@transaction.atomic
def dispute_escalate(
    *,
    acting_user: User | None,
    dispute: Dispute,
    to_stage: DisputeStage | None,
    escalated_on: date,
    reason: str,
    responder: Any = None,
    responder_name: str = "",
    deadline: date | None = None,
) -> DisputeEvent:
    """Move the dispute up the ladder in one action (to the next stage, or any later one: the
    IRO may skip stages). Escalating an informal dispute makes it formal from that day."""
    require_dispute_move(acting_user, dispute, "steer")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_open(dispute)
    stages = active_stages()
    allowed = rules.later_stages([s.as_rule() for s in stages], dispute.current_stage.key)
    if to_stage is None:
        if not allowed:
            raise ValidationError(
                "This dispute is at the last stage: resolve it or refer the child to Cafcass"
            )
        to_stage = next(s for s in stages if s.key == allowed[0].key)
    if to_stage.key not in {r.key for r in allowed}:
        raise ValidationError({"to_stage": "Select a later stage"})
    if escalated_on < dispute.stage_started_on:
        raise ValidationError(
            {"escalated_on": "Date escalated must be the same as or after the stage started"}
        )
    from_stage = dispute.current_stage
    if not reason.strip():
        reason = _default_escalation_reason(dispute, escalated_on)
    dispute.responder = responder
    dispute.response_delegate = None  # a new stage is answered by its new responder
    dispute.responder_name = responder_name or to_stage.responder_role
    _set_stage(
        dispute,
        stage=to_stage,
        started_on=escalated_on,
        deadline=deadline,
        calendar=working_day_calendar(),
    )
    dispute.full_clean()
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.ESCALATED,
        occurred_on=escalated_on,
        text=reason,
        stage=to_stage,
        deadline=dispute.response_due,
        responder_label=dispute.responder_label,
        summary=f"Escalated from {from_stage.name.lower()} to {to_stage.name.lower()}",
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, f"Escalated from {from_stage.name} to {to_stage.name}")
    return event


def _default_escalation_reason(dispute: Dispute, escalated_on: date) -> str:
    if dispute.responded_on is not None:
        return "The response is not accepted."
    if rules.is_overdue(dispute.response_due, escalated_on):
        return "No response by the deadline."
    return "Escalated by the IRO before the response deadline."


@transaction.atomic
def dispute_resolve(
    *,
    acting_user: User | None,
    dispute: Dispute,
    resolved_on: date,
    outcome: str,
    outcome_code: str,
    follow_up_on: date | None,
    outcome_reason: str = "",
) -> DisputeEvent:
    """The IRO accepts that the dispute is resolved; the dispute closes on `resolved_on` with
    its coded outcome (what changed for the child, or why nothing did) and the date the IRO will
    check that it held."""
    require_dispute_move(acting_user, dispute, "steer")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_open(dispute)
    if resolved_on < dispute.raised_on:
        raise ValidationError(
            {"resolved_on": "Date resolved must be the same as or after the date raised"}
        )
    problems = rules.outcome_problems(
        outcome_code=outcome_code,
        reason=outcome_reason,
        follow_up_on=follow_up_on,
        resolved_on=resolved_on,
    )
    if problems:
        raise ValidationError(problems)
    dispute.status = Dispute.Status.RESOLVED
    dispute.resolved_on = resolved_on
    dispute.outcome = outcome
    dispute.outcome_code = outcome_code
    dispute.outcome_reason = outcome_reason.strip()
    dispute.follow_up_on = follow_up_on
    coded = Outcome(outcome_code).label
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.RESOLVED,
        occurred_on=resolved_on,
        text="\n\n".join(
            part
            for part in (
                outcome,
                f"What changed: {coded}",
                f"Why nothing changed: {dispute.outcome_reason}" if dispute.outcome_reason else "",
            )
            if part
        ),
        stage=dispute.current_stage,
        deadline=follow_up_on,
        summary=f"Resolved at {dispute.current_stage.name.lower()}: {coded.lower()}",
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, f"Resolved at {dispute.current_stage.name}: {coded}")
    return event


@transaction.atomic
def dispute_follow_up_record(
    *, acting_user: User | None, dispute: Dispute, followed_up_on: date, note: str
) -> DisputeEvent:
    """The IRO checks, on or after the follow-up date, whether what was agreed held; the
    finding joins the history as a note."""
    require_dispute_move(acting_user, dispute, "steer")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status != Dispute.Status.RESOLVED or dispute.follow_up_on is None:
        raise ValidationError(f"Dispute {dispute.reference} has no follow-up to record")
    if dispute.followed_up_on is not None:
        raise ValidationError(f"The follow-up of dispute {dispute.reference} is already recorded")
    if not note.strip():
        raise ValidationError({"note": "Enter what the follow-up found"})
    if followed_up_on < dispute.resolved_on:  # type: ignore[operator]
        raise ValidationError(
            {"followed_up_on": "Date followed up must be the same as or after the date resolved"}
        )
    dispute.followed_up_on = followed_up_on
    dispute.follow_up_note = note.strip()
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.NOTE,
        occurred_on=followed_up_on,
        text=f"Follow-up: {note.strip()}",
        stage=dispute.current_stage,
        summary="Outcome followed up",
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, "Outcome followed up")
    return event


@transaction.atomic
def dispute_withdraw(
    *, acting_user: User | None, dispute: Dispute, withdrawn_on: date, reason: str
) -> DisputeEvent:
    """The IRO who raised the dispute (or an IRO manager) withdraws it, with the reason: it
    closes as withdrawn, not resolved, so "closed" never hides "given up"."""
    require_dispute_move(acting_user, dispute, "withdraw")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_open(dispute)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the dispute is being withdrawn"})
    if withdrawn_on < dispute.raised_on:
        raise ValidationError(
            {"withdrawn_on": "Date withdrawn must be the same as or after the date raised"}
        )
    dispute.status = Dispute.Status.WITHDRAWN
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.WITHDRAWN,
        occurred_on=withdrawn_on,
        text=reason.strip(),
        stage=dispute.current_stage,
        summary=f"Withdrawn at {dispute.current_stage.name.lower()}",
    )
    dispute.save()
    _audit(
        acting_user, dispute, f"Withdrawn at {dispute.current_stage.name}: {reason.strip()}"[:300]
    )
    return event


@transaction.atomic
def dispute_delegate(
    *, acting_user: User | None, dispute: Dispute, delegate: Any, delegated_on: date
) -> DisputeEvent:
    """The person the dispute is raised with (or their team manager) hands this stage's
    response to a colleague, who may then respond; the history records the hand-over."""
    require_dispute_move(acting_user, dispute, "delegate")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_open(dispute)
    if delegate is None or delegate.pk == dispute.responder_id:
        raise ValidationError(
            {"delegate": "Select someone other than the person it is raised with"}
        )
    dispute.response_delegate = delegate
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.DELEGATED,
        occurred_on=delegated_on,
        text=f"Response delegated to {delegate}",
        stage=dispute.current_stage,
        responder_label=str(delegate),
        summary=f"Response delegated to {delegate}",
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, f"Response delegated to {delegate}")
    return event


@transaction.atomic
def dispute_meeting_held(
    *, acting_user: User | None, dispute: Dispute, held_on: date, notes: str
) -> DisputeEvent:
    """Record the formal dispute meeting (due by working day 15 when unresolved)."""
    require_dispute_move(acting_user, dispute, "steer")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_open(dispute)
    if held_on < dispute.raised_on:
        raise ValidationError(
            {"held_on": "Date of meeting must be the same as or after the date raised"}
        )
    dispute.meeting_held_on = held_on
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.MEETING_HELD,
        occurred_on=held_on,
        text=notes,
        stage=dispute.current_stage,
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, "Dispute meeting held")
    return event


@transaction.atomic
def dispute_note_add(
    *, acting_user: User | None, dispute: Dispute, text: str, occurred_on: date
) -> DisputeEvent:
    require_dispute_move(acting_user, dispute, "steer")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    event = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.NOTE,
        occurred_on=occurred_on,
        text=text,
        stage=dispute.current_stage,
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, "Note added")
    return event


@transaction.atomic
def dispute_event_correct(
    *, acting_user: User | None, event: DisputeEvent, text: str, occurred_on: date
) -> DisputeEvent:
    """Correct an entry by adding a new one that names it; the original stays as written."""
    require_dispute_move(acting_user, event.dispute, "steer")
    dispute = Dispute.objects.select_for_update().get(pk=event.dispute_id)
    if event.kind == DisputeEvent.Kind.CORRECTED:
        raise ValidationError("Correct the original entry, not a correction")
    if event.kind in CORRECTABLE_BY_RESPONDER_ONLY:
        raise ValidationError("A response is the responder's: add a note instead")
    correction = _append(
        dispute,
        acting_user=acting_user,
        kind=DisputeEvent.Kind.CORRECTED,
        occurred_on=occurred_on,
        text=text,
        stage=event.stage,
        corrects=event,
        summary=f"Correction to the entry of {event.occurred_on:%d/%m/%Y}",
    )
    dispute.full_clean()
    dispute.save()
    _audit(acting_user, dispute, f"Correction to event {event.pk}")
    return correction


@transaction.atomic
def dispute_meeting_record(
    *,
    acting_user: User | None,
    held_on: date,
    attendees: str,
    actions: Mapping[int, str],
) -> DisputeMeeting:
    """Record the weekly dispute meeting and each dispute's agreed action as an event."""
    meeting = DisputeMeeting(held_on=held_on, attendees=attendees, recorded_by=_user(acting_user))
    meeting.full_clean()
    meeting.save()
    disputes = Dispute.objects.select_for_update().in_bulk([k for k, v in actions.items() if v])
    for dispute_id, text in actions.items():
        dispute = disputes.get(dispute_id)
        if dispute is None or not text.strip():
            continue
        _append(
            dispute,
            acting_user=acting_user,
            kind=DisputeEvent.Kind.MEETING_ACTION,
            occurred_on=held_on,
            text=text.strip(),
            stage=dispute.current_stage,
            summary="Action agreed at the weekly dispute meeting",
        )
        dispute.full_clean()
        dispute.save(update_fields=["last_event_on", "last_event_summary"])
        _audit(acting_user, dispute, "Action agreed at the weekly dispute meeting")
    audit_record(
        actor=acting_user,
        action="create",
        object_type="dispute_meeting",
        object_id=meeting.pk,
        summary=f"Weekly dispute meeting on {held_on:%d/%m/%Y}",
    )
    return meeting


@transaction.atomic
def cafcass_referral_record(
    *,
    acting_user: User | None,
    iro: ReviewingOfficer,
    child: Child,
    referred_on: date,
    reason: str,
    cafcass_contact: str = "",
    dispute: Dispute | None = None,
) -> CafcassReferral:
    """Record a referral to Cafcass in the IRO service's restricted area. When it arises from a
    dispute, a restricted 'referred' event joins that dispute's history (the dispute stays open
    until the IRO resolves it)."""
    require_child_records_change(acting_user, child, object_type="cafcass_referral")
    if dispute is not None:
        require_dispute_move(acting_user, dispute, "steer")
    story_check(child, StoryDate("referred_on", "Date referred", referred_on, When.HAPPENED))
    referral = CafcassReferral(
        child=child,
        dispute=dispute,
        iro=iro,
        referred_on=referred_on,
        reason=reason,
        cafcass_contact=cafcass_contact,
        recorded_by=_user(acting_user),
    )
    referral.full_clean()
    referral.save()
    if dispute is not None:
        locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
        _append(
            locked,
            acting_user=acting_user,
            kind=DisputeEvent.Kind.REFERRED,
            occurred_on=referred_on,
            text=reason,
            stage=locked.current_stage,
        )
    audit_record(
        actor=acting_user,
        action="create",
        object_type="cafcass_referral",
        object_id=referral.pk,
        child_id=child.pk,
        summary="Referral to Cafcass recorded",
    )
    return referral


@transaction.atomic
def legal_advice_record(
    *,
    acting_user: User | None,
    iro: ReviewingOfficer,
    sought_on: date,
    adviser: str,
    summary: str,
    child: Child | None = None,
    dispute: Dispute | None = None,
) -> LegalAdviceRecord:
    """Record that an IRO sought independent legal advice (restricted to the IRO service)."""
    if child is not None:
        story_check(child, StoryDate("sought_on", "Date advice sought", sought_on, When.HAPPENED))
    record = LegalAdviceRecord(
        iro=iro,
        child=child,
        dispute=dispute,
        sought_on=sought_on,
        adviser=adviser,
        summary=summary,
        recorded_by=_user(acting_user),
    )
    _create_with_audit(
        record,
        acting_user=acting_user,
        object_type="legal_advice",
        summary="Independent legal advice recorded",
        child_id=child.pk if child else None,
    )
    return record


@transaction.atomic
def good_practice_alert_raise(
    *,
    acting_user: User | None,
    iro: ReviewingOfficer,
    raised_on: date,
    praised: str,
    summary: str,
    child: Child | None = None,
) -> GoodPracticeAlert:
    alert = GoodPracticeAlert(
        child=child,
        iro=iro,
        raised_on=raised_on,
        praised=praised,
        summary=summary,
        recorded_by=_user(acting_user),
    )
    _create_with_audit(
        alert,
        acting_user=acting_user,
        object_type="good_practice_alert",
        summary=f"Good-practice alert for {praised}",
        child_id=child.pk if child else None,
    )
    return alert


@transaction.atomic
def systemic_issue_record(
    *,
    acting_user: User | None,
    raised_on: date,
    raised_with: str,
    title: str,
    description: str,
    disputes: Iterable[Dispute] = (),
) -> SystemicIssue:
    """Record a systemic issue raised with senior managers, linked to the disputes it grew
    from (a recurring challenge)."""
    issue = SystemicIssue(
        raised_on=raised_on,
        raised_with=raised_with,
        title=title,
        description=description,
        recorded_by=_user(acting_user),
    )
    _create_with_audit(
        issue, acting_user=acting_user, object_type="systemic_issue", summary=title, child_id=None
    )
    linked = list(disputes)
    if linked:
        issue.disputes.set(linked)
        audit_record(
            actor=acting_user,
            action="update",
            object_type="systemic_issue",
            object_id=issue.pk,
            summary=f"Linked to {len(linked)} disputes",
            changes={"disputes": [d.reference for d in linked]},
        )
    return issue


@transaction.atomic
def systemic_issue_respond(
    *, acting_user: User | None, issue: SystemicIssue, response: str, response_on: date
) -> SystemicIssue:
    """Record senior managers' response to a systemic issue."""
    issue = SystemicIssue.objects.select_for_update().get(pk=issue.pk)
    before_response, before_on = issue.response, issue.response_on
    issue.response = response
    issue.response_on = response_on
    issue.full_clean()
    issue.save(update_fields=["response", "response_on"])
    audit_record(
        actor=acting_user,
        action="update",
        object_type="systemic_issue",
        object_id=issue.pk,
        summary="Senior managers' response recorded",
        changes={
            "response": [before_response, response],
            "response_on": [
                before_on.isoformat() if before_on else None,
                response_on.isoformat(),
            ],
        },
    )
    return issue
