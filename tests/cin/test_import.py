"""Importing the CIN census's section 47 and child protection plan modules: all or nothing,
a report per row, idempotent, from the command line and the upload page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import Child
from iro.cin.models import CinImport
from iro.cin.reading import read_census
from iro.cin.services import cin_import
from iro.conferences.models import ChildProtectionPlan, Conference, Section47Enquiry
from iro.timetable.calendar import default_calendar

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def _content(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _state() -> tuple[Any, ...]:
    return (
        list(Child.objects.order_by("pk").values_list()),
        list(Section47Enquiry.objects.order_by("pk").values_list()),
        list(ChildProtectionPlan.objects.order_by("pk").values_list()),
        list(Conference.objects.order_by("pk").values_list()),
    )


def test_a_good_file_is_imported_with_its_timetable() -> None:
    outcome = cin_import(acting_user=None, content=_content("good.xml"), file_name="good.xml")
    assert outcome.loaded and not outcome.errors
    assert Child.objects.filter(la_child_id__in=["CIN001", "CIN002"]).count() == 2
    ava = Child.objects.get(la_child_id="CIN001")
    assert (ava.date_of_birth, ava.sex, ava.current_period_id) == (date(2018, 2, 10), "F", None)
    plan = ChildProtectionPlan.objects.get(child=ava)
    assert (plan.initial_category, plan.latest_category, plan.previous_plans) == ("NEG", "MUL", 1)
    assert plan.end_date == date(2026, 2, 20) and plan.next_review_due is None
    icpc = Conference.objects.get(child=ava, kind="initial")
    # 15 working days from Mon 7 April 2025 (Good Friday 18, Easter Monday 21 April) = 30 April.
    assert (icpc.due_date, icpc.in_timescale, icpc.plan, icpc.decision) == (
        date(2025, 4, 30),
        True,
        plan,
        "plan",
    )
    reviews = list(Conference.objects.filter(child=ava, kind="review").order_by("held_on"))
    assert [(r.number, r.due_date, r.in_timescale) for r in reviews] == [
        (1, date(2025, 7, 28), True),
        (2, date(2026, 1, 25), False),
    ]
    assert reviews[-1].decision == "ends"
    bea = Child.objects.get(la_child_id="CIN002")
    assert Section47Enquiry.objects.filter(child=bea, icpc_not_required=True).count() == 1
    late = Conference.objects.get(child=bea, kind="initial")
    assert late.in_timescale is False  # due 2 February 2026, held 4 February
    assert ChildProtectionPlan.objects.get(child=bea).next_review_due == date(2026, 5, 4)
    run = CinImport.objects.get()
    assert run.status == CinImport.Status.LOADED and run.counts["created"] > 0
    assert AuditEntry.objects.filter(object_type="cin_import", action="import").count() == 1


def test_a_second_import_of_the_same_file_changes_nothing() -> None:
    cin_import(acting_user=None, content=_content("good.xml"), file_name="good.xml")
    before = _state()
    again = cin_import(acting_user=None, content=_content("good.xml"), file_name="good.xml")
    assert _state() == before
    assert again.counts["created"] == 0 and again.counts["changed"] == 0
    assert (
        again.counts["unchanged"]
        == again.counts["enquiries"] + again.counts["plans"] + again.counts["conferences"]
    )


def test_the_import_matches_children_already_in_the_register(
    make_child: Callable[..., Child],
) -> None:
    in_care = make_child(la_child_id="CIN001", date_of_birth=date(2018, 2, 10))
    cin_import(acting_user=None, content=_content("good.xml"), file_name="good.xml")
    plan = ChildProtectionPlan.objects.get(child__la_child_id="CIN001")
    assert plan.child_id == in_care.pk  # looked after and on a plan: one child
    assert Child.objects.filter(la_child_id="CIN001").count() == 1


def test_errors_block_the_whole_file_and_are_reported_per_row() -> None:
    before = _state()
    outcome = cin_import(acting_user=None, content=_content("bad_dates.xml"), file_name="bad.xml")
    assert _state() == before  # the good child in the same file is not written either
    problems = {(i.child, i.field): i for i in outcome.errors}
    assert problems[("CIN102", "S47ActualStartDate")].value == "2025-02-30"
    assert problems[("CIN102", "S47ActualStartDate")].path == (
        "Message/Children/Child[2]/CINdetails[1]/Section47[1]"
    )
    assert "must be one of" in problems[("CIN102", "InitialCategoryOfAbuse")].problem
    run = CinImport.objects.get()
    assert run.status == CinImport.Status.REFUSED and run.error_count == len(outcome.errors)


def test_a_date_before_the_registers_date_of_birth_blocks_the_file(
    make_child: Callable[..., Child],
) -> None:
    make_child(la_child_id="CIN001", date_of_birth=date(2025, 5, 1), start_date=date(2025, 6, 1))
    before = _state()
    outcome = cin_import(acting_user=None, content=_content("good.xml"), file_name="good.xml")
    assert _state() == before
    assert any(
        i.field == "S47ActualStartDate" and "date of birth, 1 May 2025" in i.problem
        for i in outcome.errors
    )


@pytest.mark.parametrize(
    ("name", "problem"),
    [("entities.xml", "entities or a DTD"), ("truncated.xml", "not readable XML")],
)
def test_unsafe_or_unreadable_xml_is_refused(name: str, problem: str) -> None:
    census = read_census(_content(name), calendar=default_calendar())
    assert problem in census.errors[0].problem
    before = _state()
    cin_import(acting_user=None, content=_content(name), file_name=name)
    assert _state() == before


def test_a_target_date_that_differs_from_the_rule_is_a_warning() -> None:
    xml = _content("good.xml").replace(b"2025-04-30", b"2025-04-29")
    census = read_census(xml, calendar=default_calendar())
    assert not census.errors
    assert [w.field for w in census.warnings] == ["InitialCPCtarget"]


def test_the_command_imports_checks_and_refuses() -> None:
    out = StringIO()
    call_command("import_cin", str(FIXTURES / "good.xml"), "--dry-run", stdout=out)
    assert "Checked (nothing written)" in out.getvalue()
    assert not ChildProtectionPlan.objects.exists() and not CinImport.objects.exists()
    call_command("import_cin", str(FIXTURES / "good.xml"), stdout=out)
    assert ChildProtectionPlan.objects.count() == 2
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_cin", str(FIXTURES / "bad_dates.xml"), stdout=StringIO())


def test_the_upload_page_imports_for_a_manager(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.IRO_MANAGER)
    assert client.get(reverse("cin:upload")).status_code == 200
    upload = SimpleUploadedFile("census.xml", _content("good.xml"), content_type="text/xml")
    response = client.post(reverse("cin:upload"), {"census_file": upload})
    assert response.status_code == 302
    run = CinImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "What changed" in page
    listing = client.get(reverse("cin:imports")).content.decode()
    assert "census.xml" in listing
    report = client.get(reverse("cin:report_csv", args=[run.pk]))
    assert report.status_code == 200


def test_the_upload_page_shows_the_report_of_a_refused_file(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.BUSINESS_SUPPORT)
    upload = SimpleUploadedFile("bad.xml", _content("bad_dates.xml"), content_type="text/xml")
    response = client.post(reverse("cin:upload"), {"census_file": upload}, follow=True)
    page = response.content.decode()
    assert "Refused: nothing imported" in page and "S47ActualStartDate" in page
    assert not ChildProtectionPlan.objects.exists()


def test_the_upload_page_checks_without_importing(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.IRO_MANAGER)
    upload = SimpleUploadedFile("census.xml", _content("good.xml"), content_type="text/xml")
    response = client.post(reverse("cin:upload"), {"census_file": upload, "dry_run": "on"})
    assert "nothing was imported" in response.content.decode()
    assert not ChildProtectionPlan.objects.exists()


@pytest.mark.parametrize("role", [Role.IRO, Role.OPERATIONAL, Role.AUDITOR])
def test_other_roles_are_refused_the_cin_pages(client_for: Callable[..., Any], role: Role) -> None:
    client = client_for(role)
    assert client.get(reverse("cin:imports")).status_code == 403
    assert AuditEntry.objects.filter(action="denied").exists()


def test_the_import_list_issues_a_constant_number_of_queries(
    client_for: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    client = client_for(Role.IRO_MANAGER)
    cin_import(acting_user=None, content=_content("good.xml"), file_name="a.xml")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("cin:imports"))
    for _ in range(3):
        cin_import(acting_user=None, content=_content("good.xml"), file_name="b.xml")
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("cin:imports"))
    assert len(large) == len(small)
