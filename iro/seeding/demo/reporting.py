"""Demo records for the annual report: the council's child population and IRO establishment
(so the rate per 10,000 and the staffing profile have figures), the service's priorities for
the year under way (with their status) and the next (with their owner and date), England's
published rate per 10,000 as a comparator, and, when asked, the last full year's report written
and approved (edition 1) with a draft of the year to date."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from iro.core.council import council_settings
from iro.reporting.annual_report import annual_report_save_narrative
from iro.reporting.models import Comparator, Priority
from iro.reporting.services import edition_approve, edition_produce, edition_update_cover
from iro.reviews.models import Convening, Invitee, Review
from iro.timetable import reviews as rules
from iro.timetable.arithmetic import financial_year_containing

from .core import DemoContext

# (title, owner, status, what happened) for the year under way.
THIS_YEAR = (
    (
        "Every child's review minutes distributed within 20 working days",
        "IRO manager",
        Priority.Status.IN_PROGRESS,
        "A weekly list of minutes due; most now go out within the 20 days.",
    ),
    (
        "A midpoint review written to every child between reviews",
        "IRO team",
        Priority.Status.ACHIEVED,
        "Midpoint reviews are recorded as oversights with their Signs of Safety scale.",
    ),
    (
        "Care plans received before every review",
        "Head of Service, Children in Care",
        Priority.Status.PARTLY_ACHIEVED,
        "Reminders 10 working days before each review; plans still arrive late for some.",
    ),
    (
        "Feedback from parents and carers after every review",
        "IRO manager",
        Priority.Status.CARRIED_FORWARD,
        "Online feedback started late in the year; carried forward to next year.",
    ),
)
# (title, owner, month, day) of the next year, due in that year.
NEXT_YEAR = (
    ("360 feedback from at least half of the people at each review", "IRO manager", 9, 30),
    ("Fewer formal disputes about drift by resolving more informally", "IRO team", 12, 31),
    ("Every child consulted in the way they choose before each review", "IRO team", 3, 31),
)


# England's rate of children looked after per 10,000 children under 18 on 31 March, as published
# by the DfE (figures for earlier years as revised in that release), by reporting year (April).
ENGLAND_RATE_SOURCE = (
    "Department for Education: Children looked after in England including adoptions, "
    "reporting year 2025 (national figures, rate per 10,000 children aged under 18)"
)
ENGLAND_RATE_PUBLISHED = date(2025, 11, 20)
ENGLAND_RATE = {2022: Decimal("70"), 2023: Decimal("69"), 2024: Decimal("67")}

NARRATIVE = {
    "summary": (
        "This report tells the Corporate Parenting Board how the IRO service did its work for "
        "children in care this year.\n\n"
        "- Most reviews were held on time, but **second reviews** slipped more than others.\n"
        "- Every child had an IRO within 5 working days of coming into care in most cases.\n"
        "- IROs raised concerns about drift through the dispute resolution process."
    ),
    "reviews": (
        "Reviews held late were mostly moved to fit a court date or because the care plan was "
        "not ready. The service now reminds social workers 10 working days before each review."
    ),
    "disputes": (
        "Most disputes were resolved informally. Those that went to a formal stage were about "
        "drift in permanence planning and care plans not written before reviews."
    ),
}


def populate(context: DemoContext) -> None:
    _settings(context)
    _priorities(context)
    _convened_reviews(context)
    _comparators(context)


def _comparators(context: DemoContext) -> None:
    manager = context.users.get("manager")
    Comparator.objects.bulk_create(
        Comparator(
            measure_key="children_looked_after_per_10000",
            year=year,
            group=Comparator.Group.ENGLAND,
            value=value,
            source=ENGLAND_RATE_SOURCE,
            source_date=ENGLAND_RATE_PUBLISHED,
            updated_by=manager,
        )
        for year, value in ENGLAND_RATE.items()
        if year < financial_year_containing(context.as_of)
    )


def editions(context: DemoContext) -> None:
    """The last full year's report, written and approved as the Board saw it, and a draft of
    the year to date (the documents are rendered, so this is kept out of the tests' demo)."""
    manager = context.users["manager"]
    year = financial_year_containing(context.as_of)
    annual_report_save_narrative(acting_user=manager, year=year - 1, narrative=NARRATIVE)
    edition = edition_produce(acting_user=manager, year=year - 1)
    edition_update_cover(
        acting_user=manager,
        edition=edition,
        audience="Corporate Parenting Board",
        report_date=min(date(year, 6, 12), context.as_of),
    )
    edition_approve(acting_user=manager, edition=edition)
    edition_produce(acting_user=manager, year=year)


def _convened_reviews(context: DemoContext) -> None:
    """The convening records of the reviews held since the start of last year (arranged in IRO
    Oversight): when the request and the plan arrived, and who was invited."""
    rng, cal = context.rng, context.calendar
    since = date(financial_year_containing(context.as_of) - 1, 4, 1)
    reviews = (
        Review.objects.filter(status=Review.Status.HELD, held_on__gte=since, convening__isnull=True)
        .select_related("child")
        .order_by("held_on", "pk")
    )
    convenings = []
    for review in reviews:
        request_due = rules.convening_request_due(review.held_on, calendar=cal)
        reports = rules.reports_due(review.held_on, calendar=cal)
        convenings.append(
            Convening(
                child=review.child,
                period_id=review.period_id,
                status=Convening.Status.HELD,
                proposed_date=review.held_on,
                review=review,
                convening_request_due=request_due,
                convening_request_received_on=request_due + timedelta(days=rng.randint(-8, 3)),
                reports_due=reports,
                care_plan_received_on=(
                    reports + timedelta(days=rng.randint(-6, 2)) if rng.random() < 0.92 else None
                ),
            )
        )
    Convening.objects.bulk_create(convenings, batch_size=500)
    invitees = []
    for convening in convenings:
        for relation in ("mother", "father"):
            invited = rng.random() < 0.86
            invitees.append(
                Invitee(
                    convening=convening,
                    role=Invitee.Role.PARENT,
                    name=f"Parent of {convening.child.last_name}",
                    organisation=relation,
                    invited=invited,
                    not_invited_reason="" if invited else "Not safe to invite (court order)",
                )
            )
    Invitee.objects.bulk_create(invitees, batch_size=1000)


def _settings(context: DemoContext) -> None:
    settings = council_settings()
    settings.child_population = 112_400
    settings.iro_establishment_fte = sum((iro.fte for iro in context.iros), Decimal("0")) + Decimal(
        "1.00"
    )
    settings.iro_vacancies = 1
    settings.save(update_fields=["child_population", "iro_establishment_fte", "iro_vacancies"])


def _priorities(context: DemoContext) -> None:
    manager = context.users.get("manager")
    year = financial_year_containing(context.as_of)
    rows = [
        Priority(
            year=year,
            title=title,
            owner=owner,
            due_on=date(year + 1, 3, 31),
            status=status,
            progress=progress,
            updated_by=manager,
        )
        for title, owner, status, progress in THIS_YEAR
    ]
    # Last year's priorities too, so the previous year's report has its plan.
    rows += [
        Priority(
            year=year - 1,
            title=title,
            owner=owner,
            due_on=date(year, 3, 31),
            status=Priority.Status.ACHIEVED,
            progress="Done in the year.",
            updated_by=manager,
        )
        for title, owner, _, _ in THIS_YEAR[:2]
    ]
    rows += [
        Priority(
            year=year + 1,
            title=title,
            owner=owner,
            due_on=date(year + 1 + (month < 4), month, day),
            updated_by=manager,
        )
        for title, owner, month, day in NEXT_YEAR
    ]
    Priority.objects.bulk_create(rows)
