"""Demo oversight: about 10 oversights per child a year (Herefordshire recorded 3,531 for ~346
children), a sixth of children below the standard, midpoint reviews, and a month of dip samples.
Also gives the drift rules something to find where the core demo leaves their inputs empty."""

from __future__ import annotations

from datetime import date, timedelta

from iro.children.models import Child, SocialWorkerEpisode
from iro.monitoring.models import DipSample, MidpointReview, OversightRecord
from iro.monitoring.selectors import dip_sample
from iro.monitoring.services import dip_sample_rate
from iro.reviews.models import Review
from iro.seeding.demo.core import DemoContext

CHECKS = {
    OversightRecord.Type.CASE_RECORD_CHECK: [
        "Read the latest statutory visit record and the placement plan",
        "Checked the care plan was updated after the review",
        "Read the health assessment and the personal education plan",
        "Checked progress on the review recommendations on the case record",
    ],
    OversightRecord.Type.DISCUSSION: [
        "Talked with the social worker about contact arrangements",
        "Discussed the permanence plan with the team manager",
        "Talked with the social worker about the delay in the life story work",
    ],
    OversightRecord.Type.CONTACT_CHILD: [
        "Visited the child at school to hear their views before the review",
        "Phoned the child to check how the new placement is going",
    ],
    OversightRecord.Type.CONTACT_CARER: [
        "Talked with the foster carer about the child's sleep and school",
        "Talked with the residential key worker about recent missing episodes",
    ],
}
CONCERNS = [
    "",
    "",
    "",
    "",
    "Contact with siblings has not restarted.",
    "The personal education plan is out of date.",
    "The health assessment is overdue.",
]
FEEDBACK = {
    DipSample.Rating.GOOD: "Clear, child-focused record with a sensible next check date.",
    DipSample.Rating.REQUIRES_IMPROVEMENT: (
        "Say what you will do about the concern and who you spoke to."
    ),
    DipSample.Rating.INADEQUATE: "The record does not say what was checked or what happens next.",
}


def populate(context: DemoContext) -> None:
    rng, as_of = context.rng, context.as_of
    # Fresh from the database: the core demo stores the derived due dates after creating them.
    children = list(
        Child.objects.filter(
            pk__in=[c.pk for c in context.children], current_period__isnull=False, iro__isnull=False
        )
        .select_related("current_period", "iro", "social_worker")
        .order_by("pk")
    )
    iro_by_id = {i.pk: i for i in context.iros}
    users = {i.pk: i.user for i in context.iros}
    records: list[OversightRecord] = []
    midpoint_at: dict[int, tuple[date, Review | None]] = {}
    last_reviews = _last_reviews(children)
    for child in children:
        period = child.current_period
        assert period is not None and child.iro_id is not None
        # Three full years of oversight, like the reviews and disputes (not just the last one).
        start = max(period.start_date or period.first_known_date, as_of - timedelta(days=3 * 365))
        roll = rng.random()
        gap = 140 if roll < 0.15 else (60 if roll < 0.3 else 32)  # some below the standard
        day = start + timedelta(days=rng.randint(5, gap))
        kinds = list(CHECKS)
        while day <= as_of:
            kind = rng.choices(kinds, weights=[5, 3, 1, 1])[0]
            records.append(
                OversightRecord(
                    child=child,
                    iro=iro_by_id[child.iro_id],
                    date=day,
                    type=kind,
                    what_checked=rng.choice(CHECKS[kind]),
                    concerns=rng.choice(CONCERNS),
                    next_check_on=day + timedelta(days=min(gap, 60) + rng.randint(0, 21)),
                    recorded_by=users[child.iro_id],
                )
            )
            day += timedelta(days=gap + rng.randint(-8, 12))
        last = last_reviews.get(child.pk)
        if last and period.next_review_due and rng.random() < 0.5:
            middle = last.held_on + (period.next_review_due - last.held_on) / 2
            if middle <= as_of:
                midpoint_at[child.pk] = (middle, last)
    OversightRecord.objects.bulk_create(records)
    _midpoints(context, children, midpoint_at)
    _drift_inputs(context, children)
    _dip_samples(context)


def _last_reviews(children: list[Child]) -> dict[int, Review]:
    last: dict[int, Review] = {}
    for review in Review.objects.filter(child__in=children, status=Review.Status.HELD).order_by(
        "held_on"
    ):
        last[review.child_id] = review
    return last


def _midpoints(
    context: DemoContext, children: list[Child], at: dict[int, tuple[date, Review | None]]
) -> None:
    rng = context.rng
    by_pk = {c.pk: c for c in children}
    users = {i.pk: i.user for i in context.iros}
    for child_pk, (day, review) in at.items():
        child = by_pk[child_pk]
        assert child.iro is not None
        record = OversightRecord.objects.create(
            child=child,
            iro=child.iro,
            date=day,
            type=OversightRecord.Type.MIDPOINT_REVIEW,
            what_checked="Midpoint review with the child",
            next_check_on=day + timedelta(days=42),
            recorded_by=users[child.iro.pk],
        )
        MidpointReview.objects.create(
            oversight=record,
            last_review=review,
            working_well=f"{child.first_name}, you told me you feel safe where you live.",
            worried_about="We are worried that you have not seen your brother since the summer.",
            needs_to_happen="Your social worker will set up visits with your brother this month.",
            signs_of_success="You will see your brother every other Saturday.",
            scale=rng.randint(3, 9),
        )


def _drift_inputs(context: DemoContext, children: list[Child]) -> None:
    """Care plans, permanence plans and social worker changes, unless another module's demo
    has already recorded them."""
    rng, as_of = context.rng, context.as_of
    held = Review.objects.filter(status=Review.Status.HELD)
    if not held.filter(care_plan_received_on__isnull=False).exists():
        received = []
        for review in held.order_by("pk"):
            if rng.random() < 0.92:
                review.care_plan_received_on = review.held_on - timedelta(days=rng.randint(3, 10))
                received.append(review)
        Review.objects.bulk_update(received, ["care_plan_received_on"], batch_size=500)
    if not held.filter(permanence_plan_agreed__isnull=False).exists():
        held.filter(number=2).update(permanence_plan_agreed=True)
        second = list(held.filter(number=2).values_list("pk", flat=True))
        not_agreed = rng.sample(second, k=len(second) // 12)
        held.filter(pk__in=not_agreed).update(permanence_plan_agreed=False)
    if SocialWorkerEpisode.objects.exists() or not context.social_workers:
        return
    episodes = []
    for child in children:
        if child.social_worker is None:
            continue
        changes = rng.choices([0, 1, 2, 3], weights=[70, 18, 7, 5])[0]
        days = sorted(rng.sample(range(20, 360), k=changes))
        workers = [rng.choice(context.social_workers) for _ in days] + [child.social_worker]
        start = child.current_period.start_date if child.current_period else None
        first = start or as_of - timedelta(days=400)
        for index, worker in enumerate(workers):
            begins = first if index == 0 else as_of - timedelta(days=days[-index])
            begins = max(begins, first + timedelta(days=index))
            episodes.append(
                SocialWorkerEpisode(child=child, social_worker=worker, start_date=begins)
            )
    SocialWorkerEpisode.objects.bulk_create(episodes, ignore_conflicts=True)


def _dip_samples(context: DemoContext) -> None:
    """Last month's sample, partly rated through the same service the managers' page uses."""
    rng = context.rng
    last_month = context.as_of.replace(day=1) - timedelta(days=1)
    manager = context.users.get("manager")
    sample = dip_sample(last_month, user=manager)
    ratings = list(DipSample.Rating)
    chosen = [{"oversight": o} for o in sample["oversights"][:7]]
    chosen += [{"review": r} for r in sample["reviews"][:5]]
    for subject in chosen:
        rating = rng.choices(ratings, weights=[6, 3, 1])[0]
        dip_sample_rate(acting_user=manager, rating=rating, feedback=FEEDBACK[rating], **subject)
