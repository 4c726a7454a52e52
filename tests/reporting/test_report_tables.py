"""Every table of a council IRO annual report, on a hand-built year (April 2025 to March 2026):
each figure equal to the scorecard's, hand counts for the report's own measures, the records
behind each figure, the restricted legal advice table, the definitions appendix, the priorities
pages (bad input, roles, audit, concurrent edits) and a constant number of queries."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child
from iro.children.services import iro_allocate
from iro.core.council import council_settings
from iro.disputes.models import DisputeMeeting, DisputeStage, SystemicIssue
from iro.disputes.services import dispute_raise, legal_advice_record
from iro.monitoring.models import MidpointReview
from iro.monitoring.services import oversight_record
from iro.reporting import report_measures
from iro.reporting.annual_report import annual_report_save_narrative, build_report
from iro.reporting.arithmetic import ReportingPeriod, financial_year
from iro.reporting.measures import Scope
from iro.reporting.models import Priority
from iro.reporting.report_documents import render_docx, render_pdf, render_xlsx
from iro.reporting.report_sections import LEGAL_CONTEXT, SECTIONS
from iro.reporting.scorecard import (
    compute_scorecard,
    compute_scorecards,
    measures_for,
    reporting_period,
)
from iro.reporting.selectors import drill_down_for, figure_text
from iro.reviews.models import Convening, Invitee, Reschedule, Review
from iro.reviews.services import review_record_held
from iro.voice.models import (
    AdvocacyReferral,
    Compliment,
    Consultation,
    FeedbackRequest,
    FeedbackResponse,
    IndependentVisitorRecord,
)
from tests.editing import version_from

pytestmark = pytest.mark.django_db

YEAR = 2025
PERIOD = ReportingPeriod(date(2025, 4, 1), date(2026, 3, 31))
D = date


def _held(child: Child, day: date, iro: ReviewingOfficer, code: str = "PN1") -> Review:
    # The review's chair is the child's IRO.
    return review_record_held(acting_user=None, child=child, held_on=day, participation_code=code)


def _convened(review: Review, request: tuple[date, date], plan: tuple[date, date], parent: bool):
    convening = Convening.objects.create(
        child=review.child,
        period=review.period,
        status=Convening.Status.HELD,
        proposed_date=review.held_on,
        review=review,
        convening_request_due=request[0],
        convening_request_received_on=request[1],
        reports_due=plan[0],
        care_plan_received_on=plan[1],
    )
    Invitee.objects.create(
        convening=convening,
        role="parent",
        name="A parent",
        invited=parent,
        not_invited_reason="" if parent else "Court order",
    )
    return convening


def _feedback(review: Review, rating: int, consent: bool, said: str) -> None:
    request = FeedbackRequest.objects.create(
        review=review,
        respondent_type="parent",
        token_hash=hashlib.sha256(said.encode()).hexdigest(),
    )
    FeedbackResponse.objects.create(
        request=request,
        rating=rating,
        went_well=said,
        could_be_better="Start on time",
        consent_to_quote=consent,
        received_on=review.held_on,
    )


def _extra_children(make_child: Any, iro: ReviewingOfficer, n: int) -> None:
    for i in range(n):
        child = make_child(start_date=D(2024, 2, 1), iro=iro)
        _held(child, D(2025, 6, 2 + i), iro)


@pytest.fixture
def service(make_iro: Any, make_child: Any) -> dict[str, Any]:
    settings = council_settings()
    settings.child_population = 20000
    settings.iro_establishment_fte = Decimal("2.00")
    settings.iro_vacancies = 1
    settings.save()
    a = make_iro("Priya Shah")
    b = make_iro("Tom Fielding", fte="0.50")
    b.contract = ReviewingOfficer.Contract.AGENCY
    b.other_duties = "Chairs child protection conferences"
    b.other_duties_weight = Decimal("0.20")
    b.save()
    left = make_iro("Old Hand")
    left.end_date = D(2024, 12, 31)
    left.save()

    # In care all year with one IRO; three reviews in the year.
    one = make_child(start_date=D(2024, 1, 10), iro=a, date_of_birth=D(2012, 3, 14))
    r1 = _held(one, D(2025, 5, 1), a)
    r2 = _held(one, D(2025, 8, 1), a, "PN5")
    r3 = _held(one, D(2026, 1, 12), a, "PN7")
    # Came into care in the year: not in care all year.
    two = make_child(start_date=D(2025, 6, 2), iro=a)
    iro_allocate(acting_user=None, child=two, iro=b, start_date=D(2025, 10, 1), reason="Caseloads")
    # In care all year, moved from one IRO to another in it.
    three = make_child(start_date=D(2023, 1, 9), iro=a)
    iro_allocate(acting_user=None, child=three, iro=b, start_date=D(2025, 9, 1), reason="Caseloads")

    # Convening: request in time and plan late; request late and plan in time (no parent).
    c2 = _convened(r2, (D(2025, 7, 18), D(2025, 7, 17)), (D(2025, 7, 29), D(2025, 7, 30)), True)
    _convened(r3, (D(2025, 12, 19), D(2025, 12, 22)), (D(2026, 1, 7), D(2026, 1, 6)), False)
    Reschedule.objects.create(
        convening=c2, from_date=D(2025, 7, 25), to_date=D(2025, 8, 1), reason="Social worker away"
    )
    Reschedule.objects.create(
        convening=c2, from_date=D(2025, 3, 20), to_date=D(2025, 7, 25), reason="Last year"
    )
    for day, status, reason in (
        (D(2025, 7, 1), Review.Status.CANCELLED, "Child unwell"),
        (D(2025, 11, 3), Review.Status.ADJOURNED, "Care plan not ready"),
    ):
        Review.objects.create(
            child=one, period=r1.period, held_on=day, status=status, status_reason=reason, chair=a
        )
    Consultation.objects.create(
        child=one, review=r1, consulted_on=D(2025, 4, 28), method="in_person"
    )
    Consultation.objects.create(child=one, review=r2, consulted_on=D(2025, 7, 28), method="phone")

    for day in (D(2025, 10, 15), D(2025, 3, 1)):
        oversight = oversight_record(acting_user=a.user, child=one, date=day, type="midpoint")
        MidpointReview.objects.create(
            oversight=oversight,
            last_review=r1,
            working_well="Settled at school",
            worried_about="Contact",
            needs_to_happen="Plan contact",
            scale=6,
        )

    stages = {s.key: s for s in DisputeStage.objects.all()}
    common = {"acting_user": a.user, "iro": a, "child": one, "outcome_sought": "A plan"}
    dispute_raise(
        category="drift_delay",
        summary="Drift",
        raised_on=D(2025, 5, 12),
        stage=stages["informal"],
        responder_name="Team manager",
        **common,
    )
    dispute_raise(
        category="no_care_plan",
        summary="No plan",
        raised_on=D(2025, 9, 1),
        stage=stages["stage_1"],
        responder_name="Team manager",
        **common,
    )
    for day in (D(2025, 6, 4), D(2025, 6, 18), D(2026, 4, 2)):
        DisputeMeeting.objects.create(held_on=day, attendees="IRO manager")
    legal_advice_record(
        acting_user=a.user,
        iro=a,
        sought_on=D(2025, 11, 20),
        adviser="Counsel",
        summary="Whether to refer to Cafcass",
    )
    SystemicIssue.objects.create(
        raised_on=D(2025, 10, 1),
        raised_with="Director",
        title="Late care plans",
        description="Plans arrive late",
        response="An audit",
    )

    Compliment.objects.create(
        received_on=D(2025, 6, 1),
        from_type="carer",
        summary="A kind and clear IRO",
        consent_to_quote=True,
    )
    Compliment.objects.create(
        received_on=D(2025, 7, 1),
        from_type="parent",
        summary="Not to be quoted",
    )
    _feedback(r1, 5, True, "Everyone listened")
    _feedback(r2, 2, False, "Private view")

    for referred, accepted in (
        (D(2025, 5, 1), D(2025, 5, 11)),
        (D(2025, 6, 1), D(2025, 6, 21)),
        (D(2025, 7, 1), D(2025, 7, 31)),
        (D(2026, 3, 20), D(2026, 4, 10)),  # started after the year
    ):
        AdvocacyReferral.objects.create(
            child=one, referred_on=referred, referred_by="iro", accepted_on=accepted
        )
    for referred, matched in ((D(2025, 4, 10), D(2025, 5, 10)), (D(2025, 8, 1), D(2025, 8, 11))):
        IndependentVisitorRecord.objects.create(
            child=three,
            discussed_on=referred,
            wanted=True,
            referred_on=referred,
            matched_on=matched,
        )

    Priority.objects.create(
        year=2025,
        title="Minutes on time",
        owner="IRO manager",
        status="achieved",
        progress="Done",
    )
    Priority.objects.create(
        year=2026, title="More feedback", owner="IRO team", due_on=D(2026, 9, 30)
    )
    return {"a": a, "b": b, "one": one}


def _table(report: Any, key: str) -> Any:
    section = next(s for s in report.sections if s.spec.key == key)
    assert section.table is not None, key
    return section


def test_every_table_is_in_the_report_with_the_scorecards_figures(service: Any) -> None:
    report = build_report(YEAR)
    periods = [reporting_period(financial_year(y)) for y in (YEAR - 2, YEAR - 1, YEAR)]
    results = compute_scorecards(periods, Scope())
    labels = {m.key: m.label for m in measures_for(periods[-1])}
    for spec in SECTIONS:
        section = next(s for s in report.sections if s.spec.key == spec.key)
        if not spec.measure_keys:
            continue
        assert section.table is not None, spec.key
        rows = {row[0]: row[1:] for row in section.table.rows}
        for key in spec.measure_keys:
            assert labels[key] in rows, (spec.key, key)
            assert rows[labels[key]] == [figure_text(r.get(key)) for r in results], key
    titles = {t.title for t in report.tables()}
    for expected in (
        "Reasons meetings were moved, adjourned or cancelled",
        "Informal disputes by category",
        "Formal disputes by category",
        "Disputes by the highest stage reached",
        "Compliments quoted with consent",
        "360 feedback quoted with consent",
        "Children per full-time IRO on 31 March 2026",
        "The IRO team and additional duties on 31 March 2026",
        "Systemic issues raised",
        "Priorities for 2025 to 2026",
        "Priorities for 2026 to 2027",
        "Definitions of the figures",
    ):
        assert expected in titles, expected
    restricted = {t.title for t in build_report(YEAR, restricted=True).tables()} - titles
    assert restricted == {"What independent legal advice was sought about"}


def test_the_reports_own_measures_by_hand(service: Any) -> None:
    f = compute_scorecard(PERIOD)
    rate = lambda n, d: {"numerator": n, "denominator": d, "percent": round(100 * n / d, 1)}  # noqa: E731
    assert f["children_looked_after_at_end"] == {"count": 3}
    assert f["children_looked_after_per_10000"]["count"] == 1.5  # 3 × 10,000 ÷ 20,000
    assert f["children_with_more_than_two_reviews"] == {"count": 1}
    assert f["parents_invited"] == rate(1, 2)  # the review without a convening record is left out
    assert f["convening_request_in_timescale"] == rate(1, 2)
    assert f["care_plan_received_in_timescale"] == rate(1, 2)
    assert f["reviews_rescheduled"] == {"count": 1}
    assert f["reviews_adjourned"] == {"count": 1}
    assert f["reviews_cancelled"] == {"count": 1}
    assert f["reviews_held"] == {"count": 3}  # cancelled and adjourned meetings are not reviews
    assert f["consultation_in_person"] == {"count": 1}
    assert f["consultation_phone"] == {"count": 1}
    assert f["midpoint_reviews"] == {"count": 1}
    assert f["disputes_raised"] == {"count": 2}
    assert f["disputes_by_stage_reached"] == {"Informal": 1, "Formal stage 1": 1}
    assert f["dispute_meetings_held"] == {"count": 2}
    assert f["legal_advice_sought"] == {"count": 1}
    assert f["feedback_responses"] == {"count": 2}
    assert f["feedback_rated_good"] == rate(1, 2)
    assert f["advocacy_wait_median_days"] == {"count": 20.0, "records": 3}
    assert f["independent_visitor_wait_median_days"] == {"count": 20.0, "records": 2}
    assert f["iros_in_post"] == {"count": 2}
    assert f["iros_permanent"] == {"count": 1}
    assert f["iros_part_time"] == {"count": 1}
    assert f["iros_agency"] == {"count": 1}
    assert f["iros_with_other_duties"] == {"count": 1}
    assert f["iro_team_fte"] == {"count": 1.5, "records": 2}
    assert f["iro_establishment_fte"] == {"count": 2.0, "records": 2}
    assert f["iro_vacancies"] == {"count": 1, "records": 2}
    assert f["iro_continuity"] == rate(1, 2)  # child three changed IRO; child two came in


def test_no_data_is_not_recorded_never_zero_percent(make_iro: Any) -> None:
    make_iro()
    f = compute_scorecard(PERIOD)
    for key in ("parents_invited", "convening_request_in_timescale", "iro_continuity"):
        assert f[key]["percent"] is None and figure_text(f[key]) == "Not recorded", key
    for key in (
        "children_looked_after_per_10000",  # no child population set
        "advocacy_wait_median_days",
        "iro_establishment_fte",
        "iro_vacancies",
    ):
        assert figure_text(f[key]) == "Not recorded", key
    # A year long past is not given today's establishment.
    settings = council_settings()
    settings.iro_establishment_fte = Decimal("3.00")
    settings.save()
    assert figure_text(compute_scorecard(financial_year(2022))["iro_establishment_fte"]) == (
        "Not recorded"
    )


def test_the_records_behind_each_new_figure_are_the_figure(service: Any) -> None:
    period = reporting_period(PERIOD)
    figures = compute_scorecard(PERIOD)
    for measure in report_measures.measures_for(period):
        value = figures[measure.key]
        listing = drill_down_for(measure.key, period, Scope(), "numerator")
        assert listing is not None, measure.key
        rows = [listing.row(record) for record in listing.records]  # every row renders
        if "percent" in value:
            assert len(rows) == value["numerator"], measure.key
            denominator = drill_down_for(measure.key, period, Scope(), "denominator")
            assert denominator is not None and denominator.records.count() == value["denominator"]
        elif "records" in value:
            assert len(rows) == value["records"], measure.key
        else:
            assert len(rows) == value["count"], measure.key


def test_a_computed_figure_links_to_its_records_on_the_measure_page(
    service: Any, client_for: Any
) -> None:
    client = client_for(Role.IRO_MANAGER)
    response = client.get(
        "/scorecard/measures/advocacy_wait_median_days",
        {"from": "2025-04-01", "to": "2026-03-31"},
    )
    assert response.status_code == 200
    assert 'data-count="3"' in response.content.decode()


def test_what_legal_advice_was_about_is_a_restricted_table(service: Any) -> None:
    # Left out unless the restricted edition is asked for.
    assert not any(t.restricted for t in build_report(YEAR).tables())
    report = build_report(YEAR, restricted=True)
    restricted = [t for t in report.tables() if t.restricted]
    assert [t.title for t in restricted] == ["What independent legal advice was sought about"]
    assert restricted[0].rows == [["20 November 2025", "Counsel", "Whether to refer to Cafcass"]]
    # The count is in the Board's tables; the topic only in the restricted one.
    board = [t for t in report.tables() if not t.restricted]
    assert not any("Whether to refer" in str(row) for t in board for row in t.rows)


def test_quotes_are_only_those_with_consent(service: Any) -> None:
    tables = {t.title: t for t in build_report(YEAR).tables()}
    compliments = tables["Compliments quoted with consent"].rows
    assert compliments == [["1 June 2025", "Carer", "A kind and clear IRO"]]
    feedback = tables["360 feedback quoted with consent"].rows
    assert [row[3] for row in feedback] == ["Everyone listened"]


def test_breakdown_tables_by_hand(service: Any) -> None:
    tables = {t.title: t for t in build_report(YEAR).tables()}
    reasons = tables["Reasons meetings were moved, adjourned or cancelled"].rows
    assert reasons == [
        ["Adjourned", "Care plan not ready", 1],
        ["Cancelled", "Child unwell", 1],
        ["Moved", "Social worker away", 1],
    ]
    formal = tables["Formal disputes by category"].rows
    assert formal == [["No care plan or pathway plan for the review", 0, 0, 1, "100.0%"]]
    team = tables["The IRO team and additional duties on 31 March 2026"].rows
    assert team == [
        ["Priya Shah", 1.0, "Permanent", "None", 0.0, 1.0],
        ["Tom Fielding", 0.5, "Agency", "Chairs child protection conferences", 0.2, 0.4],
    ]
    assert tables["Priorities for 2025 to 2026"].rows == [
        ["Minutes on time", "IRO manager", "Achieved", "Done"]
    ]
    assert tables["Priorities for 2026 to 2027"].rows == [
        ["More feedback", "IRO team", "30 September 2026"]
    ]


def test_appendix_defines_every_figure_the_report_shows(service: Any) -> None:
    report = build_report(YEAR)
    appendix = next(s for s in report.sections if s.spec.key == "appendix")
    rows = appendix.extra_tables[0].rows
    shown = [k for spec in SECTIONS for k in spec.measure_keys]
    assert len(rows) == len(shown)
    assert all(row[2] for row in rows)
    by_label = {row[1]: row[2] for row in rows}
    assert by_label["Reviews held"].startswith("Statutory reviews held in the period")


def test_legal_context_is_the_default_narrative_and_can_be_replaced(db: Any) -> None:
    purpose = next(s for s in build_report(YEAR).sections if s.spec.key == "purpose")
    assert purpose.narrative == LEGAL_CONTEXT and "section 25A" not in LEGAL_CONTEXT.lower()
    assert "25A to 25C of the Children Act 1989" in purpose.narrative
    annual_report_save_narrative(
        acting_user=None, year=YEAR, narrative={"purpose": "Our own words."}
    )
    purpose = next(s for s in build_report(YEAR).sections if s.spec.key == "purpose")
    assert purpose.narrative == "Our own words."


def _queries(callable_: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_report_and_scorecard_queries_do_not_grow_with_the_service(
    service: Any, make_child: Any
) -> None:
    small = (_queries(lambda: build_report(YEAR)), _queries(lambda: compute_scorecard(PERIOD)))
    _extra_children(make_child, service["a"], 6)
    large = (_queries(lambda: build_report(YEAR)), _queries(lambda: compute_scorecard(PERIOD)))
    assert small == large


# --- the priorities pages -----------------------------------------------------------------


def _post(client: Any, path: str, **data: Any) -> Any:
    return client.post(path, data)


def test_manager_adds_and_changes_a_priority_audited(client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    assert client.get("/annual-report/2025/priorities/").status_code == 200
    response = client.post(
        "/annual-report/2025/priorities/new",
        {
            "year": "2026",
            "title": "Feedback after every review",
            "owner": "IRO manager",
            "due_on_day": "30",
            "due_on_month": "9",
            "due_on_year": "2026",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    priority = Priority.objects.get()
    assert (priority.year, priority.due_on) == (2026, D(2026, 9, 30))
    assert AuditEntry.objects.filter(object_type="priority", action="create").exists()
    path = f"/annual-report/2025/priorities/{priority.pk}/edit"
    data = {
        "year": "2026",
        "title": "Feedback after every review",
        "owner": "Head of Service",
        "status": "in_progress",
        **version_from(client, path),
    }
    assert client.post(path, data).status_code == 302
    priority.refresh_from_db()
    assert (priority.owner, priority.status, priority.due_on) == (
        "Head of Service",
        "in_progress",
        None,
    )
    entry = AuditEntry.objects.get(object_type="priority", action="update")
    assert "owner" in entry.changes
    body = client.get("/annual-report/2025/priorities/").content.decode()
    assert "Head of Service" in body


def test_priority_form_bad_input(client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    body = client.post(
        "/annual-report/2025/priorities/new",
        {"year": "2031", "due_on_day": "31", "due_on_month": "2", "due_on_year": "2026"},
    ).content.decode()
    assert "Enter the priority" in body
    assert "Enter who owns it" in body
    assert "Select the status" in body
    assert "must be a real date" in body
    assert "Select a valid choice" in body or "Select the year" in body
    long = client.post(
        "/annual-report/2025/priorities/new",
        {"year": "2025", "title": "x" * 301, "owner": "Me", "status": "planned"},
    ).content.decode()
    assert "300 characters or less" in long
    assert not Priority.objects.exists()


def test_a_concurrent_change_to_a_priority_is_refused(client_for: Any) -> None:
    priority = Priority.objects.create(year=2025, title="First", owner="IRO manager")
    client = client_for(Role.IRO_MANAGER)
    path = f"/annual-report/2025/priorities/{priority.pk}/edit"
    version = version_from(client, path)
    Priority.objects.filter(pk=priority.pk).update(owner="Someone else")
    data = {"year": "2025", "title": "Mine", "owner": "IRO manager", "status": "planned", **version}
    response = client.post(path, data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    priority.refresh_from_db()
    assert priority.title == "First"


@pytest.mark.parametrize("role", [Role.IRO, Role.OPERATIONAL, Role.BUSINESS_SUPPORT])
def test_only_the_manager_changes_priorities(client_for: Any, role: Role) -> None:
    priority = Priority.objects.create(year=2025, title="First", owner="IRO manager")
    client = client_for(role)
    assert client.get("/annual-report/2025/priorities/new").status_code == 403
    assert client.post(f"/annual-report/2025/priorities/{priority.pk}/edit", {}).status_code == 403
    assert AuditEntry.objects.filter(action="denied").count() == 2


def test_priorities_page_queries_do_not_grow(client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    Priority.objects.create(year=2025, title="One", owner="Me")
    client.get("/annual-report/2025/priorities/")  # the council settings row is made once
    small = _queries(lambda: client.get("/annual-report/2025/priorities/"))
    for n in range(5):
        Priority.objects.create(year=2026, title=f"Next {n}", owner="Me")
        Priority.objects.create(year=2025, title=f"This {n}", owner="Me")
    assert _queries(lambda: client.get("/annual-report/2025/priorities/")) == small


def test_a_priority_of_another_year_is_not_found(client_for: Any) -> None:
    priority = Priority.objects.create(year=2020, title="Old", owner="Me")
    client = client_for(Role.IRO_MANAGER)
    assert client.get(f"/annual-report/2025/priorities/{priority.pk}/edit").status_code == 404
    assert client.get("/annual-report/2030/priorities/").status_code == 404


def test_every_document_renders_the_new_tables(service: Any) -> None:
    report = build_report(YEAR)
    assert render_pdf(report).startswith(b"%PDF")
    assert render_docx(report)[:2] == b"PK"
    assert render_xlsx(report)[:2] == b"PK"
