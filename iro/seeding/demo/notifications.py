"""Demo: who is told when a dispute reaches the senior stages, and a few records from the last
few days, so that `send_notifications --dry-run` shows every kind of notification."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from iro.disputes.models import Dispute, DisputeStage
from iro.disputes.services import (
    cafcass_referral_record,
    dispute_escalate,
    legal_advice_record,
    systemic_issue_record,
)
from iro.notifications.models import StageContact
from iro.reviews.models import Recommendation
from iro.reviews.services import recommendation_update
from iro.seeding.demo.core import DemoContext


def populate(context: DemoContext) -> None:
    head, manager = context.users.get("head"), context.users.get("manager")
    if head is None or manager is None or not context.iros:
        return
    for stage in DisputeStage.objects.filter(is_formal=True):
        StageContact.objects.get_or_create(stage=stage, user=head)
    in_care = [c for c in context.children if c.current_period_id and c.iro_id]
    if in_care:
        child = in_care[0]
        legal_advice_record(
            acting_user=manager,
            iro=child.iro,  # type: ignore[arg-type]
            sought_on=context.calendar.add_working_days(context.as_of, -2),
            adviser="Independent solicitor (demo)",
            summary="Whether the delay in the permanence plan should be referred to Cafcass.",
            child=child,
        )
        cafcass_referral_record(
            acting_user=manager,
            iro=child.iro,  # type: ignore[arg-type]
            child=child,
            referred_on=context.calendar.add_working_days(context.as_of, -1),
            reason="The plan for permanence has drifted for a year despite the dispute process.",
        )
    # A dispute escalated yesterday, so the people at the next stage are told (the first open
    # one the dispute rules let the manager move up).
    escalated_on = context.calendar.add_working_days(context.as_of, -1)
    candidates = Dispute.objects.filter(
        status=Dispute.Status.OPEN, child__isnull=False, stage_started_on__lte=escalated_on
    ).order_by("current_stage__order", "-raised_on", "pk")[:20]
    for dispute in candidates:
        try:
            with transaction.atomic():
                dispute_escalate(
                    acting_user=manager,
                    dispute=dispute,
                    to_stage=None,
                    escalated_on=escalated_on,
                    reason="No response by the date agreed.",
                    responder_name="Team manager (demo)",
                )
        except (ValidationError, PermissionDenied):
            continue  # this one's rules refuse it: try the next
        break
    systemic_issue_record(
        acting_user=manager,
        raised_on=context.calendar.add_working_days(context.as_of, -1),
        raised_with="Head of service for children in care",
        title="Care plans arriving late for reviews",
        description="Care plans for reviews in one team arrived less than 3 working days ahead.",
    )
    # A recommendation due in the next working day, owned by a social worker who signs in (an
    # open one moved, so every letter still carries its recommendations).
    owned = (
        Recommendation.objects.filter(owner__isnull=False, status=Recommendation.Status.OPEN)
        .select_related("review", "owner")
        .order_by("-review__held_on")
        .first()
    )
    if owned is not None:
        recommendation_update(
            acting_user=manager,
            recommendation=owned,
            action=owned.action,
            owner_name=owned.owner_name,
            owner=owned.owner,
            due_date=context.calendar.add_working_days(context.as_of, 1),
        )
