"""Demo data for the review cycle: reviews being arranged, letters, recommendations (some
overdue), minutes written and distributed (some late), and an adjourned meeting or two.

Runs after the core demo (iro/seeding/demo/core.py) has made children and their held reviews.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from iro.children.models import Child
from iro.reviews.letters import age_band, letter_draft
from iro.reviews.models import Convening, Invitee, Recommendation, Reschedule, Review
from iro.reviews.plain_language import PROMPT
from iro.reviews.schedule import convening_deadlines
from iro.reviews.selectors import CONVENE_AHEAD_WORKING_DAYS
from iro.seeding.demo.core import DemoContext
from iro.timetable import reviews as rules

DECISIONS = (
    "You will stay with your foster carers. Everyone agreed this is the right home for you.",
    "You will see your mum every two weeks, and your brother each week.",
    "Your plan is for you to stay with your carers until you are 18.",
    "The plan is for you to go home to your dad, step by step, over the next three months.",
    "You will move to a new school in September, nearer to where you live.",
    "You will have help with your feelings from a counsellor at school.",
)
ACTIONS = (
    ("Book the dentist and an eye test", "sw"),
    ("Update the care plan after the review", "sw"),
    ("Arrange family time with grandparents", "sw"),
    ("Refer to the advocacy service", "sw"),
    ("Hold the personal education plan meeting", "Designated teacher"),
    ("Send the health assessment to the IRO", "Looked-after children nurse"),
    ("Support with swimming lessons", "Foster carer"),
    ("Complete the life story book", "sw"),
)
WRITTEN = (
    "You told me you are happy where you live and you like your bedroom.",
    "You said you would like to see your brother more often.",
    "School is going well and you have made new friends.",
    "Your carers say you are growing fast and love being outside.",
    "You told me football and drawing are your favourite things.",
)
NOT_INVITED = (
    "A court order stops contact",
    "Whereabouts not known",
    "Risk to the child's placement: views taken separately",
)


def populate(context: DemoContext) -> None:
    _after_reviews(context)
    _convenings(context)


def _wd(context: DemoContext, start: date, days: int) -> date:
    return context.calendar.add_working_days(start, days)


def _after_reviews(context: DemoContext) -> None:
    rng, as_of = context.rng, context.as_of
    children = {c.pk: c for c in context.children}
    sw_by_child = {c.pk: c.social_worker for c in context.children}
    reviews = list(
        Review.objects.filter(status=Review.Status.HELD, source=Review.Source.DEMO)
        .select_related("chair")
        .order_by("pk")
    )
    recommendations: list[Recommendation] = []
    for review in reviews:
        child = children[review.child_id]
        held = review.held_on
        age_days = (as_of - held).days
        review.advocate_offered = rng.random() < 0.7
        review.advocate_involved = review.advocate_offered and rng.random() < 0.25
        review.independent_visitor_discussed = rng.random() < 0.5
        review.permanence_plan_agreed = rng.random() < 0.8 if review.number != 1 else None
        review.decisions = rng.choice(DECISIONS)
        if review.care_plan_received_on is None and rng.random() < 0.9:
            reports = rules.reports_due(held, calendar=context.calendar)
            review.care_plan_received_on = reports - timedelta(days=rng.randint(-2, 6))
        # Recommendations issued: nearly always within 5 working days.
        issue_in = rng.choice([1, 2, 3, 4, 5, 5, 7]) if rng.random() < 0.97 else 9
        issued = _wd(context, held, issue_in)
        review.recommendations_issued_on = issued if issued <= as_of else None
        # The letter: most within 20 working days, some late, recent ones not yet done.
        written_in = rng.randint(4, 19) if rng.random() < 0.8 else rng.randint(21, 35)
        written = _wd(context, held, written_in)
        if written <= as_of:
            distributed = written + timedelta(days=rng.choice([0, 0, 1, 2, 5]))
            review.minutes_written_on = written
            review.minutes_distributed_on = distributed if distributed <= as_of else None
            if age_days < 40 and rng.random() < 0.4:
                review.minutes_distributed_on = None
        # Recommendations on the reviews of the last year or so (those with a letter here), so
        # the letter can tell the child who will do what.
        review_recommendations: list[Recommendation] = []
        drafted = age_days < 400 or review.minutes_written_on is None
        if drafted:
            sw = sw_by_child.get(child.pk)
            for action, who in rng.sample(ACTIONS, k=rng.randint(1, 3)):
                due = held + timedelta(days=rng.choice([20, 30, 42, 60, 90]))
                owner = sw.user if who == "sw" and sw is not None else None
                name = f"{sw.name}, social worker" if who == "sw" and sw else who
                if who == "sw" and sw is None:
                    name = "Team manager"
                done = (due <= as_of and rng.random() < 0.75) or (
                    due > as_of and rng.random() < 0.2
                )
                completed = min(held + timedelta(days=rng.randint(5, 50)), as_of) if done else None
                review_recommendations.append(
                    Recommendation(
                        review=review,
                        child_id=child.pk,
                        action=action,
                        owner_name=name,
                        owner=owner,
                        due_date=due,
                        status=Recommendation.Status.DONE if done else Recommendation.Status.OPEN,
                        completed_on=completed,
                        completed_by=owner if done else None,
                    )
                )
        recommendations.extend(review_recommendations)
        if drafted:
            band = age_band(child.age_on(held))
            review.letter_band = band.code
            review.letter = PROMPT.sub(
                lambda _match: rng.choice(WRITTEN),
                letter_draft(
                    band,
                    child_name=child.first_name,
                    iro_name=review.chair.name if review.chair else "your IRO",
                    review_date=held,
                    decisions=review.decisions,
                    recommendations=[
                        (r.action, r.owner_name, r.due_date) for r in review_recommendations
                    ],
                ),
            )
    Review.objects.bulk_update(
        reviews,
        [
            "advocate_offered",
            "advocate_involved",
            "independent_visitor_discussed",
            "permanence_plan_agreed",
            "decisions",
            "care_plan_received_on",
            "recommendations_issued_on",
            "minutes_written_on",
            "minutes_distributed_on",
            "letter",
            "letter_band",
        ],
        batch_size=500,
    )
    Recommendation.objects.bulk_create(recommendations, batch_size=500)


def _convenings(context: DemoContext) -> None:
    """Reviews due in the next few weeks are being arranged, in every state of readiness."""
    rng, as_of = context.rng, context.as_of
    horizon = _wd(context, as_of, CONVENE_AHEAD_WORKING_DAYS)
    due_children = [
        c
        for c in Child.objects.filter(
            current_period__isnull=False,
            iro__isnull=False,
            current_period__next_review_due__gte=as_of,
            current_period__next_review_due__lte=horizon,
        )
        .select_related("current_period", "social_worker")
        .order_by("pk")
    ]
    support = context.users.get("support")
    convenings: list[Convening] = []
    for child in due_children:
        if rng.random() < 0.3:
            continue  # still to arrange: shows in the convening queue
        period = child.current_period
        assert period is not None and period.next_review_due is not None
        proposed = period.next_review_due - timedelta(days=rng.randint(0, 6))
        while not context.calendar.is_working_day(proposed):
            proposed -= timedelta(days=1)
        proposed = max(proposed, as_of + timedelta(days=1))
        request_due, reports = convening_deadlines(proposed, calendar=context.calendar)
        convenings.append(
            Convening(
                child=child,
                period=period,
                review_due=period.next_review_due,
                proposed_date=proposed,
                meeting_format=rng.choice([Convening.Format.IN_PERSON] * 2 + ["virtual", "hybrid"]),
                venue=rng.choice(
                    ["Foster carers' home", "Northshire Children's Centre", "School", "Online"]
                ),
                convening_request_received_on=(
                    request_due - timedelta(days=rng.randint(0, 5))
                    if request_due <= as_of and rng.random() < 0.7
                    else None
                ),
                plan_kind="pathway_plan" if child.age_on(proposed) >= 16 else "care_plan",
                care_plan_received_on=(reports - timedelta(days=1))
                if reports <= as_of and rng.random() < 0.6
                else None,
                convening_request_due=request_due,
                reports_due=reports,
                created_by=support,
            )
        )
    Convening.objects.bulk_create(convenings, batch_size=500)
    invitees: list[Invitee] = []
    for convening in convenings:
        child = convening.child
        sent = min(
            as_of - timedelta(days=rng.randint(0, 4)), convening.proposed_date - timedelta(days=15)
        )
        people = [("child", child.display_name, "")]
        if child.social_worker:
            people.append(("social_worker", child.social_worker.name, ""))
        people += [
            (
                "parent",
                f"{rng.choice(['Kerry', 'Lisa', 'Dawn', 'Nicola'])} {child.last_name}",
                "mother",
            ),
            (
                "parent",
                f"{rng.choice(['Lee', 'Craig', 'Dean', 'Paul'])} {child.last_name}",
                "father",
            ),
            ("carer", rng.choice(["Jo and Sam Hart", "Pat Osborne", "Mel Dawson"]), "foster carer"),
        ]
        if rng.random() < 0.4:
            people.append(("agency", "Designated teacher", "school"))
        for role, name, relation in people:
            invited = not (role == "parent" and rng.random() < 0.12)
            is_parent = role == "parent"
            invitees.append(
                Invitee(
                    convening=convening,
                    role=role,
                    name=name,
                    organisation=relation,
                    invited=invited,
                    not_invited_reason="" if invited else rng.choice(NOT_INVITED),
                    invitation_sent_on=sent if invited and rng.random() < 0.75 else None,
                    consultation_form_sent_on=sent if is_parent and invited else None,
                    consultation_form_returned_on=(
                        min(as_of, sent + timedelta(days=7))
                        if is_parent and invited and rng.random() < 0.4
                        else None
                    ),
                )
            )
    Invitee.objects.bulk_create(invitees, batch_size=1000)
    _adjourned(context, convenings[:5])


def _adjourned(context: DemoContext, convenings: list[Any]) -> None:
    """A couple of meetings that did not go ahead, kept in the history with their reasons."""
    meetings, moves = [], []
    for convening in convenings[:3]:
        # Meetings are held on working days: the last working day at least 3 days ago.
        first = context.as_of - timedelta(days=3)
        while not context.calendar.is_working_day(first):
            first -= timedelta(days=1)
        period = convening.period
        if first <= (period.last_review_date or period.start_date or first):
            continue
        meetings.append(
            Review(
                child=convening.child,
                period=convening.period,
                held_on=first,
                status=Review.Status.ADJOURNED,
                status_reason="Care plan not ready: the social worker was off sick",
                chair=convening.child.iro,
                source=Review.Source.DEMO,
            )
        )
        moves.append(
            Reschedule(
                convening=convening,
                from_date=first,
                to_date=convening.proposed_date,
                reason="Adjourned: care plan not ready",
            )
        )
    # Two meetings cancelled earlier in the year (no random draws): kept with their reasons.
    for weeks, convening in zip((6, 19), convenings[3:5], strict=False):
        day = context.as_of - timedelta(weeks=weeks)
        while not context.calendar.is_working_day(day):
            day -= timedelta(days=1)
        period = convening.period
        if day <= (period.start_date or day):
            continue
        meetings.append(
            Review(
                child=convening.child,
                period=period,
                held_on=day,
                status=Review.Status.CANCELLED,
                status_reason="The child was in hospital; the review was set for a new date",
                chair=convening.child.iro,
                source=Review.Source.DEMO,
            )
        )
    Review.objects.bulk_create(meetings)
    Reschedule.objects.bulk_create(moves)
