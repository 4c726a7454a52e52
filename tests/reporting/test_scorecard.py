"""Scorecard figures against hand-counted fixtures, including bank holidays and month ends."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from iro.accounts.roles import Role
from iro.children.models import Child, Episode, PeriodOfCare
from iro.core import facts
from iro.reporting.arithmetic import ReportingPeriod, financial_year, financial_year_containing
from iro.reporting.measures import Scope
from iro.reporting.scorecard import compute_scorecard, reporting_period
from iro.reviews.services import review_record_held

pytestmark = pytest.mark.django_db

YEAR = ReportingPeriod(date(2022, 4, 1), date(2023, 3, 31))


def _leave_care(child: Any, day: date, reason: str) -> None:
    """End the child's care as a 903 import does: the last episode and the period end with the
    reason, the child has no current period, and the stored facts are derived again."""
    Episode.objects.filter(child=child, end_date__isnull=True).update(
        end_date=day, reason_ended=reason
    )
    periods = PeriodOfCare.objects.filter(child=child)
    periods.update(end_date=day, reason_ceased=reason)
    Child.objects.filter(pk=child.pk).update(current_period=None)
    facts.refresh([child.pk])


@pytest.fixture
def service(make_iro: Any, make_child: Any) -> dict[str, Any]:
    """Four children, hand-counted:
    - A: in care 25 May 2022 (Jubilee: first review due 24 Jun); first review 24 Jun (in time),
      second 26 Sep (due 24 Sep: late). PN1 then PN5.
    - B: in care 1 Dec 2022, under 4; first review 4 Jan 2023 (due 3 Jan 2023 — 26 and 27 Dec
      and the New Year substitute day 2 Jan are bank holidays: one day late). PN0.
    - C: in care 12 Sep 2022 (state funeral 19 Sep: due 11 Oct); first review 11 Oct (in time),
      PN7; left care 31 Jan 2023.
    - D: in care 1 Feb 2023, no review yet (due 1 Mar 2023): overdue on 31 Mar 2023.
    """
    iro = make_iro("Priya Shah")
    a = make_child(first_name="A", start_date=date(2022, 5, 25), iro=iro)
    review_record_held(
        acting_user=None, child=a, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    review_record_held(
        acting_user=None, child=a, held_on=date(2022, 9, 26), participation_code="PN5"
    )
    b = make_child(
        first_name="B", start_date=date(2022, 12, 1), date_of_birth=date(2021, 6, 1), iro=iro
    )
    review_record_held(
        acting_user=None, child=b, held_on=date(2023, 1, 4), participation_code="PN0"
    )
    c = make_child(first_name="C", start_date=date(2022, 9, 12), iro=iro)
    review_record_held(
        acting_user=None, child=c, held_on=date(2022, 10, 11), participation_code="PN7"
    )
    _leave_care(c, date(2023, 1, 31), "E4A")
    d = make_child(first_name="D", start_date=date(2023, 2, 1))
    return {"iro": iro, "a": a, "b": b, "c": c, "d": d}


def test_review_counts_and_timeliness_match_hand_count(service: dict[str, Any]) -> None:
    figures = compute_scorecard(YEAR)
    assert figures["reviews_held"] == {"count": 4}
    assert figures["reviews_first"] == {"count": 3}
    assert figures["reviews_second"] == {"count": 1}
    assert figures["reviews_subsequent"] == {"count": 0}
    assert figures["first_reviews_in_timescale"] == {
        "numerator": 2,
        "denominator": 3,
        "percent": 66.7,
    }
    assert figures["later_reviews_in_timescale"] == {
        "numerator": 0,
        "denominator": 1,
        "percent": 0.0,
    }
    assert figures["reviews_in_timescale"] == {"numerator": 2, "denominator": 4, "percent": 50.0}


def test_participation_excludes_under_fours(service: dict[str, Any]) -> None:
    figures = compute_scorecard(YEAR)
    assert figures["participation_PN0"] == {"count": 1}
    assert figures["participation_PN7"] == {"count": 1}
    assert figures["participation"] == {"numerator": 2, "denominator": 3, "percent": 66.7}
    assert figures["attended_in_person"] == {"count": 1}
    assert figures["views_conveyed_absent"] == {"count": 1}


def test_children_in_care_entries_exits_and_month_end_average(service: dict[str, Any]) -> None:
    figures = compute_scorecard(YEAR)
    assert figures["entries"] == {"count": 4}
    assert figures["exits"] == {"count": 1}
    assert figures["children_looked_after_at_end"] == {"count": 3}
    months = figures["children_looked_after_monthly_average"]["months"]
    # C left on 31 January, so is not in care at that month's end; D arrived 1 February.
    assert months["2023-01-31"] == 2
    assert months["2023-02-28"] == 3
    assert months["2022-04-30"] == 0
    assert figures["children_looked_after_monthly_average"]["count"] == round(
        sum(months.values()) / 12, 1
    )


def test_overdue_at_end_and_allocation_in_timescale(service: dict[str, Any]) -> None:
    figures = compute_scorecard(YEAR)
    # A: next due 26 Mar 2023 (6 months after 26 Sep) — overdue; B: due 4 Apr — not yet;
    # D: due 1 Mar 2023, not held — overdue.
    assert figures["reviews_overdue_at_end"] == {"count": 2}
    # A, B and C were allocated on the day they came into care; D has no IRO.
    assert figures["iro_allocated_in_timescale"] == {
        "numerator": 3,
        "denominator": 4,
        "percent": 75.0,
    }


def test_iro_service_told_in_time_counts_only_recorded_notifications(
    service: dict[str, Any],
) -> None:
    # Not recorded anywhere yet: "Not recorded" (no denominator), never 0%.
    assert compute_scorecard(YEAR)["iro_notified_in_timescale"] == {
        "numerator": 0,
        "denominator": 0,
        "percent": None,
    }
    # A: 25 May 2022 + 2 working days = 27 May (told that day: in time). B: 1 Dec 2022 (a
    # Thursday) + 2 = Monday 5 Dec (in time). C: 12 Sep 2022 + 2 = 14 Sep (told 15th: late).
    # D's is not recorded: left out.
    for key, told in (("a", date(2022, 5, 27)), ("b", date(2022, 12, 5)), ("c", date(2022, 9, 15))):
        PeriodOfCare.objects.filter(child=service[key]).update(iro_notified_on=told)
    due = dict(PeriodOfCare.objects.values_list("child__first_name", "iro_notification_due"))
    assert due == {
        "A": date(2022, 5, 27),
        "B": date(2022, 12, 5),
        "C": date(2022, 9, 14),
        "D": date(2023, 2, 3),
    }
    assert compute_scorecard(YEAR)["iro_notified_in_timescale"] == {
        "numerator": 2,
        "denominator": 3,
        "percent": 66.7,
    }


def test_caseload_per_fte_on_the_last_day(service: dict[str, Any], make_iro: Any) -> None:
    # Two IROs with one name are two IROs: keyed by id, neither overwrites the other.
    other = make_iro("Priya Shah", fte="0.50", with_user=False)
    figures = compute_scorecard(YEAR)
    # A and B are allocated on 31 March 2023 (C has left, D has no IRO).
    assert figures["caseload_per_fte"]["by_iro"] == {service["iro"].pk: 2.0, other.pk: 0.0}
    # The service: all allocated children ÷ all FTE (2 ÷ 1.5), not the mean of the two ratios.
    assert figures["caseload_per_fte"]["per_fte"] == 1.3
    assert (figures["caseload_per_fte"]["min"], figures["caseload_per_fte"]["max"]) == (0.0, 2.0)
    assert compute_scorecard(YEAR, Scope(iro_id=other.pk))["caseload_per_fte"]["per_fte"] == 0.0


def test_scope_to_one_iro_counts_only_reviews_they_chaired(
    service: dict[str, Any], make_iro: Any
) -> None:
    other = make_iro("Daniel Okafor")
    assert compute_scorecard(YEAR, Scope(iro_id=other.pk))["reviews_held"] == {"count": 0}
    assert compute_scorecard(YEAR, Scope(iro_id=service["iro"].pk))["reviews_held"] == {"count": 4}


def test_query_count_does_not_grow_with_children(make_iro: Any, make_child: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    iro = make_iro()
    make_child(start_date=date(2022, 5, 25), iro=iro)
    with CaptureQueriesContext(connection) as few:
        compute_scorecard(YEAR)
    for _ in range(10):
        child = make_child(start_date=date(2022, 5, 25), iro=iro)
        review_record_held(
            acting_user=None, child=child, held_on=date(2022, 6, 20), participation_code="PN1"
        )
    with CaptureQueriesContext(connection) as many:
        compute_scorecard(YEAR)
    # One more than the live queries: whether the stored year facts answer (one probe).
    assert len(many) == len(few) <= 44


def test_scorecard_command_prints_domain_keys_as_json_and_csv(
    service: dict[str, Any], capsys: Any
) -> None:
    call_command("scorecard", "--from", "2022-04-01", "--to", "2023-03-31")
    payload = json.loads(capsys.readouterr().out)
    assert payload["measures"]["reviews_in_timescale"]["percent"] == 50.0
    call_command("scorecard", "--from", "2022-04-01", "--to", "2023-03-31", "--format", "csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "measure,numerator,denominator,percent,count"
    assert "reviews_in_timescale,2,4,50.0," in lines


def test_scorecard_command_refuses_a_reversed_period() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="on or after"):
        call_command("scorecard", "--from", "2023-04-01", "--to", "2023-03-31")


def test_every_figure_links_to_its_records_and_no_data_is_not_recorded(
    service: dict[str, Any], client_for: Any
) -> None:
    import re

    client = client_for(Role.IRO_MANAGER)
    body = client.get("/scorecard/", {"year": "2022"}).content.decode()
    allocation = re.search(r'href="(/scorecard/measures/iro_allocated_in_timescale[^"]+)"', body)
    assert allocation, "IRO allocation links to its records"
    detail = client.get(allocation.group(1).replace("&amp;", "&")).content.decode()
    assert 'data-count="3"' in detail
    # No disputes were raised in 2022-23: a rate over nothing is "Not recorded", never 0.0%.
    assert "(0 of 0)" not in body and "Not recorded" in body
    figures = compute_scorecard(YEAR)
    assert figures["formal_disputes_resolved_in_timescale"] == {
        "numerator": 0,
        "denominator": 0,
        "percent": None,
    }


def test_rate_drill_down_count_equals_numerator(service: dict[str, Any], client_for: Any) -> None:
    client = client_for(Role.AUDITOR)
    response = client.get(
        "/scorecard/measures/first_reviews_in_timescale", {"from": "2022-04-01", "to": "2023-03-31"}
    )
    body = response.content.decode()
    assert "2 reviews behind this figure" in body
    assert "A Tester" in body and "B Tester" not in body
    csv_body = client.get(
        "/scorecard/measures/first_reviews_in_timescale",
        {"from": "2022-04-01", "to": "2023-03-31", "part": "denominator", "format": "csv"},
    ).content.decode()
    assert len(csv_body.strip().splitlines()) == 1 + 3


def test_scorecard_pages_and_exports_for_managers_only(
    service: dict[str, Any], client_for: Any
) -> None:
    assert client_for(Role.IRO).get("/scorecard/").status_code == 403
    client = client_for(Role.HEAD_OF_SERVICE)
    page = client.get("/scorecard/", {"year": "2022"}).content.decode()
    assert "2022–23" in page and "<svg" in page
    xlsx = client.get("/scorecard/export", {"year": "2022", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    monthly = client.get("/scorecard/monthly", {"year": "2022", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert monthly.splitlines()[0].startswith("Section,Measure,Key,Apr 2022")
    # The monthly scorecard charts its percentages (the one chart implementation), beside its
    # table, in SVG the Content-Security-Policy allows.
    monthly_page = client.get("/scorecard/monthly", {"year": "2022"}).content.decode()
    assert 'class="iro-chart"' in monthly_page and "percentages by month" in monthly_page
    assert "Measures by month" in monthly_page and " style=" not in monthly_page


def test_drill_down_hides_a_restricted_childs_name(
    service: dict[str, Any], client_for: Any
) -> None:
    service["a"].restricted = True
    service["a"].save()
    body = (
        client_for(Role.IRO_MANAGER)
        .get("/scorecard/measures/reviews_held", {"from": "2022-04-01", "to": "2023-03-31"})
        .content.decode()
    )
    assert "Restricted record" in body and "A Tester" not in body
    assert "B Tester" in body


def test_overdue_at_end_agrees_with_the_stored_timetable_for_today() -> None:
    from django.utils import timezone

    from iro.children.selectors import review_schedule, schedule_context
    from iro.reporting.measures import measure_by_key
    from iro.reporting.selectors import drill_down_for
    from iro.seeding.demo import load_demo

    today = timezone.localdate()
    load_demo(as_of=today, children=80, seed=7)
    stored = {
        c.pk
        for c in review_schedule(schedule_context(today))
        if c.current_period.next_review_due and c.current_period.next_review_due < today
    }
    # The year under way is reported as at today, so its "overdue at the end" is today's.
    year = reporting_period(financial_year(financial_year_containing(today)))
    assert compute_scorecard(year)["reviews_overdue_at_end"] == {"count": len(stored)}
    assert measure_by_key("reviews_overdue_at_end", year) is not None
    listing = drill_down_for("reviews_overdue_at_end", year, Scope(), "numerator")
    assert listing is not None
    assert {p.child_id for p in listing.records} == stored


def test_overdue_at_the_end_of_a_past_year_from_the_review_history(
    service: dict[str, Any],
) -> None:
    # A review held after 31 March 2023 does not change who was overdue on it: A's third
    # review (due 26 March 2023) held in April was still overdue on 31 March.
    review_record_held(
        acting_user=None, child=service["a"], held_on=date(2023, 4, 20), participation_code="PN1"
    )
    review_record_held(
        acting_user=None, child=service["b"], held_on=date(2023, 4, 3), participation_code="PN0"
    )
    assert compute_scorecard(YEAR)["reviews_overdue_at_end"] == {"count": 2}


def test_overdue_on_a_past_day_counts_a_child_who_left_care_overdue(
    make_child: Any,
) -> None:
    """Hand-counted, each child in care from 1 June 2022 with a first review held:
    - L: first review 20 Jun, second due 20 Sep never held; left care 31 Oct (left overdue).
    - T: first review 15 Jul, second due 15 Oct; left care 10 Oct (left on time).
    - O: first review 20 Jun, second held late on 5 Oct (due 20 Sep); still in care.
    """
    from iro.reporting.selectors import drill_down_for

    def child(name: str, held: list[date], left: date | None) -> Child:
        made = make_child(first_name=name, start_date=date(2022, 6, 1))
        for day in held:
            review_record_held(acting_user=None, child=made, held_on=day, participation_code="PN1")
        if left is not None:
            _leave_care(made, left, "E4A")
        return made

    left_overdue = child("L", [date(2022, 6, 20)], date(2022, 10, 31))
    left_on_time = child("T", [date(2022, 7, 15)], date(2022, 10, 10))
    child("O", [date(2022, 6, 20), date(2022, 10, 5)], None)
    period = PeriodOfCare.objects.get(child=left_overdue)
    assert period.next_review_due is None and period.review_due_when_left == date(2022, 9, 20)
    assert PeriodOfCare.objects.get(child=left_on_time).review_due_when_left == date(2022, 10, 15)

    def overdue(day: date, *, today: date | None = None) -> tuple[int, set[str]]:
        asked = ReportingPeriod(date(2022, 4, 1), day)
        count = compute_scorecard(asked, today=today)["reviews_overdue_at_end"]["count"]
        reported = reporting_period(asked, today)
        listing = drill_down_for("reviews_overdue_at_end", reported, Scope(), "numerator")
        assert listing is not None
        return count, {p.child.first_name for p in listing.records}

    # 10 September: nobody was overdue yet.
    assert overdue(date(2022, 9, 10)) == (0, set())
    # 30 September: L (due 20 Sep, left later still overdue) and O (held late on 5 Oct); T's
    # review was not due until 15 October.
    assert overdue(date(2022, 9, 30)) == (2, {"L", "O"})
    # 14 October: L still in care and overdue; T has left, O's review was held.
    assert overdue(date(2022, 10, 14)) == (1, {"L"})
    # A year under way reported to date: as at 14 October 2022, the same children.
    year = ReportingPeriod(date(2022, 4, 1), date(2023, 3, 31))
    assert overdue(year.date_to, today=date(2022, 10, 14)) == (1, {"L"})
    assert reporting_period(year, date(2022, 10, 14)).to_date


def test_a_period_ending_after_today_is_reported_to_date(
    service: dict[str, Any], capsys: Any
) -> None:
    today = date(2023, 3, 10)
    figures = compute_scorecard(YEAR, today=today)
    # On 10 March 2023 only D (first review due 1 March) was overdue; A's was due 26 March.
    assert figures["reviews_overdue_at_end"] == {"count": 1}
    months = figures["children_looked_after_monthly_average"]["months"]
    assert list(months)[-1] == "2023-03-10"
    with time_machine.travel(date(2023, 3, 10), tick=False):
        call_command("scorecard", "--from", "2022-04-01", "--to", "2023-03-31")
        payload = json.loads(capsys.readouterr().out)
        assert payload["as_at"] == "2023-03-10" and payload["to_date"] is True
        assert payload["to"] == "2023-03-31"
        with pytest.raises(CommandError, match="not begun"):
            call_command("scorecard", "--from", "2023-04-01", "--to", "2024-03-31")


def test_year_menus_offer_no_year_that_has_not_begun(client_for: Any) -> None:
    with time_machine.travel(date(2026, 12, 1), tick=False):
        client = client_for(Role.IRO_MANAGER)
        page = client.get("/scorecard/", {"year": "2027"}).content.decode()
        assert 'value="2027"' not in page and "2026 to 2027 (to date)" in page
        assert "Scorecard 2026 to 2027 to date" in page and "2026–27 to date" in page
        assert "as at 1 December 2026" in page
        monthly = client.get("/scorecard/monthly", {"year": "2026"}).content.decode()
        assert "Dec 2026 to date" in monthly and "Jan 2027" not in monthly
        reports = client.get("/annual-report/").content.decode()
        assert "2027 to 2028" not in reports and "2026 to 2027" in reports
        assert client.get("/annual-report/2027/").status_code == 404


def test_several_periods_counted_together_equal_each_counted_alone(
    service: dict[str, Any],
) -> None:
    from iro.reporting.arithmetic import months_in
    from iro.reporting.scorecard import compute_scorecards

    today = date(2023, 6, 1)
    periods = [financial_year(2021), YEAR, financial_year(2023)]
    months = [ReportingPeriod(a, b) for a, b in months_in(YEAR.date_from, YEAR.date_to)]
    for group in (periods, months):
        together = compute_scorecards(group, today=today)
        alone = [compute_scorecard(p, today=today) for p in group]
        assert together == alone
