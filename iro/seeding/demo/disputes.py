"""Demonstration disputes: about one for every 4–5 reviews held in the demo year, 45% about drift
and delay and 20–25% about a missing care plan; some formal, some overdue, one Cafcass referral,
two records of legal advice, a few good-practice alerts and systemic issues. Built through the
services, so each has its full history and audit entries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from iro.accounts.models import ReviewingOfficer, User
from iro.disputes import services
from iro.disputes.models import Category, Dispute, DisputeStage
from iro.reviews.models import Review
from iro.seeding.demo.core import DemoContext

CATEGORY_WEIGHTS = (
    (Category.DRIFT_DELAY, 48),
    (Category.NO_CARE_PLAN, 20),
    (Category.PROFESSIONAL_DIFFERENCE, 9),
    (Category.NO_SOCIAL_WORKER, 6),
    (Category.OUTSTANDING_RECOMMENDATIONS, 8),
    (Category.PARTNER_HEALTH, 4),
    (Category.PARTNER_EDUCATION, 4),
    (Category.PARTNER_OTHER, 1),
    (Category.OTHER, 1),
)
SUMMARIES: dict[str, tuple[str, ...]] = {
    Category.DRIFT_DELAY: (
        "The permanence plan agreed at the last review has not progressed.",
        "Planning for the child's return home has stalled for three months.",
        "The sibling assessment agreed at review is still not started.",
    ),
    Category.NO_CARE_PLAN: (
        "No updated care plan was available for the review.",
        "The pathway plan was not shared before the review.",
    ),
}
OUTCOMES = (
    "A permanence planning meeting within 10 working days.",
    "An updated care plan shared with the IRO and the child.",
    "A named worker and a timetable for the assessment.",
)


RESPONSES = (
    "We have reviewed the plan and will update it.",
    "The team manager has allocated a worker and will book the meeting.",
    "The assessment is booked; we will share the date with the IRO.",
    "We agree; the care plan will be updated before the end of the month.",
)
ACTIONS_IN_PLACE = (
    "The action is now in place.",
    "The updated care plan has been shared with the IRO and the child.",
    "The permanence planning meeting was held and dates agreed.",
    "A named worker has been allocated and has visited the child.",
)
# What was agreed, its coded outcome (issue 21) and, for no change, why.
RESOLVED_OUTCOMES = (
    (
        "The IRO is satisfied that the plan is progressing.",
        "no_change",
        "The plan was already progressing once the IRO saw the latest visit records.",
    ),
    ("The care plan was updated with dates and shared with the child.", "care_plan_changed", ""),
    ("Family time was increased as the IRO asked.", "care_plan_changed", ""),
    (
        "The assessment was completed and its recommendations added to the plan.",
        "service_provided",
        "",
    ),
    ("A permanence plan was agreed at the planning meeting.", "timescale_met", ""),
    ("The child's school move was agreed with the virtual school.", "placement_changed", ""),
)


def populate(context: DemoContext) -> None:
    rng, cal, as_of = context.rng, context.calendar, context.as_of
    stages = {s.key: s for s in DisputeStage.objects.all()}
    iro_users = {i.pk: i.user for i in context.iros}
    # Disputes over three full years, spread as the reviews are (not only the last months).
    since = as_of - timedelta(days=3 * 365)
    reviews = list(
        Review.objects.filter(
            held_on__gt=since, status=Review.Status.HELD, child__iro__isnull=False
        )
        .select_related("child__social_worker__user", "child__iro")
        .order_by("held_on", "id")
    )
    wanted = round(len(reviews) / 7)
    chosen = sorted(rng.sample(reviews, k=min(wanted, len(reviews))), key=lambda r: r.held_on)
    categories = [c for c, _ in CATEGORY_WEIGHTS]
    weights = [w for _, w in CATEGORY_WEIGHTS]
    made: list[Dispute] = []
    for review in chosen:
        child = review.child
        iro: ReviewingOfficer = child.iro  # type: ignore[assignment]
        actor = iro_users.get(iro.pk)
        raised = cal.add_working_days(review.held_on, rng.randint(1, 8))
        if raised > as_of:
            continue
        category = rng.choices(categories, weights=weights)[0]
        sw = child.social_worker
        made.append(
            _one_dispute(
                context,
                stages=stages,
                child=child,
                iro=iro,
                actor=actor,
                raised=raised,
                category=category,
                responder=sw.user if sw and sw.user_id else None,
                responder_name="" if sw and sw.user_id else (sw.name if sw else "Team manager"),
            )
        )
    _overdue_for_the_demo_iro(context, stages)
    _restricted_and_positive(context, made)
    _dispute_meetings(context)


def _dispute_meetings(context: DemoContext) -> None:
    """The fortnightly dispute meeting over the last 18 months (no random draws)."""
    manager = context.users.get("manager")
    day = context.as_of - timedelta(days=7)
    while day > context.as_of - timedelta(days=548):
        if context.calendar.is_working_day(day):
            services.dispute_meeting_record(
                acting_user=manager,
                held_on=day,
                attendees="IRO manager, Head of Service, team managers",
                actions={},
            )
        day -= timedelta(days=14)


def _one_dispute(
    context: DemoContext,
    *,
    stages: dict[str, DisputeStage],
    child: Any,
    iro: ReviewingOfficer,
    actor: User | None,
    raised: date,
    category: str,
    responder: Any,
    responder_name: str,
) -> Dispute:
    rng, cal, as_of = context.rng, context.calendar, context.as_of
    summaries = SUMMARIES.get(category, ("The IRO is concerned about the child's plan.",))
    dispute = services.dispute_raise(
        acting_user=actor,
        iro=iro,
        child=child,
        category=category,
        summary=rng.choice(summaries),
        outcome_sought=rng.choice(OUTCOMES),
        raised_on=raised,
        stage=stages["informal"],
        responder=responder,
        responder_name=responder_name,
    )
    formal = rng.random() < 0.37
    ladder = ["stage_1"] + (["stage_2"] if rng.random() < 0.4 else [])
    if ladder[-1] == "stage_2" and rng.random() < 0.35:
        ladder.append("stage_3")
    stage_responders = {
        "stage_1": (context.users.get("teammanager"), ""),
        "stage_2": (None, "Service manager, Children in care"),
        "stage_3": (context.users.get("head"), ""),
    }
    day = raised
    for next_key in ladder if formal else []:
        # The responder answers (or not); the IRO does not accept it and escalates.
        answered = rng.random() < 0.75
        if answered:
            day = cal.add_working_days(day, rng.randint(1, 5))
            if day > as_of:
                return dispute
            services.dispute_respond(
                acting_user=dispute.responder or context.users.get("teammanager"),
                dispute=dispute,
                response=rng.choice(RESPONSES),
                responded_on=day,
            )
        day = cal.add_working_days(day, rng.randint(1, 3) + (0 if answered else 5))
        if day > as_of:
            return dispute
        user, name = stage_responders[next_key]
        services.dispute_escalate(
            acting_user=actor,
            dispute=dispute,
            to_stage=stages[next_key],
            escalated_on=day,
            reason=(
                "The response is not accepted: no date for the action."
                if answered
                else "No response by the deadline."
            ),
            responder=user,
            responder_name=name,
        )
        dispute.refresh_from_db()
    if dispute.is_formal and dispute.meeting_due and rng.random() < 0.6:
        meeting_on = dispute.meeting_due - timedelta(days=rng.randint(0, 4))
        if day <= meeting_on <= as_of:
            services.dispute_meeting_held(
                acting_user=actor,
                dispute=dispute,
                held_on=meeting_on,
                notes="Actions and dates agreed with the service manager.",
            )
            day = meeting_on
    day = cal.add_working_days(day, rng.randint(1, 6))
    if day <= as_of:
        services.dispute_respond(
            acting_user=dispute.responder or context.users.get("teammanager"),
            dispute=dispute,
            response=rng.choice(ACTIONS_IN_PLACE),
            responded_on=day,
        )
        resolve_on = cal.add_working_days(day, rng.randint(0, 2))
        # A few recent ones are left open: stalled disputes the meeting has to chase.
        if resolve_on <= as_of and (rng.random() < 0.9 or (as_of - resolve_on).days > 90):
            outcome, code, why = rng.choice(RESOLVED_OUTCOMES)
            services.dispute_resolve(
                acting_user=actor,
                dispute=dispute,
                resolved_on=resolve_on,
                outcome=outcome,
                outcome_code=code,
                outcome_reason=why,
                follow_up_on=cal.add_working_days(resolve_on, 20),
            )
    return dispute


def _overdue_for_the_demo_iro(context: DemoContext, stages: dict[str, DisputeStage]) -> None:
    """The demo IRO (`iro`) has an overdue informal dispute with the demo social worker and a
    formal one at stage 1 with the demo team manager, so the flags show on first sign-in."""
    cal, as_of = context.calendar, context.as_of
    demo_iro = context.iros[0]
    children = [c for c in context.children if c.iro_id == demo_iro.pk and c.current_period_id]
    if len(children) < 2:
        return
    services.dispute_raise(
        acting_user=demo_iro.user,
        iro=demo_iro,
        child=children[0],
        category=Category.DRIFT_DELAY,
        summary="The plan for a return home has had no progress since the last review.",
        outcome_sought="A family meeting and a written timetable for the return home.",
        raised_on=cal.add_working_days(as_of, -8),
        stage=stages["informal"],
        responder=context.users.get("socialworker"),
    )
    services.dispute_raise(
        acting_user=demo_iro.user,
        iro=demo_iro,
        child=children[1],
        category=Category.NO_CARE_PLAN,
        summary="No care plan was available for the review, for the second time.",
        outcome_sought="An updated care plan before the next review.",
        raised_on=cal.add_working_days(as_of, -3),
        stage=stages["stage_1"],
        responder=context.users.get("teammanager"),
    )


def _restricted_and_positive(context: DemoContext, made: list[Dispute]) -> None:
    rng, cal, as_of = context.rng, context.calendar, context.as_of
    formal = [d for d in made if d.is_formal and d.child_id]
    if formal:
        # The referral names the stage the dispute actually reached.
        dispute = max(formal, key=lambda d: (d.highest_stage_order, d.raised_on))
        dispute.refresh_from_db()
        stage_name = dispute.current_stage.name.lower()
        services.cafcass_referral_record(
            acting_user=dispute.raised_by.user,
            iro=dispute.raised_by,
            child=dispute.child,  # type: ignore[arg-type]
            dispute=dispute,
            referred_on=max(dispute.stage_started_on, as_of - timedelta(days=20)),
            reason=f"The plan has not progressed after {stage_name}; the child's case needs "
            "Cafcass.",
            cafcass_contact="Cafcass duty team",
        )
    for index, iro in enumerate(context.iros[:2]):
        services.legal_advice_record(
            acting_user=iro.user,
            iro=iro,
            sought_on=as_of - timedelta(days=40 + 90 * index),
            adviser="Independent counsel (via the IRO service's legal advice agreement)",
            summary="Whether the plan's delay justifies a referral to Cafcass.",
        )
    for _ in range(5):
        child = rng.choice(context.children)
        if child.iro is None or child.social_worker is None:
            continue
        services.good_practice_alert_raise(
            acting_user=child.iro.user,
            iro=child.iro,
            child=child,
            raised_on=cal.add_working_days(as_of, -rng.randint(5, 200)),
            praised=child.social_worker.name,
            summary="Excellent direct work with the child before the review; their views were "
            "clear in the plan.",
        )
    manager = context.users.get("manager")
    issues = (
        (
            "Care plans missing at reviews",
            "Director of Children's Services",
            "About one review in five had no updated care plan.",
            "A care plan audit and a reminder 10 working days before each review.",
        ),
        (
            "Drift in permanence planning for children under 5",
            "Assistant Director, Children in Care",
            "Permanence plans for young children regularly drift past the second review.",
            "",
        ),
        (
            "Health assessments delayed by CAMHS waiting times",
            "Designated Nurse for Looked After Children",
            "Children wait over 18 weeks for CAMHS after the review asks for a referral.",
            "A fast-track for children in care agreed with the health provider.",
        ),
    )
    for index, (title, raised_with, description, response) in enumerate(issues):
        raised_on = as_of - timedelta(days=300 - 100 * index)
        issue = services.systemic_issue_record(
            acting_user=manager,
            raised_on=raised_on,
            raised_with=raised_with,
            title=title,
            description=description,
        )
        if response:
            services.systemic_issue_respond(
                acting_user=manager,
                issue=issue,
                response=response,
                response_on=raised_on + timedelta(days=28),
            )
