"""The sections of the IRO annual report and the breakdown tables other apps provide.

Each section names the scorecard measures its table shows (one definition per measure: the
scorecard's) and the ones charted; `extra_tables` adds breakdowns that are not single figures
(by category, by stage, by IRO), the records the report quotes (consented compliments and
feedback, reasons meetings did not go ahead, systemic issues, priorities) and the appendix "How
these figures are counted", written from each measure's definition. A table marked
`restricted` (what legal advice was about) is for the IRO manager's edition only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from iro.accounts.models import ReviewingOfficer
from iro.disputes.models import LegalAdviceRecord, SystemicIssue
from iro.independence.indicators import indicators_for_period
from iro.reviews.models import Review
from iro.timetable.dates import format_date
from iro.voice.models import Compliment, FeedbackResponse
from iro.voice.rules import CONSULTATION_METHODS

from .exports import Table
from .measures import Scope
from .models import Priority
from .report_measures import IROS, MEETINGS, RESCHEDULES
from .scorecard import measures_for

NO_DATA = "Not recorded"

LEGAL_CONTEXT = """\
Every child looked after by the council must have an Independent Reviewing Officer (IRO). \
Sections 25A to 25C of the Children Act 1989 require the council to appoint an IRO for each \
child, who chairs the child's reviews, monitors the council's performance of its functions in \
relation to the child, makes sure the child's wishes and feelings are given due consideration, \
and may refer the child's case to Cafcass when the council fails the child.

The Care Planning, Placement and Case Review (England) Regulations 2010 set when reviews take \
place: within 20 working days of the child coming into care, within three months of the first \
review, and then at least every six months. The IRO Handbook (2010) sets out the IRO's role and \
says the manager of the IRO service should report each year to the council's corporate parenting \
board; this report is that annual report."""


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    guidance: str
    measure_keys: tuple[str, ...] = ()
    chart_keys: tuple[str, ...] = ()
    # Shown when the manager has written nothing for the section (they may replace it).
    default_narrative: str = ""


def section_narrative(spec: SectionSpec, saved: dict[str, str]) -> str:
    """The manager's narrative for a section, or the section's default text."""
    return saved.get(spec.key) or spec.default_narrative


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "purpose",
        "Purpose and legal context",
        "Why the IRO service exists: the Children Act 1989 sections 25A to 25C, the Care Planning, "
        "Placement and Case Review (England) Regulations 2010 and the IRO Handbook.",
        default_narrative=LEGAL_CONTEXT,
    ),
    SectionSpec(
        "summary",
        "Summary",
        "The year in brief: what went well, what needs to improve, the key figures.",
        (
            "children_looked_after_monthly_average",
            "children_looked_after_at_end",
            "children_looked_after_per_10000",
            "entries",
            "exits",
        ),
    ),
    SectionSpec(
        "reviews",
        "Reviews",
        "How many reviews were held and whether they were on time.",
        (
            "reviews_held",
            "reviews_first",
            "reviews_second",
            "reviews_subsequent",
            "children_with_more_than_two_reviews",
            "first_reviews_in_timescale",
            "later_reviews_in_timescale",
            "reviews_in_timescale",
            "reviews_overdue_at_end",
            "iro_notified_in_timescale",
            "iro_allocated_in_timescale",
        ),
        ("first_reviews_in_timescale", "later_reviews_in_timescale", "reviews_in_timescale"),
    ),
    SectionSpec(
        "convening",
        "Arranging reviews",
        "Who was invited, whether the social worker's request and the care plan arrived in time, "
        "and meetings that were moved, adjourned or cancelled.",
        (
            "parents_invited",
            "convening_request_in_timescale",
            "care_plan_received_in_timescale",
            "reviews_rescheduled",
            "reviews_adjourned",
            "reviews_cancelled",
        ),
        (
            "parents_invited",
            "convening_request_in_timescale",
            "care_plan_received_in_timescale",
        ),
    ),
    SectionSpec(
        "records",
        "Minutes and recommendations",
        "Whether the child's letter, the minutes and the recommendations went out in time.",
        (
            "minutes_written_in_timescale",
            "minutes_distributed_in_timescale",
            "recommendations_issued_in_timescale",
        ),
        (
            "minutes_written_in_timescale",
            "minutes_distributed_in_timescale",
            "recommendations_issued_in_timescale",
        ),
    ),
    SectionSpec(
        "participation",
        "Participation and consultation",
        "How children took part in their reviews and were consulted beforehand.",
        (
            "participation",
            "consultation_before_review",
            "attended_in_person",
            "views_conveyed_absent",
            *[f"participation_PN{i}" for i in range(8)],
            *[f"consultation_{rule.code}" for rule in CONSULTATION_METHODS],
        ),
        ("participation", "consultation_before_review"),
    ),
    SectionSpec(
        "oversight",
        "IRO oversight between reviews",
        "How IROs monitored care plans between reviews.",
        (
            "oversights_recorded",
            "midpoint_reviews",
            "children_with_2_oversights",
            "children_with_4_oversights",
        ),
        ("children_with_2_oversights", "children_with_4_oversights"),
    ),
    SectionSpec(
        "disputes",
        "Dispute resolution",
        "Challenges IROs raised, what they were about and how they ended.",
        (
            "disputes_raised",
            "disputes_informal",
            "disputes_formal",
            "formal_disputes_resolved_in_timescale",
            "dispute_meetings_held",
            "good_practice_alerts",
        ),
    ),
    SectionSpec(
        "legal_advice",
        "Independent legal advice and Cafcass",
        "Requests for independent legal advice and referrals to Cafcass.",
        ("legal_advice_sought", "cafcass_referrals"),
    ),
    SectionSpec(
        "compliments",
        "Compliments and complaints",
        "What children, families and professionals said about the IRO service, and their 360 "
        "feedback on reviews.",
        ("compliments", "complaints", "feedback_responses", "feedback_rated_good"),
    ),
    SectionSpec(
        "advocacy",
        "Advocacy and independent visitors",
        "Children supported by an advocate and referred for an independent visitor.",
        (
            "advocacy_children_supported",
            "advocacy_wait_median_days",
            "independent_visitor_referrals",
            "independent_visitor_wait_median_days",
        ),
    ),
    SectionSpec(
        "independence",
        "Independence and the difference challenge makes",
        "Whether IROs challenge enough, whether challenge changes things for children, where "
        "responses stall, and pressure on IROs' independence (counted, never described).",
    ),
    SectionSpec(
        "other_meetings",
        "Child protection conferences, foster carer reviews and supervision orders",
        "The other meetings IROs chair: child protection conferences and plans, foster carer "
        "reviews and the first reviews of supervision orders.",
        (
            "icpc_in_timescale",
            "rcpc_in_timescale",
            "cp_plans_started",
            "cp_plans_second_or_subsequent",
            "cp_plans_ended_after_2_years",
            "foster_carer_reviews_in_timescale",
            "supervision_order_reviews_held",
        ),
        ("icpc_in_timescale", "rcpc_in_timescale", "foster_carer_reviews_in_timescale"),
    ),
    SectionSpec(
        "caseloads",
        "Caseloads and staffing",
        "The IRO team, IRO caseloads against the IRO Handbook's 50 to 70 children per full-time "
        "IRO, and whether children kept the same IRO.",
        (
            "iro_establishment_fte",
            "iro_team_fte",
            "iros_in_post",
            "iros_permanent",
            "iros_part_time",
            "iros_agency",
            "iro_vacancies",
            "iros_with_other_duties",
            "caseload_per_fte",
            "iro_continuity",
        ),
    ),
    SectionSpec(
        "systemic",
        "Systemic issues raised and responses",
        "Issues the IRO service raised formally with senior managers, and their responses.",
    ),
    SectionSpec("last_year", "Progress on last year's plan", "What was planned and what happened."),
    SectionSpec("next_year", "Plan for next year", "Priorities for the coming year."),
    SectionSpec(
        "appendix",
        "How these figures are counted",
        "Each figure's definition, the same as the scorecard's.",
    ),
)


def _share(count: int, total: int) -> str:
    return f"{round(100 * count / total, 1)}%" if total else NO_DATA


def _independence_tables(periods: list[Any], labels: tuple[str, ...]) -> list[Table]:
    """The independence indicators for the three years (iro.independence.indicators, the same
    figures as its page and `independence_report`), and the year's outcomes of challenge.
    Pressure on independence is a count only: its content never leaves the protected record."""
    years = [indicators_for_period(p) for p in periods]

    def count(figure: dict[str, Any], key: str = "count") -> Any:
        value = figure.get(key)
        return NO_DATA if value is None else value

    def rate(figure: dict[str, Any]) -> Any:
        value = figure.get("rate")
        if value is None:
            return NO_DATA
        return f"{value:.1f} ({figure['challenges']} for {figure['children']} children)"

    def share(figure: dict[str, Any]) -> Any:
        if not figure.get("denominator"):
            return NO_DATA
        return f"{figure['percent']:.1f}% ({figure['numerator']} of {figure['denominator']})"

    rows: list[tuple[str, Any]] = [
        ("Challenges raised per 100 children in care", lambda f: rate(f["challenges_per_100_children"])),
        ("Children drifting without challenge (as at today)", lambda f: count(f["drifting_not_challenged"])),
        ("Responses overdue (as at today)", lambda f: count(f["responses_overdue"])),
        ("Disputes withdrawn or closed with no change", lambda f: count(f["withdrawn_or_unresolved"])),
        ("Median working days to resolution", lambda f: count(f["median_days_to_resolution"], "median")),
        ("Challenges that made a difference", lambda f: share(f["difference_made"])),
        ("Cafcass referrals", lambda f: count(f["cafcass_referrals"])),
        ("Independent legal advice sought", lambda f: count(f["legal_advice_sought"])),
        ("Good-practice alerts", lambda f: count(f["good_practice_alerts"])),
        ("Records of pressure on an IRO's independence", lambda f: count(f["pressure_on_independence"])),
        ("Recurring challenges (as at today)", lambda f: count(f["recurring_challenges"])),
    ]  # fmt: skip
    tables = [
        Table(
            "Independence indicators",
            ["Indicator", *labels],
            [[name, *(cell(f) for f in years)] for name, cell in rows],
        )
    ]
    outcomes = years[-1]["difference_made"].get("by_outcome") or []
    if any(o["count"] for o in outcomes):
        tables.append(
            Table(
                f"What changed after challenges closed in {labels[-1]}",
                ["Outcome", "Challenges"],
                [[o["label"], o["count"]] for o in outcomes],
            )
        )
    return tables


def _breakdown(
    title: str, first: str, key: str, results: list[dict[str, Any]], labels: tuple[str, ...]
) -> Table | None:
    if not any(key in r for r in results):
        return None
    names = sorted({n for r in results for n in (r.get(key) or {})})
    return Table(
        title,
        [first, *labels],
        [[n] + [(r.get(key) or {}).get(n, 0) for r in results] for n in names],
    )


def _category_shares(results: list[dict[str, Any]], labels: tuple[str, ...]) -> list[Table]:
    tables = []
    for key, title in (
        ("disputes_informal_by_category", "Informal disputes by category"),
        ("disputes_formal_by_category", "Formal disputes by category"),
    ):
        if not any(key in r for r in results):
            continue
        categories = sorted({c for r in results for c in (r.get(key) or {})})
        latest = results[-1].get(key) or {}
        total = sum(latest.values())
        header = ["Category", *labels, f"Share of {labels[-1]}"]
        rows = [
            [c]
            + [(r.get(key) or {}).get(c, 0) for r in results]
            + [_share(latest.get(c, 0), total)]
            for c in categories
        ]
        tables.append(Table(title, header, rows))
    return tables


def _caseload_tables(period: Any, results: list[dict[str, Any]]) -> list[Table]:
    tables = []
    by_iro = results[-1].get("caseload_per_fte", {}).get("by_iro") or {}
    if by_iro:
        names = dict(ReviewingOfficer.objects.filter(pk__in=list(by_iro)).values_list("pk", "name"))
        rows = sorted(([names.get(pk, str(pk)), pk, value] for pk, value in by_iro.items()))
        tables.append(
            Table(
                f"Children per full-time IRO on {format_date(period.date_to)}",
                ["IRO", "Children per FTE"],
                [[name, NO_DATA if value is None else value] for name, _, value in rows],
            )
        )
    # The IROs in post by the `iros_in_post` definition, with their other duties' weights.
    iros = IROS.records(period, Scope()).order_by("name", "pk")
    duties = [
        [
            iro.name,
            float(iro.fte),
            iro.get_contract_display(),
            iro.other_duties or "None",
            float(iro.other_duties_weight),
            float(iro.fte_for_children_in_care),
        ]
        for iro in iros
    ]
    if duties:
        tables.append(
            Table(
                f"The IRO team and additional duties on {format_date(period.date_to)}",
                ["IRO", "FTE", "Contract", "Additional duties", "Weight", "FTE for children"],
                duties,
            )
        )
    return tables


def _meeting_reasons(period: Any) -> list[Table]:
    """Why meetings were moved, adjourned or cancelled: the reasons behind the counts."""
    scope = Scope()
    reasons: Counter[tuple[str, str]] = Counter()
    for reason in RESCHEDULES.records(period, scope).values_list("reason", flat=True):
        reasons[("Moved", reason or NO_DATA)] += 1
    stopped = MEETINGS.records(period, scope).exclude(status=Review.Status.HELD)
    labels = dict(Review.Status.choices)
    for status, reason in stopped.values_list("status", "status_reason"):
        reasons[(str(labels[status]), reason or NO_DATA)] += 1
    if not reasons:
        return []
    rows = [[what, why, n] for (what, why), n in sorted(reasons.items())]
    return [
        Table(
            "Reasons meetings were moved, adjourned or cancelled", ["What", "Reason", "Times"], rows
        )
    ]


def _legal_advice_topics(period: Any) -> list[Table]:
    """What legal advice was about: the IRO manager's restricted edition only."""
    records = LegalAdviceRecord.objects.filter(
        sought_on__gte=period.date_from, sought_on__lte=period.date_to
    ).order_by("sought_on", "pk")
    rows = [[format_date(r.sought_on), r.adviser, r.summary] for r in records]
    if not rows:
        return []
    return [
        Table(
            "What independent legal advice was sought about",
            ["Sought", "Adviser", "About"],
            rows,
            restricted=True,
        )
    ]


def _quotes(period: Any) -> list[Table]:
    """What people said, only where they agreed to be quoted (without their names)."""
    tables = []
    compliments = Compliment.objects.filter(
        consent_to_quote=True, received_on__gte=period.date_from, received_on__lte=period.date_to
    ).order_by("received_on", "pk")
    rows = [[format_date(c.received_on), c.get_from_type_display(), c.summary] for c in compliments]
    if rows:
        tables.append(Table("Compliments quoted with consent", ["Received", "From", "Said"], rows))
    feedback = (
        FeedbackResponse.objects.filter(
            consent_to_quote=True,
            received_on__gte=period.date_from,
            received_on__lte=period.date_to,
        )
        .select_related("request")
        .order_by("received_on", "pk")
    )
    rows = [
        [
            format_date(f.received_on),
            f.request.get_respondent_type_display(),
            str(f.rating),
            f.went_well or NO_DATA,
            f.could_be_better or NO_DATA,
        ]
        for f in feedback
    ]
    if rows:
        tables.append(
            Table(
                "360 feedback quoted with consent",
                ["Received", "From", "Rating (1 to 5)", "What went well", "Even better if"],
                rows,
            )
        )
    return tables


def _systemic_tables(period: Any) -> list[Table]:
    rows = [
        [format_date(issue.raised_on), issue.title, issue.raised_with, issue.response or NO_DATA]
        for issue in SystemicIssue.objects.filter(
            raised_on__gte=period.date_from, raised_on__lte=period.date_to
        ).order_by("raised_on", "pk")
    ]
    if not rows:
        return []
    return [Table("Systemic issues raised", ["Raised", "Issue", "Raised with", "Response"], rows)]


def _priorities(year: int, with_status: bool) -> list[Table]:
    priorities = Priority.objects.filter(year=year).order_by("due_on", "pk")
    if with_status:
        header = ["Priority", "Owner", "Status", "What happened"]
        rows = [
            [p.title, p.owner, p.get_status_display(), p.progress or NO_DATA] for p in priorities
        ]
    else:
        header = ["Priority", "Owner", "To be done by"]
        rows = [
            [p.title, p.owner, format_date(p.due_on) if p.due_on else NO_DATA] for p in priorities
        ]
    if not rows:
        return []
    return [Table(f"Priorities for {year} to {year + 1}", header, rows)]


def _definitions(period: Any) -> list[Table]:
    """Every measure the report shows, with how it is counted (the scorecard's definition)."""
    measures = {m.key: m for m in measures_for(period)}
    rows = []
    for spec in SECTIONS:
        for key in spec.measure_keys:
            measure = measures.get(key)
            if measure is not None:
                rows.append([spec.title, measure.label, measure.definition])
    return [Table("Definitions of the figures", ["Section", "Figure", "How it is counted"], rows)]


def extra_tables(
    key: str, periods: list[Any], results: list[dict[str, Any]], labels: tuple[str, ...]
) -> list[Table]:
    """The section's breakdowns and quoted records (for the year reported: `periods[-1]`)."""
    period = periods[-1]
    tables: list[Table] = []
    if key == "convening":
        tables.extend(_meeting_reasons(period))
    elif key == "disputes":
        tables.extend(_category_shares(results, labels))
        stages = _breakdown(
            "Disputes by the highest stage reached",
            "Stage reached",
            "disputes_by_stage_reached",
            results,
            labels,
        )
        tables.extend([stages] if stages else [])
    elif key == "legal_advice":
        tables.extend(_legal_advice_topics(period))
    elif key == "independence":
        tables.extend(_independence_tables(periods, labels))
    elif key == "other_meetings":
        by_category = _breakdown(
            "Child protection plans started, by category of abuse",
            "Category",
            "cp_plans_by_category",
            results,
            labels,
        )
        tables.extend([by_category] if by_category else [])
    elif key == "compliments":
        tables.extend(_quotes(period))
    elif key == "caseloads":
        tables.extend(_caseload_tables(period, results))
    elif key == "systemic":
        tables.extend(_systemic_tables(period))
    elif key == "last_year":
        tables.extend(_priorities(period.date_from.year, with_status=True))
    elif key == "next_year":
        tables.extend(_priorities(period.date_from.year + 1, with_status=False))
    elif key == "appendix":
        tables.extend(_definitions(period))
    return tables
