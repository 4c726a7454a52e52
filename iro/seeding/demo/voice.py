"""Demo data for the voice app: consultations before most reviews, advocacy and independent
visitor referrals (about Herefordshire's 79 children with an advocate and 29 referrals a year for
~346 children), feedback with quotes, compliments and a couple of complaints."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from iro.reviews.models import Review
from iro.seeding.demo.core import DemoContext
from iro.voice import rules
from iro.voice.models import (
    AdvocacyReferral,
    Complaint,
    ComplaintStage,
    Compliment,
    Consultation,
    FeedbackRequest,
    FeedbackResponse,
    IndependentVisitorRecord,
    RespondentType,
)

HISTORY_DAYS = 550
QUOTES_WENT_WELL = {
    "child": [
        "My IRO listened to me and wrote down what I wanted.",
        "It was short and I got to say what I think about seeing my brother.",
        "I liked meeting at my school instead of a big office.",
        "They explained everything in words I understood.",
    ],
    "parent": [
        "I felt listened to for the first time in a long while.",
        "The IRO made sure everyone knew what had to happen next.",
    ],
    "carer": [
        "The review focused on what the child needs, not on paperwork.",
        "I was asked for my views and they were taken seriously.",
    ],
    "social_worker": [
        "Well chaired, clear actions and realistic timescales.",
        "The IRO kept the child at the centre of the discussion.",
    ],
    "other_professional": [
        "Good preparation; the education plan was discussed properly.",
    ],
}
QUOTES_BETTER = [
    "The meeting could have started on time.",
    "I would like the letter about the review sooner.",
    "Too many people in the room.",
    "",
    "",
]
COMPLIMENT_SUMMARIES = [
    "Thanked the IRO for making sure contact with her grandmother went ahead.",
    "Said the review was the first meeting where he felt heard.",
    "Praised the IRO's letter to the child: clear, kind and easy to read.",
    "Thanked the IRO for challenging the delay in the education plan.",
    "Said the IRO's persistence got the pathway plan done before the child turned 18.",
    "Thanked the service for holding the review at the child's placement.",
]


def populate(context: DemoContext) -> None:
    rng, as_of = context.rng, context.as_of
    # Consultations from the start of the previous reporting year, so both years have figures.
    since = rules.financial_year(rules.financial_year(as_of)[0] - timedelta(days=1))[0]
    manager = context.users.get("manager")
    iro_users = {iro.pk: iro.user for iro in context.iros}
    reviews = list(
        Review.objects.filter(status=Review.Status.HELD, held_on__gte=since)
        .select_related("child")
        .order_by("held_on", "id")
    )

    consultations = []
    for review in reviews:
        if not rules.consultation_expected(review.child.date_of_birth, review.held_on):
            continue
        roll = rng.random()
        if roll < 0.01:
            continue  # no consultation recorded: shows in the rate
        method = rng.choices(
            ["in_person", "virtual", "phone", "via_carer_or_advocate", "declined", "not_possible"],
            weights=[55, 12, 10, 12, 9, 1],
        )[0]
        consultations.append(
            Consultation(
                child=review.child,
                review=review,
                consulted_on=review.held_on - timedelta(days=rng.randint(2, 20)),
                method=method,
                reason_not_possible=(
                    "Child missing from placement at the time" if method == "not_possible" else ""
                ),
                recorded_by=iro_users.get(review.chair_id) if review.chair_id else None,
            )
        )
    Consultation.objects.bulk_create(consultations)

    looked_after = [c for c in context.children if c.current_period_id and c.age_on(as_of) >= 5]
    rng.shuffle(looked_after)
    # Advocacy: about 79 children supported in a year; a handful still waiting.
    advocacy = []
    for index, child in enumerate(looked_after[:95]):
        referred = as_of - timedelta(days=rng.randint(5, 420))
        waiting = index >= 88
        accepted = None if waiting else referred + timedelta(days=rng.randint(2, 30))
        if accepted and accepted > as_of:
            accepted = as_of
        ended = None
        if accepted and rng.random() < 0.5:
            ended = min(accepted + timedelta(days=rng.randint(20, 160)), as_of)
        advocacy.append(
            AdvocacyReferral(
                child=child,
                referred_on=referred,
                referred_by=rng.choice(["iro", "iro", "social_worker", "child", "carer"]),
                accepted_on=accepted,
                issue=rng.choice(
                    [
                        "Wanted more contact with siblings.",
                        "Unhappy about a planned move of placement.",
                        "Wanted help to say what they think at their review.",
                        "Pocket money and phone rules at the placement.",
                        "",
                    ]
                )
                if accepted
                else "",
                outcome=rng.choice(
                    [
                        "Sibling contact increased to fortnightly.",
                        "Views put to the review; the move was delayed until the end of term.",
                        "Attended the review with the advocate and spoke for themselves.",
                    ]
                )
                if ended
                else "",
                ended_on=ended,
                recorded_by=manager,
            )
        )
    AdvocacyReferral.objects.bulk_create(advocacy)

    # Independent visitors: about 29 referrals a year from more children who discussed it.
    visitors = []
    for index, child in enumerate(looked_after[95:175]):
        discussed = as_of - timedelta(days=rng.randint(10, 400))
        wanted = index < 40 or rng.random() < 0.2
        iv_referred = (
            discussed + timedelta(days=rng.randint(0, 14)) if wanted and index < 36 else None
        )
        matched: date | None = None
        if iv_referred and rng.random() < 0.6:
            matched = iv_referred + timedelta(days=rng.randint(30, 150))
            if matched > as_of:
                matched = None
        visitors.append(
            IndependentVisitorRecord(
                child=child,
                discussed_on=discussed,
                wanted=wanted,
                referred_on=min(iv_referred, as_of) if iv_referred else None,
                matched_on=matched,
                recorded_by=manager,
            )
        )
    IndependentVisitorRecord.objects.bulk_create(visitors)

    _feedback(context, reviews)
    _compliments_and_complaints(context)


def _feedback(context: DemoContext, reviews: list[Review]) -> None:
    rng, as_of = context.rng, context.as_of
    recent = [r for r in reviews if r.held_on <= as_of - timedelta(days=7)]
    chosen = rng.sample(recent, k=min(len(recent), 120))
    requests = []
    for review in chosen:
        types = rng.sample([t.value for t in RespondentType], k=rng.choice([1, 2, 2, 3]))
        for respondent_type in types:
            if respondent_type == "child" and review.child.age_on(review.held_on) < 8:
                continue
            # Demo links are never shown, so a seeded value stands in for the random token.
            token = f"demo-{rng.getrandbits(128):032x}"
            requests.append(
                FeedbackRequest(
                    review=review,
                    respondent_type=respondent_type,
                    token_hash=hashlib.sha256(token.encode()).hexdigest(),
                    created_by=review.chair.user if review.chair_id else None,  # type: ignore[union-attr]
                )
            )
    FeedbackRequest.objects.bulk_create(requests)
    # created_at is auto_now_add: date each request a day after its review, so the year's figures
    # fall in the right year.
    for request in requests:
        request.created_at = _at(request.review.held_on + timedelta(days=1))
    FeedbackRequest.objects.bulk_update(requests, ["created_at"])

    responses = []
    for request in requests:
        if rng.random() > 0.45:
            continue
        received = min(request.review.held_on + timedelta(days=rng.randint(2, 30)), as_of)
        request.used_at = _at(received)
        rating = rng.choices([5, 4, 3, 2, 1], weights=[45, 35, 12, 5, 3])[0]
        responses.append(
            FeedbackResponse(
                request=request,
                rating=rating,
                went_well=rng.choice(QUOTES_WENT_WELL[request.respondent_type])
                if rating >= 3
                else "",
                could_be_better=rng.choice(QUOTES_BETTER),
                consent_to_quote=rng.random() < 0.6,
                received_on=received,
                source=rng.choice(["online", "online", "paper"]),
            )
        )
    FeedbackRequest.objects.bulk_update([r.request for r in responses], ["used_at"])
    FeedbackResponse.objects.bulk_create(responses)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _compliments_and_complaints(context: DemoContext) -> None:
    rng, as_of, calendar = context.rng, context.as_of, context.calendar
    compliments = []
    for index in range(24):  # about 16 in a year over 18 months
        received = as_of - timedelta(days=rng.randint(1, HISTORY_DAYS))
        compliments.append(
            Compliment(
                received_on=received,
                from_type=rng.choice(["child", "parent", "carer", "social_worker", "other"]),
                about_iro=rng.choice(context.iros) if rng.random() < 0.8 else None,
                summary=rng.choice(COMPLIMENT_SUMMARIES),
                outcome="Shared with the IRO and noted in supervision.",
                responded_on=min(received + timedelta(days=rng.randint(1, 10)), as_of),
                # Two in three agreed to be quoted (no draw, so the rest of the demo is unchanged).
                consent_to_quote=index % 3 != 0,
            )
        )
    Compliment.objects.bulk_create(compliments)

    # One complaint answered at stage 1 and taken to stage 2; one still open at stage 1.
    first_received = as_of - timedelta(days=120)
    closed = Complaint.objects.create(
        received_on=first_received,
        from_type="parent",
        about_iro=context.iros[1],
        summary="Parent says they were not invited to their son's review in good time.",
        current_stage=2,
        closed=True,
    )
    due1 = rules.complaint_response_due(1, first_received, calendar=calendar)
    responded1 = calendar.add_working_days(first_received, 8)
    started2 = responded1 + timedelta(days=14)
    due2 = rules.complaint_response_due(2, started2, calendar=calendar)
    ComplaintStage.objects.bulk_create(
        [
            ComplaintStage(
                complaint=closed,
                stage=1,
                started_on=first_received,
                response_due=due1,
                responded_on=responded1,
                outcome="partly_upheld",
                response_summary="Invitation letters now go out 15 working days ahead.",
            ),
            ComplaintStage(
                complaint=closed,
                stage=2,
                started_on=started2,
                response_due=due2,
                responded_on=calendar.add_working_days(started2, 18),
                outcome="not_upheld",
            ),
        ]
    )
    received = as_of - timedelta(days=6)
    due = rules.complaint_response_due(1, received, calendar=calendar)
    open_complaint = Complaint.objects.create(
        received_on=received,
        from_type="child",
        summary="Young person unhappy that their review was moved twice.",
        current_stage=1,
        current_due_on=due,
    )
    ComplaintStage.objects.create(
        complaint=open_complaint, stage=1, started_on=received, response_due=due
    )
