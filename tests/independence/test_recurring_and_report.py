"""Recurring challenge (issue 21 item 4) at and below the threshold, the prompt and the
pre-filled systemic issue; the `independence_report` command's JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from iro.accounts.roles import Role
from iro.disputes.models import Category, DisputeStage, SystemicIssue
from iro.disputes.services import dispute_raise
from iro.independence import rules
from iro.independence.recurring import independence_settings, recurring_challenges

pytestmark = pytest.mark.django_db


def test_the_window_is_calendar_months_clamped() -> None:
    assert rules.recurring_window_start(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert rules.is_recurring(3, 3) and not rules.is_recurring(2, 3)


def _raise(service: Any, child: Any, on: date, category: str = Category.NO_SOCIAL_WORKER) -> Any:
    return dispute_raise(
        acting_user=service.quinn.user,
        iro=service.quinn,
        child=child,
        category=category,
        summary="No social worker",
        outcome_sought="Allocate one",
        raised_on=on,
        stage=DisputeStage.objects.get(key="informal"),
        responder=service.sw_b,
    )


def test_one_below_the_threshold_prompts_nothing(service: Any) -> None:
    _raise(service, service.children[2], date(2026, 9, 1))
    _raise(service, service.children[3], date(2026, 10, 1))
    # Outside the 6-month window (23 May 2026 onwards): not counted.
    _raise(service, service.children[4], date(2026, 5, 22))
    # Another category, and another team: not counted with these.
    _raise(service, service.children[4], date(2026, 10, 2), Category.OTHER)
    _raise(service, service.children[0], date(2026, 10, 2))
    assert recurring_challenges(date(2026, 11, 23)) == []


def test_below_the_threshold_the_start_page_has_no_prompt(service: Any, client_for: Any) -> None:
    _raise(service, service.children[2], date(2026, 9, 1))
    _raise(service, service.children[3], date(2026, 10, 1))
    home = client_for(Role.IRO_MANAGER).get("/reviews/due/").content.decode()
    assert "consider raising a systemic issue" not in home


def test_exactly_the_threshold_prompts_the_manager(service: Any, client_for: Any) -> None:
    first = _raise(service, service.children[2], date(2026, 5, 23))  # the window's first day
    second = _raise(service, service.children[3], date(2026, 9, 1))
    third = _raise(service, service.children[4], date(2026, 11, 23))
    [group] = recurring_challenges(date(2026, 11, 23))
    assert (group.category, group.team_id) == (Category.NO_SOCIAL_WORKER, service.team_b.pk)
    assert [d.pk for d in group.disputes] == [first.pk, second.pk, third.pk]
    manager = client_for(Role.IRO_MANAGER)
    page = manager.get("/independence/").content.decode()
    assert "Recurring challenge: consider raising a systemic issue" in page
    # ... and on their start page.
    home = manager.get("/reviews/due/").content.decode()
    assert "Recurring challenge: consider raising a systemic issue" in home
    url = f"/independence/recurring-challenge?category=no_social_worker&team={service.team_b.pk}"
    form = manager.get(url).content.decode()
    assert first.reference in form and third.reference in form  # pre-filled
    response = manager.post(
        url,
        {
            "title": "No social workers in Team B",
            "raised_on_day": "23",
            "raised_on_month": "11",
            "raised_on_year": "2026",
            "raised_with": "Director of Children's Services",
            "description": f"Three disputes: {first.reference}",
        },
    )
    assert response.status_code == 302
    issue = SystemicIssue.objects.get()
    assert set(issue.disputes.values_list("pk", flat=True)) == {first.pk, second.pk, third.pk}
    # Once raised, the prompt goes.
    assert recurring_challenges(date(2026, 11, 23)) == []
    assert "consider raising a systemic issue" not in manager.get("/independence/").content.decode()


def test_the_threshold_and_window_are_settings(service: Any) -> None:
    row = independence_settings()
    row.recurring_threshold, row.recurring_window_months = 2, 12
    row.save()
    _raise(service, service.children[2], date(2026, 1, 5))
    _raise(service, service.children[3], date(2026, 9, 1))
    found = {(g.category, g.team_id) for g in recurring_challenges(date(2026, 11, 23))}
    # Team A's two drift disputes (May and June) reach the lower threshold too.
    assert found == {
        (Category.NO_SOCIAL_WORKER, service.team_b.pk),
        (Category.DRIFT_DELAY, service.team_a.pk),
    }


def test_only_the_iro_manager_raises_from_the_prompt(service: Any, client_for: Any) -> None:
    url = f"/independence/recurring-challenge?category=other&team={service.team_b.pk}"
    assert client_for(Role.HEAD_OF_SERVICE).get(url).status_code == 403
    assert client_for(Role.IRO_MANAGER).get(url).status_code == 404  # none reached


KEYS = {
    "challenges_per_100_children",
    "drifting_not_challenged",
    "responses_overdue",
    "withdrawn_or_unresolved",
    "median_days_to_resolution",
    "difference_made",
    "cafcass_referrals",
    "legal_advice_sought",
    "good_practice_alerts",
    "pressure_on_independence",
    "recurring_challenges",
}


def test_the_command_prints_json_with_the_keys(service: Any) -> None:
    out = io.StringIO()
    call_command("independence_report", "--from", "2026-04-01", "--to", "2027-03-31", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) >= KEYS
    assert payload["challenges_per_100_children"]["rate"] == 80.0
    assert payload["drifting_not_challenged"]["count"] == 2
    assert payload["responses_overdue"]["count"] == 2
    assert payload["withdrawn_or_unresolved"]["count"] == 2
    assert payload["median_days_to_resolution"]["median"] == 4.5
    assert payload["as_at"] == "2026-11-23"


def test_the_command_prints_csv_through_the_one_writer(service: Any) -> None:
    out = io.StringIO()
    call_command(
        "independence_report",
        "--from",
        "2026-04-01",
        "--to",
        "2027-03-31",
        "--format",
        "csv",
        stdout=out,
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    found = {(r["indicator"], r["breakdown"], r["name"], r["measure"]): r["value"] for r in rows}
    assert found[("challenges_per_100_children", "service", "", "rate")] == "80.0"
    assert found[("challenges_per_100_children", "by_iro", "Quinn Adams", "rate")] == "66.7"
    assert found[("responses_overdue", "by_team", "Team B", "count")] == "1"
    assert {r["indicator"] for r in rows} == KEYS


def test_the_command_refuses_a_period_not_begun(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("independence_report", "--from", "2027-04-01", "--to", "2028-03-31")
