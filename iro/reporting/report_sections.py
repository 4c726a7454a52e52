"""The sections of the IRO annual report and the breakdown tables other apps provide.

Each section names the scorecard measures its table shows (one definition per measure: the
scorecard's) and the ones charted; `extra_tables` adds breakdowns that are not single figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iro.accounts.models import ReviewingOfficer
from iro.disputes.models import SystemicIssue
from iro.timetable.dates import format_date

from .exports import Table


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    guidance: str
    measure_keys: tuple[str, ...] = ()
    chart_keys: tuple[str, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "purpose",
        "Purpose and legal context",
        "Why the IRO service exists: the Children Act 1989 sections 25A to 25C, the Care Planning, "
        "Placement and Case Review (England) Regulations 2010 and the IRO Handbook.",
    ),
    SectionSpec(
        "summary",
        "Summary",
        "The year in brief: what went well, what needs to improve, the key figures.",
        (
            "children_looked_after_at_end",
            "children_looked_after_monthly_average",
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
            "first_reviews_in_timescale",
            "later_reviews_in_timescale",
            "reviews_in_timescale",
            "reviews_overdue_at_end",
            "iro_allocated_in_timescale",
            "minutes_written_in_timescale",
            "minutes_distributed_in_timescale",
            "recommendations_issued_in_timescale",
        ),
        (
            "first_reviews_in_timescale",
            "later_reviews_in_timescale",
            "reviews_in_timescale",
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
        ),
        ("participation", "consultation_before_review"),
    ),
    SectionSpec(
        "oversight",
        "IRO oversight between reviews",
        "How IROs monitored care plans between reviews.",
        ("oversights_recorded", "children_with_2_oversights", "children_with_4_oversights"),
        ("children_with_2_oversights", "children_with_4_oversights"),
    ),
    SectionSpec(
        "disputes",
        "Dispute resolution",
        "Challenges IROs raised, what they were about and how they ended.",
        (
            "disputes_informal",
            "disputes_formal",
            "formal_disputes_resolved_in_timescale",
            "good_practice_alerts",
            "cafcass_referrals",
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
        "What children, families and professionals said about the IRO service.",
        ("compliments", "complaints"),
    ),
    SectionSpec(
        "advocacy",
        "Advocacy and independent visitors",
        "Children supported by an advocate and referred for an independent visitor.",
        ("advocacy_children_supported", "independent_visitor_referrals"),
    ),
    SectionSpec(
        "caseloads",
        "Caseloads and staffing",
        "IRO caseloads against the IRO Handbook's 50 to 70 children per full-time IRO.",
        ("caseload_per_fte",),
    ),
    SectionSpec(
        "systemic",
        "Systemic issues raised and responses",
        "Issues the IRO service raised formally with senior managers, and their responses.",
    ),
    SectionSpec("last_year", "Progress on last year's plan", "What was planned and what happened."),
    SectionSpec("next_year", "Plan for next year", "Priorities for the coming year."),
)


def extra_tables(
    key: str, periods: list[Any], results: list[dict[str, Any]], labels: tuple[str, ...]
) -> list[Table]:
    """Breakdowns other apps provide (disputes by category, systemic issues, caseload by IRO)."""
    tables: list[Table] = []
    if key == "disputes":
        for measure_key, title in (
            ("disputes_informal_by_category", "Informal disputes by category"),
            ("disputes_formal_by_category", "Formal disputes by category"),
        ):
            if any(measure_key in r for r in results):
                categories = sorted({c for r in results for c in (r.get(measure_key) or {})})
                tables.append(
                    Table(
                        title,
                        ["Category", *labels],
                        [
                            [c] + [(r.get(measure_key) or {}).get(c, 0) for r in results]
                            for c in categories
                        ],
                    )
                )
    if key == "caseloads":
        by_iro = results[-1].get("caseload_per_fte", {}).get("by_iro") or {}
        if by_iro:
            names = dict(
                ReviewingOfficer.objects.filter(pk__in=list(by_iro)).values_list("pk", "name")
            )
            rows = sorted(([names.get(pk, str(pk)), pk, value] for pk, value in by_iro.items()))
            tables.append(
                Table(
                    f"Children per full-time IRO on {format_date(periods[-1].date_to)}",
                    ["IRO", "Children per FTE"],
                    [[name, "Not recorded" if value is None else value] for name, _, value in rows],
                )
            )
    if key == "systemic":
        tables.extend(_systemic_tables(periods[-1]))
    return tables


def _systemic_tables(period: Any) -> list[Table]:
    rows = []
    for issue in SystemicIssue.objects.filter(
        raised_on__gte=period.date_from, raised_on__lte=period.date_to
    ).order_by("raised_on"):
        rows.append(
            [
                f"{issue.raised_on:%d/%m/%Y}",
                getattr(issue, "title", str(issue)),
                getattr(issue, "raised_with", ""),
                getattr(issue, "response", ""),
            ]
        )
    if not rows:
        return []
    return [Table("Systemic issues raised", ["Raised", "Issue", "Raised with", "Response"], rows)]
