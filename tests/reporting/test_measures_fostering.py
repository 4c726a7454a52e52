"""foster_carer_reviews_in_timescale and supervision_order_reviews_held: figure, three-year
trend, the CLI and the drill-down from one definition."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from iro.accounts.roles import Role
from iro.caseloads.models import ReviewingOfficer
from iro.fostering import services as fostering
from iro.fostering.models import ApprovalType
from iro.orders import services as orders
from iro.reporting.arithmetic import ReportingPeriod, financial_year
from iro.reporting.measures import Scope
from iro.reporting.scorecard import compute_scorecard, compute_scorecards

pytestmark = pytest.mark.django_db

YEAR = ReportingPeriod(date(2025, 4, 1), date(2026, 3, 31))


@pytest.fixture
def work(make_iro: Callable[..., ReviewingOfficer], make_child: Callable[..., Any]) -> Any:
    """Household A approved 29 Feb 2024: first review 28 Feb 2025 (in time, before the year),
    second 2 Mar 2026 (due 28 Feb 2026: late). Household B approved 1 May 2024: first review
    1 May 2025 (in time). In 2025-26: 2 reviews, 1 in time. One supervision order review."""
    iro = make_iro("Femi Adeyemi")
    other = make_iro("Ola Other")
    households = []
    for reference, approved, chair in (
        ("FH-0001", date(2024, 2, 29), iro),
        ("FH-0002", date(2024, 5, 1), other),
    ):
        households.append(
            fostering.household_create(
                acting_user=None,
                reference=reference,
                carers="Carers",
                approved_on=approved,
                approval_type=ApprovalType.GENERAL,
                approval_terms="One child",
                supervising_social_worker="Dee Walker",
                chair=chair,
            )
        )
    values = {"carers_views": "Fine", "social_worker_views": "Fine", "recommendation": "continue"}
    a, b = households
    for held in (date(2025, 2, 28), date(2026, 3, 2)):
        fostering.review_record(acting_user=None, household=a, held_on=held, **values)
    fostering.review_record(acting_user=None, household=b, held_on=date(2025, 5, 1), **values)
    child = make_child(iro=iro)
    order = orders.supervision_order_record(
        acting_user=None, child=child, made_on=date(2025, 6, 1), months=12, chair=iro
    )
    orders.supervision_order_review_record(
        acting_user=None, order=order, held_on=date(2025, 8, 1), plan="Plan"
    )
    return iro


def test_the_figures_for_the_service_an_iro_and_a_team(work: ReviewingOfficer) -> None:
    figures = compute_scorecard(YEAR)
    rate = figures["foster_carer_reviews_in_timescale"]
    assert (rate["numerator"], rate["denominator"]) == (1, 2)
    assert figures["supervision_order_reviews_held"] == {"count": 1}
    mine = compute_scorecard(YEAR, Scope(iro_id=work.pk))
    assert (mine["foster_carer_reviews_in_timescale"]["denominator"]) == 1
    assert mine["foster_carer_reviews_in_timescale"]["numerator"] == 0


def test_the_three_year_trend_counts_each_year(work: ReviewingOfficer) -> None:
    years = compute_scorecards([financial_year(2023), financial_year(2024), financial_year(2025)])
    rates = [y["foster_carer_reviews_in_timescale"] for y in years]
    assert [r["denominator"] for r in rates] == [0, 1, 2]
    assert rates[1]["numerator"] == 1


def test_the_cli_and_the_drill_down_agree(
    work: ReviewingOfficer, client_for: Callable[..., Any], capsys: Any
) -> None:
    call_command("scorecard", "--from", "2025-04-01", "--to", "2026-03-31", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    figures = out.get("measures", out)
    assert figures["foster_carer_reviews_in_timescale"]["numerator"] == 1
    client = client_for(Role.IRO_MANAGER)
    period = {"from": "2025-04-01", "to": "2026-03-31"}
    page = client.get("/scorecard/measures/foster_carer_reviews_in_timescale", period)
    text = page.content.decode()
    assert page.status_code == 200 and "FH-0002" in text and "FH-0001" not in text
    both = client.get(
        "/scorecard/measures/foster_carer_reviews_in_timescale", period | {"part": "denominator"}
    ).content.decode()
    assert "FH-0001" in both and "FH-0002" in both
    orders_page = client.get("/scorecard/measures/supervision_order_reviews_held", period)
    assert orders_page.status_code == 200 and "1 August 2025" in orders_page.content.decode()
