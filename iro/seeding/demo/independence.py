"""Demo records for the independence indicators (issue 21): the council's independent officer,
one record of pressure on the demo IRO's independence with a further note, one withdrawn
dispute, and a recurring challenge (three disputes of one category about one team in the
window) so the IRO manager is prompted to raise a systemic issue. Resolved demo disputes carry
their coded outcomes (iro.seeding.demo.disputes)."""

from __future__ import annotations

from iro.disputes import services as dispute_services
from iro.disputes.models import Category, Dispute, DisputeStage
from iro.independence import services
from iro.independence.recurring import independence_settings, recurring_challenges

from .core import DemoContext

WITHDRAWN_REASON = (
    "The social worker showed the plan was already agreed at the permanence panel; the "
    "challenge is no longer needed."
)


def populate(context: DemoContext) -> None:
    as_of, cal = context.as_of, context.calendar
    row = independence_settings()
    row.independent_officer = context.users["auditor"]  # the council's internal auditor
    row.full_clean()
    row.save()

    demo_iro = context.iros[0]
    assert demo_iro.user is not None  # nosec B101 - the demo's first IRO signs in as "iro"
    record = services.pressure_record_add(
        acting_user=demo_iro.user,
        iro=demo_iro,
        occurred_on=cal.add_working_days(as_of, -15),
        who="A service manager in the Children in care team",
        what="Asked me not to escalate the dispute about a placement's cost and said the "
        "director would hear that I was obstructing the budget.",
    )
    services.pressure_note_add(
        acting_user=demo_iro.user,
        record=record,
        occurred_on=cal.add_working_days(as_of, -10),
        what="Raised it with the IRO service manager, who spoke to the head of service.",
    )

    _withdraw_one(context)
    _recurring(context)


def _withdraw_one(context: DemoContext) -> None:
    """The demo IRO withdraws their most recent open dispute, with the reason."""
    demo_iro = context.iros[0]
    dispute = (
        Dispute.objects.filter(raised_by=demo_iro, status=Dispute.Status.OPEN)
        .order_by("-raised_on", "-pk")
        .first()
    )
    if dispute is None:
        return
    dispute_services.dispute_withdraw(
        acting_user=demo_iro.user,
        dispute=dispute,
        withdrawn_on=max(
            dispute.stage_started_on, context.calendar.add_working_days(context.as_of, -1)
        ),
        reason=WITHDRAWN_REASON,
    )


def _recurring(context: DemoContext) -> None:
    """Three disputes about no allocated social worker in one team within the window."""
    if recurring_challenges(context.as_of):
        return
    threshold = independence_settings().recurring_threshold
    children = [
        c
        for c in context.children
        if c.team_id and c.iro_id and c.current_period_id and not c.restricted
    ]
    if not children:
        return
    team_id = children[0].team_id
    in_team = [c for c in children if c.team_id == team_id][:threshold]
    informal = DisputeStage.objects.get(key="informal")
    iros = {i.pk: i for i in context.iros}
    for offset, child in enumerate(in_team):
        iro = iros[child.iro_id]  # type: ignore[index]
        dispute_services.dispute_raise(
            acting_user=iro.user,
            iro=iro,
            child=child,
            category=Category.NO_SOCIAL_WORKER,
            summary="The child has had no allocated social worker for six weeks.",
            outcome_sought="A named social worker within five working days.",
            raised_on=context.calendar.add_working_days(context.as_of, -(30 + 15 * offset)),
            stage=informal,
            responder=context.users.get("teammanager"),
        )
