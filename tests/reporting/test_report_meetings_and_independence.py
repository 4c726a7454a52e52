"""The annual report's sections for the other meetings IROs chair and for independence: the
same figures as the scorecard and the independence indicators."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iro.children.models import Child
from iro.conferences import services as conferences
from iro.conferences.models import Decision
from iro.independence.indicators import indicators_for_period
from iro.reporting.annual_report import build_report
from iro.reporting.arithmetic import financial_year
from iro.reporting.scorecard import compute_scorecard, reporting_period

pytestmark = pytest.mark.django_db

YEAR = 2025


def _text(cell: Any) -> str:
    return str(cell)  # a Figure is the text the table reads


def _section(report: Any, key: str) -> Any:
    return next(s for s in report.sections if s.spec.key == key)


@pytest.fixture
def plans(make_iro: Any) -> None:
    chair = make_iro("Dana Okafor")
    for n, (strategy, days, category) in enumerate(
        [
            (date(2025, 6, 2), 21, "NEG"),
            (date(2025, 6, 2), 28, "EMO"),
            (date(2025, 9, 1), 10, "NEG"),
        ]
    ):
        child = Child.objects.create(la_child_id=f"M{n:04d}", date_of_birth=date(2015, 1, 1))
        enquiry = conferences.enquiry_record(
            acting_user=None, child=child, strategy_discussion_on=strategy, chair=chair
        )
        conferences.initial_conference_record(
            acting_user=None,
            enquiry=enquiry,
            held_on=date.fromordinal(strategy.toordinal() + days),
            decision=Decision.PLAN,
            category=category,
            previous_plans=0,
        )


def test_the_other_meetings_section_shows_the_scorecards_figures(plans: None) -> None:
    report = build_report(YEAR)
    section = _section(report, "other_meetings")
    scorecard = compute_scorecard(reporting_period(financial_year(YEAR)))
    rows = {row[0]: [_text(c) for c in row[1:]] for row in section.table.rows}
    started = next(v for k, v in rows.items() if "started" in k.lower() and "plan" in k.lower())
    assert started[-1] == "3" == str(scorecard["cp_plans_started"]["count"])
    assert (
        len(rows) == 7
    )  # ICPC, RCPC, plans started, second or later, over 2 years, fostering, orders
    by_category = next(t for t in section.extra_tables if "category" in t.title)
    counts = {row[0]: row[-1] for row in by_category.rows}
    assert counts == scorecard["cp_plans_by_category"]
    assert sum(counts.values()) == 3


def test_the_independence_section_shows_the_indicators(make_iro: Any) -> None:
    report = build_report(YEAR)
    section = _section(report, "independence")
    table = section.extra_tables[0]
    assert table.title == "Independence indicators"
    assert table.header[1:] == list(report.labels)
    figures = indicators_for_period(financial_year(YEAR))
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Cafcass referrals"][-1] == figures["cafcass_referrals"]["count"] == 0
    # Pressure on independence is counted, never described.
    assert "Records of pressure on an IRO's independence" in rows
    assert all(len(r) == 3 for r in rows.values())
    # No data is "Not recorded", never 0.0%.
    assert rows["Challenges that made a difference"][-1] == "Not recorded"
