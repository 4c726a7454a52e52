"""The review cycle: convening, recording the review, the letter to the child and the
recommendations. The 903 import and the forms both record reviews through here.

Every service is one transaction, validates before saving and writes its audit entry in the
same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from iro.accounts.access import ObjectDenied
from iro.accounts.models import User
from iro.audit.services import audit_record, save_audited
from iro.children.access import require_child_records_change
from iro.children.models import Child, PeriodOfCare
from iro.children.story import StoryDate, When, story_check
from iro.core import facts
from iro.timetable.care import participation_code_problem, within_period

from .models import Convening, Invitee, Recommendation, Reschedule, Review
from .plain_language import prompts_left
from .schedule import convening_deadlines
from .selectors import recommendation_completable_by


def period_on(child: Child, on: date) -> PeriodOfCare | None:
    """The child's period of care that a review on ``on`` belongs to (its last day included)."""
    for period in child.periods.all():
        if within_period(on, start=period.start_date, end=period.end_date):
            return period
    return None


def _user(acting_user: User | None) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _save_changes(
    instance: Any,
    *,
    acting_user: User | None,
    fields: dict[str, Any],
    object_type: str,
    child_id: int,
    summary: str,
) -> dict[str, list[Any]]:
    """Set fields, validate, save and audit what changed (nothing is written when nothing
    changed)."""
    changes = save_audited(
        instance,
        actor=acting_user,
        summary=summary,
        fields=fields,
        object_type=object_type,
        child_id=child_id,
        only_if_changed=True,
    )
    if changes:
        # The child's drift and timetable read these records: stored in the same transaction.
        facts.refresh([child_id])
    return changes


def _after_review(review: Review, field: str, name: str, value: date) -> None:
    """A thing done after a review: not in the future, not before the review was held."""
    story_check(
        review.child,
        StoryDate(field, name, value, When.HAPPENED, review.held_on, "the date of the review"),
        period=review.period,
    )


def _convening_dates(child: Child, period: PeriodOfCare, values: dict[str, Any]) -> None:
    story_check(
        child,
        StoryDate("proposed_date", "Date of review", values.get("proposed_date"), When.ARRANGED),
        StoryDate(
            "convening_request_received_on",
            "Date the social worker's convening request was received",
            values.get("convening_request_received_on"),
            When.HAPPENED,
        ),
        StoryDate(
            "care_plan_received_on",
            "Date the care plan or pathway plan was received",
            values.get("care_plan_received_on"),
            When.HAPPENED,
        ),
        period=period,
    )


# --- Convening ---------------------------------------------------------------------------------


@transaction.atomic
def convening_start(
    *,
    acting_user: User | None,
    child: Child,
    proposed_date: date,
    meeting_format: str = Convening.Format.IN_PERSON,
    venue: str = "",
    convening_request_received_on: date | None = None,
    plan_kind: str = Convening.PlanKind.CARE_PLAN,
    care_plan_received_on: date | None = None,
    notes: str = "",
) -> Convening:
    """Start arranging the child's next review. The child and their social worker are invited
    by default; the deadlines for the convening request and the care plan are stored."""
    require_child_records_change(acting_user, child, object_type="convening")
    period = child.current_period
    if period is None:
        raise ValidationError({"proposed_date": "Only a child in care can have a review convened"})
    if Convening.objects.filter(period=period, status=Convening.Status.ARRANGING).exists():
        raise ValidationError({"proposed_date": "The next review is already being arranged"})
    _convening_dates(
        child,
        period,
        {
            "proposed_date": proposed_date,
            "convening_request_received_on": convening_request_received_on,
            "care_plan_received_on": care_plan_received_on,
        },
    )
    request_due, reports = convening_deadlines(proposed_date)
    convening = Convening(
        child=child,
        period=period,
        review_due=period.next_review_due,
        proposed_date=proposed_date,
        meeting_format=meeting_format,
        venue=venue.strip(),
        convening_request_received_on=convening_request_received_on,
        plan_kind=plan_kind,
        care_plan_received_on=care_plan_received_on,
        notes=notes.strip(),
        convening_request_due=request_due,
        reports_due=reports,
        created_by=_user(acting_user),
    )
    convening.full_clean()
    convening.save()
    defaults = [Invitee(convening=convening, role=Invitee.Role.CHILD, name=child.display_name)]
    if child.social_worker_id is not None and child.social_worker is not None:
        defaults.append(
            Invitee(
                convening=convening,
                role=Invitee.Role.SOCIAL_WORKER,
                name=child.social_worker.name,
            )
        )
    Invitee.objects.bulk_create(defaults)
    audit_record(
        actor=acting_user,
        action="create",
        object_type="convening",
        object_id=convening.pk,
        child_id=child.pk,
        summary=f"Review convened for {proposed_date:%d/%m/%Y}",
        changes={"proposed_date": [None, proposed_date.isoformat()], "venue": [None, venue]},
    )
    return convening


@transaction.atomic
def convening_update(*, acting_user: User | None, convening: Convening, **fields: Any) -> Convening:
    """Change how a review is arranged (not its date: see `convening_reschedule`)."""
    require_child_records_change(
        acting_user, convening.child, object_type="convening", object_id=convening.pk
    )
    allowed = {
        "meeting_format",
        "venue",
        "convening_request_received_on",
        "plan_kind",
        "care_plan_received_on",
        "notes",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"convening_update cannot change {sorted(unknown)}")
    if convening.status != Convening.Status.ARRANGING:
        raise ValidationError("This review is no longer being arranged")
    _convening_dates(convening.child, convening.period, fields)
    _save_changes(
        convening,
        acting_user=acting_user,
        fields=fields,
        object_type="convening",
        child_id=convening.child_id,
        summary="Convening record changed",
    )
    return convening


@transaction.atomic
def convening_reschedule(
    *, acting_user: User | None, convening: Convening, new_date: date, reason: str
) -> Reschedule:
    """Move a review being arranged to another date, keeping the old date and the reason."""
    require_child_records_change(
        acting_user, convening.child, object_type="convening", object_id=convening.pk
    )
    if convening.status != Convening.Status.ARRANGING:
        raise ValidationError("This review is no longer being arranged")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason the review is moving"})
    if new_date == convening.proposed_date:
        raise ValidationError({"new_date": "New date must be different from the current date"})
    story_check(
        convening.child,
        StoryDate("new_date", "New date of review", new_date, When.ARRANGED),
        period=convening.period,
    )
    reschedule = Reschedule(
        convening=convening,
        from_date=convening.proposed_date,
        to_date=new_date,
        reason=reason.strip(),
        recorded_by=_user(acting_user),
    )
    reschedule.full_clean()
    reschedule.save()
    request_due, reports = convening_deadlines(new_date)
    _save_changes(
        convening,
        acting_user=acting_user,
        fields={
            "proposed_date": new_date,
            "convening_request_due": request_due,
            "reports_due": reports,
        },
        object_type="convening",
        child_id=convening.child_id,
        summary=f"Review moved to {new_date:%d/%m/%Y}: {reason.strip()}"[:300],
    )
    return reschedule


INVITEE_FIELDS = (
    "role",
    "name",
    "organisation",
    "invited",
    "not_invited_reason",
    "invitation_sent_on",
    "consultation_form_sent_on",
    "consultation_form_returned_on",
)


def _invitee_problems(convening: Convening, values: dict[str, Any]) -> None:
    story_check(
        convening.child,
        *(
            StoryDate(field, name, values.get(field), When.HAPPENED)
            for field, name in (
                ("invitation_sent_on", "Date the invitation was sent"),
                ("consultation_form_sent_on", "Date the consultation form was sent"),
                ("consultation_form_returned_on", "Date the consultation form was returned"),
            )
        ),
        period=convening.period,
    )
    sent = values.get("consultation_form_sent_on")
    returned = values.get("consultation_form_returned_on")
    if returned and not sent:
        raise ValidationError(
            {"consultation_form_sent_on": "Enter the date the consultation form was sent"}
        )
    if returned and sent and returned < sent:
        raise ValidationError(
            {
                "consultation_form_returned_on": (
                    "Date the form was returned must be the same as or after the date it was sent"
                )
            }
        )
    if not values.get("invited", True) and values.get("invitation_sent_on"):
        raise ValidationError(
            {"invitation_sent_on": "Remove the invitation date for someone not invited"}
        )


@transaction.atomic
def invitee_add(*, acting_user: User | None, convening: Convening, **values: Any) -> Invitee:
    """Add someone to a review's invitation list. A parent left out needs a reason."""
    require_child_records_change(
        acting_user, convening.child, object_type="convening", object_id=convening.pk
    )
    unknown = set(values) - set(INVITEE_FIELDS)
    if unknown:
        raise TypeError(f"invitee_add cannot set {sorted(unknown)}")
    _invitee_problems(convening, values)
    invitee = Invitee(convening=convening, **values)
    invitee.full_clean()
    invitee.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="invitee",
        object_id=invitee.pk,
        child_id=convening.child_id,
        summary=f"Added {invitee.get_role_display().lower()} {invitee.name} to the review",
        changes={k: [None, v] for k, v in values.items()},
    )
    return invitee


@transaction.atomic
def invitee_update(*, acting_user: User | None, invitee: Invitee, **values: Any) -> Invitee:
    require_child_records_change(
        acting_user, invitee.convening.child, object_type="invitee", object_id=invitee.pk
    )
    unknown = set(values) - set(INVITEE_FIELDS)
    if unknown:
        raise TypeError(f"invitee_update cannot set {sorted(unknown)}")  # nosec B608 - an error message, not SQL
    _invitee_problems(invitee.convening, values)
    _save_changes(
        invitee,
        acting_user=acting_user,
        fields=values,
        object_type="invitee",
        child_id=invitee.convening.child_id,
        summary=f"Changed invitation for {values.get('name', invitee.name)}",
    )
    return invitee


# --- The review record -------------------------------------------------------------------------

RECORD_FIELDS = (
    "other_attendees",
    "advocate_offered",
    "advocate_involved",
    "independent_visitor_discussed",
    "permanence_plan_agreed",
    "care_plan_received_on",
    "brought_forward_reason",
    "decisions",
)


def _mark_attendance(convening: Convening | None, attended_ids: Any) -> None:
    if convening is None:
        return
    ids = {int(i) for i in attended_ids or ()}
    invitees = list(convening.invitees.all())
    for invitee in invitees:
        invitee.attended = invitee.pk in ids
    Invitee.objects.bulk_update(invitees, ["attended"])


@transaction.atomic
def review_record_held(
    *,
    acting_user: User | None,
    child: Child,
    held_on: date,
    participation_code: str,
    source: str = Review.Source.FORM,
    convening: Convening | None = None,
    attended_invitee_ids: Any = (),
    other_attendees: str = "",
    advocate_offered: bool = False,
    advocate_involved: bool = False,
    independent_visitor_discussed: bool = False,
    permanence_plan_agreed: bool | None = None,
    care_plan_received_on: date | None = None,
    brought_forward_reason: str = "",
    decisions: str = "",
) -> Review:
    """Record a review as held; its number, due date, timeliness and the deadlines after it
    (recommendations, letter) are derived, and the child's next review due date moves on. A
    convening record passed in is closed and linked, and its attendance marked."""
    require_child_records_change(acting_user, child, object_type="review")
    story_check(child, StoryDate("held_on", "Date of review", held_on, When.HAPPENED))
    period = period_on(child, held_on)
    if period is None:
        raise ValidationError({"held_on": "Date of review must be while the child was in care"})
    problem = participation_code_problem(participation_code, child.age_on(held_on))
    if problem:
        raise ValidationError({"participation_code": problem})
    if Review.objects.filter(child=child, held_on=held_on, status=Review.Status.HELD).exists():
        raise ValidationError({"held_on": "A review on this date is already recorded"})
    if convening is not None and convening.status != Convening.Status.ARRANGING:
        raise ValidationError("This review has already been recorded")
    if care_plan_received_on is None and convening is not None:
        care_plan_received_on = convening.care_plan_received_on
    review = Review(
        child=child,
        period=period,
        held_on=held_on,
        participation_code=participation_code,
        chair=child.iro,
        source=source,
        recorded_by=_user(acting_user),
        other_attendees=other_attendees.strip(),
        advocate_offered=advocate_offered,
        advocate_involved=advocate_involved,
        independent_visitor_discussed=independent_visitor_discussed,
        permanence_plan_agreed=permanence_plan_agreed,
        care_plan_received_on=care_plan_received_on,
        brought_forward_reason=brought_forward_reason.strip(),
        decisions=decisions.strip(),
    )
    review.full_clean()
    review.save()
    if convening is not None:
        convening.status = Convening.Status.HELD
        convening.review = review
        convening.full_clean()
        convening.save(update_fields=["status", "review"])
        _mark_attendance(convening, attended_invitee_ids)
    facts.refresh([child.pk])
    review.refresh_from_db()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="review",
        object_id=review.pk,
        child_id=child.pk,
        summary=f"Review held on {held_on:%d/%m/%Y}",
        changes={
            "held_on": [None, held_on.isoformat()],
            "participation_code": [None, participation_code],
        }
        | {name: [None, getattr(review, name)] for name in RECORD_FIELDS},
    )
    return review


@transaction.atomic
def review_update(
    *,
    acting_user: User | None,
    review: Review,
    participation_code: str,
    attended_invitee_ids: Any = (),
    **fields: Any,
) -> Review:
    """Change the record of a held review (the date stays: a wrong date is a new review)."""
    require_child_records_change(
        acting_user, review.child, object_type="review", object_id=review.pk
    )
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"review_update cannot change {sorted(unknown)}")
    problem = participation_code_problem(participation_code, review.child.age_on(review.held_on))
    if problem:
        raise ValidationError({"participation_code": problem})
    convening = Convening.objects.filter(review=review).first()
    _mark_attendance(convening, attended_invitee_ids)
    _save_changes(
        review,
        acting_user=acting_user,
        fields={"participation_code": participation_code, **fields},
        object_type="review",
        child_id=review.child_id,
        summary=f"Changed the record of the review on {review.held_on:%d/%m/%Y}",
    )
    return review


@transaction.atomic
def review_record_not_held(
    *,
    acting_user: User | None,
    convening: Convening,
    meeting_date: date,
    outcome: str,
    reason: str,
    new_date: date | None = None,
) -> Review:
    """A convened meeting was cancelled or adjourned: it stays in the child's history with its
    reason (it is not a review). With a new date the review is rearranged; without one the
    convening record is closed."""
    require_child_records_change(
        acting_user, convening.child, object_type="convening", object_id=convening.pk
    )
    if outcome not in {Review.Status.CANCELLED, Review.Status.ADJOURNED}:
        raise ValidationError({"outcome": "Select whether the meeting was cancelled or adjourned"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason the review did not go ahead"})
    if convening.status != Convening.Status.ARRANGING:
        raise ValidationError("This review is no longer being arranged")
    story_check(
        convening.child,
        StoryDate("meeting_date", "Date of the meeting", meeting_date, When.HAPPENED),
        StoryDate(
            "new_date",
            "New date of review",
            new_date,
            When.ARRANGED,
            meeting_date,
            "the date of the meeting",
        ),
        period=convening.period,
    )
    meeting = Review(
        child=convening.child,
        period=convening.period,
        held_on=meeting_date,
        status=outcome,
        status_reason=reason.strip()[:300],
        chair=convening.child.iro,
        recorded_by=_user(acting_user),
    )
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="review",
        object_id=meeting.pk,
        child_id=convening.child_id,
        summary=f"Review {meeting.get_status_display().lower()} on {meeting_date:%d/%m/%Y}",
        changes={"status": [None, outcome], "status_reason": [None, reason.strip()]},
    )
    if new_date is not None:
        convening_reschedule(
            acting_user=acting_user,
            convening=convening,
            new_date=new_date,
            reason=f"{meeting.get_status_display()}: {reason.strip()}"[:300],
        )
    else:
        _save_changes(
            convening,
            acting_user=acting_user,
            fields={"status": Convening.Status.WITHDRAWN},
            object_type="convening",
            child_id=convening.child_id,
            summary="Convening closed: the review did not go ahead",
        )
    return meeting


# --- After the review: recommendations issued, the letter, distribution ------------------------


@transaction.atomic
def review_recommendations_issue(
    *, acting_user: User | None, review: Review, issued_on: date
) -> Review:
    """Record the date the decisions and recommendations were issued (due in 5 working days)."""
    require_child_records_change(
        acting_user, review.child, object_type="review", object_id=review.pk
    )
    _after_review(review, "issued_on", "Date the recommendations were issued", issued_on)
    _save_changes(
        review,
        acting_user=acting_user,
        fields={"recommendations_issued_on": issued_on},
        object_type="review",
        child_id=review.child_id,
        summary="Recommendations issued",
    )
    return review


@transaction.atomic
def review_letter_save(
    *, acting_user: User | None, review: Review, letter: str, band: str
) -> Review:
    """Save the draft letter to the child. A finalised letter cannot be changed."""
    require_child_records_change(
        acting_user, review.child, object_type="review", object_id=review.pk
    )
    if review.minutes_written_on is not None:
        raise ValidationError("The letter has been finalised and cannot be changed")
    if not letter.strip():
        raise ValidationError({"letter": "Enter the letter to the child"})
    _save_changes(
        review,
        acting_user=acting_user,
        fields={"letter": letter.strip(), "letter_band": band},
        object_type="review",
        child_id=review.child_id,
        summary="Letter to the child saved",
    )
    return review


@transaction.atomic
def review_letter_finalise(*, acting_user: User | None, review: Review, written_on: date) -> Review:
    """Finalise the letter to the child: the minutes are written (due in 20 working days)."""
    require_child_records_change(
        acting_user, review.child, object_type="review", object_id=review.pk
    )
    if not review.letter.strip():
        raise ValidationError({"written_on": "Write the letter to the child before finalising it"})
    if review.minutes_written_on is not None:
        raise ValidationError({"written_on": "The letter has already been finalised"})
    if prompts_left(review.letter):
        raise ValidationError(
            {"written_on": "Replace the [square-bracket] prompts in the letter before finalising"}
        )
    _after_review(review, "written_on", "Date the letter was written", written_on)
    _save_changes(
        review,
        acting_user=acting_user,
        fields={"minutes_written_on": written_on},
        object_type="review",
        child_id=review.child_id,
        summary="Letter to the child finalised",
    )
    return review


@transaction.atomic
def review_minutes_distribute(
    *, acting_user: User | None, review: Review, distributed_on: date
) -> Review:
    """Record that the minutes went out (due within 20 working days of the review)."""
    require_child_records_change(
        acting_user, review.child, object_type="review", object_id=review.pk
    )
    if review.minutes_written_on is None:
        raise ValidationError(
            {"distributed_on": "The letter must be finalised before it is distributed"}
        )
    story_check(
        review.child,
        StoryDate(
            "distributed_on",
            "Date the minutes were distributed",
            distributed_on,
            When.HAPPENED,
            review.minutes_written_on,
            "the date the letter was written",
        ),
        period=review.period,
    )
    _save_changes(
        review,
        acting_user=acting_user,
        fields={"minutes_distributed_on": distributed_on},
        object_type="review",
        child_id=review.child_id,
        summary="Minutes distributed",
    )
    return review


# --- Recommendations ---------------------------------------------------------------------------


def _due_date_check(review: Review, due_date: date) -> None:
    """One rule for a recommendation's due date, on adding and on changing it."""
    story_check(
        review.child,
        StoryDate(
            "due_date", "Due date", due_date, When.EITHER, review.held_on, "the date of the review"
        ),
        period=review.period,
    )


@transaction.atomic
def recommendation_add(
    *,
    acting_user: User | None,
    review: Review,
    action: str,
    owner_name: str,
    due_date: date,
    owner: Any = None,
) -> Recommendation:
    """Add a recommendation to a held review: what, who (a name, and the user if they have
    one) and by when."""
    require_child_records_change(
        acting_user, review.child, object_type="review", object_id=review.pk
    )
    if review.status != Review.Status.HELD:
        raise ValidationError("Recommendations belong to a review that was held")
    _due_date_check(review, due_date)
    recommendation = Recommendation(
        review=review,
        child_id=review.child_id,
        action=action.strip(),
        owner_name=owner_name.strip() or (owner.get_full_name() if owner else ""),
        owner=owner,
        due_date=due_date,
    )
    recommendation.full_clean()
    recommendation.save()
    facts.refresh([recommendation.child_id])
    audit_record(
        actor=acting_user,
        action="create",
        object_type="recommendation",
        object_id=recommendation.pk,
        child_id=review.child_id,
        summary=f"Recommendation for {recommendation.owner_name}, due {due_date:%d/%m/%Y}",
        changes={
            "action": [None, recommendation.action],
            "owner_name": [None, recommendation.owner_name],
            "owner": [None, owner.pk if owner else None],
            "due_date": [None, due_date.isoformat()],
        },
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    acting_user: User | None,
    recommendation: Recommendation,
    action: str,
    owner_name: str,
    due_date: date,
    owner: Any = None,
    status: str | None = None,
) -> Recommendation:
    """The IRO changes a recommendation (or records that it is no longer needed). Its due
    date is checked as when it was added."""
    require_child_records_change(
        acting_user, recommendation.child, object_type="recommendation", object_id=recommendation.pk
    )
    _due_date_check(recommendation.review, due_date)
    fields: dict[str, Any] = {
        "action": action.strip(),
        "owner_name": owner_name.strip() or (owner.get_full_name() if owner else ""),
        "owner": owner,
        "due_date": due_date,
    }
    if status is not None:
        fields["status"] = status
        if status == Recommendation.Status.OPEN:
            fields |= {"completed_on": None, "completed_by": None}
    _save_changes(
        recommendation,
        acting_user=acting_user,
        fields=fields,
        object_type="recommendation",
        child_id=recommendation.child_id,
        summary="Recommendation changed",
    )
    return recommendation


@transaction.atomic
def recommendation_complete(
    *,
    acting_user: User | None,
    recommendation: Recommendation,
    completed_on: date,
    note: str = "",
) -> Recommendation:
    """Mark a recommendation done, recording who and when."""
    if acting_user is not None and not recommendation_completable_by(acting_user, recommendation):
        raise ObjectDenied(
            "Only the person a recommendation is for, the child's IRO or an IRO manager can "
            "mark it done",
            object_type="recommendation",
            object_id=recommendation.pk,
            child_id=recommendation.child_id,
        )
    if recommendation.status != Recommendation.Status.OPEN:
        raise ValidationError("This recommendation is not open")
    _after_review(recommendation.review, "completed_on", "Date it was done", completed_on)
    _save_changes(
        recommendation,
        acting_user=acting_user,
        fields={
            "status": Recommendation.Status.DONE,
            "completed_on": completed_on,
            "completed_by": _user(acting_user),
            "completion_note": note.strip(),
        },
        object_type="recommendation",
        child_id=recommendation.child_id,
        summary=f"Recommendation done on {completed_on:%d/%m/%Y}",
    )
    return recommendation
