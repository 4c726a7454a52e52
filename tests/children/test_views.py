from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import Child, IROAllocation

pytestmark = pytest.mark.django_db


def test_manager_adds_a_child_coming_into_care_and_first_review_is_due_in_20_working_days(
    client_for: Any,
) -> None:
    client = client_for(Role.IRO_MANAGER)
    response = client.post(
        "/children/new",
        {
            "la_child_id": "A1234",
            "first_name": "Ruby",
            "last_name": "Stone",
            "date_of_birth_day": "14",
            "date_of_birth_month": "3",
            "date_of_birth_year": "2015",
            "sex": "F",
            "ethnicity": "WBRI",
            "start_date_day": "25",
            "start_date_month": "5",
            "start_date_year": "2022",
            "legal_status": "C1",
            "placement": "U4",
            "category_of_need": "N1",
        },
    )
    child = Child.objects.get(la_child_id="A1234")
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/"
    period = child.current_period
    assert period is not None
    # Platinum Jubilee bank holidays (2 and 3 June 2022) are skipped.
    assert period.next_review_due == date(2022, 6, 24)
    assert period.iro_allocation_due == date(2022, 6, 1)
    assert AuditEntry.objects.filter(
        object_type="child", child_id=child.pk, action="create"
    ).exists()


def test_add_child_with_impossible_date_shows_govuk_errors_and_saves_nothing(
    client_for: Any,
) -> None:
    client = client_for(Role.IRO_MANAGER)
    response = client.post(
        "/children/new",
        {
            "la_child_id": "A1234",
            "first_name": "Ruby",
            "last_name": "",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2015",
            "start_date_day": "",
            "start_date_month": "5",
            "start_date_year": "2022",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Date of birth must be a real date" in body
    assert "Date care started must include a day" in body
    assert "Enter the child's last name" in html.unescape(body)
    assert "Select the legal status" in body
    assert 'href="#id_date_of_birth_day"' in body
    assert not Child.objects.exists()


def test_manager_transfers_a_child_and_history_keeps_both_iros(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    first, second = make_iro("Priya Shah"), make_iro("Daniel Okafor")
    child = make_child(iro=first)
    client = client_for(Role.IRO_MANAGER)
    today = timezone.localdate()
    response = client.post(
        f"/children/{child.pk}/allocate-iro",
        {
            "iro": second.pk,
            "start_date_day": today.day,
            "start_date_month": today.month,
            "start_date_year": today.year,
            "reason": "Caseload balancing",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.iro == second
    history = list(IROAllocation.objects.filter(child=child).order_by("start_date", "id"))
    assert [(a.iro, a.end_date) for a in history] == [(first, today), (second, None)]
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "Caseload balancing" in page and "Priya Shah" in page


def test_transfer_without_a_reason_is_refused_with_a_field_error(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    first, second = make_iro("Priya Shah"), make_iro("Daniel Okafor")
    child = make_child(iro=first)
    today = timezone.localdate()
    response = client_for(Role.IRO_MANAGER).post(
        f"/children/{child.pk}/allocate-iro",
        {
            "iro": second.pk,
            "start_date_day": today.day,
            "start_date_month": today.month,
            "start_date_year": today.year,
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert "Enter the reason for the transfer" in response.content.decode()
    child.refresh_from_db()
    assert child.iro == first


def test_iro_cannot_allocate(client_for: Any, make_child: Any) -> None:
    child = make_child()
    assert client_for(Role.IRO).get(f"/children/{child.pk}/allocate-iro").status_code == 403


def test_child_page_shows_timetable_and_records_the_view(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    child = make_child(iro=make_iro(), start_date=date(2022, 5, 25))
    client = client_for(Role.AUDITOR)
    body = client.get(f"/children/{child.pk}/").content.decode()
    assert "24 June 2022" in body  # first review due
    assert "20 working days after coming into care on 25 May 2022" in body
    assert AuditEntry.objects.filter(action="view", child_id=child.pk).count() == 1


def test_children_list_filters_by_search_and_iro(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    iro = make_iro()
    make_child(first_name="Ruby", last_name="Stone", iro=iro)
    make_child(first_name="Theo", last_name="Marsh")
    client = client_for(Role.IRO_MANAGER)
    body = client.get("/children/", {"q": "stone"}).content.decode()
    assert "Ruby Stone" in body and "Theo Marsh" not in body
    body = client.get("/children/", {"iro": iro.pk}).content.decode()
    assert "Ruby Stone" in body and "Theo Marsh" not in body


def test_my_children_lists_only_the_iros_children_most_urgent_first(
    client: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    mine, other = make_iro("Priya Shah"), make_iro("Daniel Okafor")
    make_child(first_name="Later", start_date=today - timedelta(days=1), iro=mine)
    make_child(first_name="Overdue", start_date=today - timedelta(days=60), iro=mine)
    make_child(first_name="Notmine", start_date=today - timedelta(days=60), iro=other)
    client.force_login(mine.user)
    body = client.get("/my-children/").content.decode()
    assert "Notmine" not in body
    assert body.index("Overdue Tester") < body.index("Later Tester")
    assert "govuk-tag--red" in body


def test_reviews_due_filters_by_status(client_for: Any, make_iro: Any, make_child: Any) -> None:
    today = timezone.localdate()
    iro = make_iro()
    make_child(first_name="Overdue", start_date=today - timedelta(days=60), iro=iro)
    make_child(first_name="Waiting", start_date=today - timedelta(days=1))
    client = client_for(Role.IRO_MANAGER)
    body = client.get("/reviews/due/", {"status": "no_iro"}).content.decode()
    assert "Waiting Tester" in body and "Overdue Tester" not in body


@pytest.mark.parametrize("url", ["/my-children/", "/reviews/due/", "/children/"])
def test_list_pages_issue_the_same_number_of_queries_for_3_and_30_children(
    url: str, client: Any, make_iro: Any, make_child: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    iro = make_iro()
    user = iro.user
    if url != "/my-children/":
        from django.contrib.auth.models import Group

        from iro.accounts.models import User

        user = User.objects.create(username="mgr")
        user.groups.add(Group.objects.get(name=Role.IRO_MANAGER.value))
    client.force_login(user)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        make_child(iro=iro)
    small = count()
    for _ in range(27):
        make_child(iro=iro)
    # Fixed ceilings: the count stays the same as children are added and does not creep up.
    assert count() == small <= {"/children/": 18, "/my-children/": 23, "/reviews/due/": 17}[url]


def test_child_page_query_count_does_not_grow_with_history(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from iro.reviews.services import review_record_held

    child = make_child(iro=make_iro(), start_date=date(2020, 1, 6))
    client = client_for(Role.IRO_MANAGER)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/children/{child.pk}/")
    for held in (date(2020, 1, 30), date(2020, 4, 20), date(2020, 10, 1), date(2021, 3, 1)):
        review_record_held(acting_user=None, child=child, held_on=held, participation_code="PN1")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/children/{child.pk}/")
    assert len(many) == len(few) <= 40


def _allocate(client: Any, child: Any, iro: Any, day: date, told: date | None) -> Any:
    data: dict[str, Any] = {
        "iro": iro.pk,
        "start_date_day": day.day,
        "start_date_month": day.month,
        "start_date_year": day.year,
        "reason": "",
    }
    if told is not None:
        data |= {
            "notified_on_day": told.day,
            "notified_on_month": told.month,
            "notified_on_year": told.year,
        }
    return client.post(f"/children/{child.pk}/allocate-iro", data)


def test_first_allocation_records_when_the_iro_service_was_told(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    iro = make_iro("Priya Shah")
    child = make_child(start_date=date(2026, 11, 2))
    client = client_for(Role.IRO_MANAGER)
    form = client.get(f"/children/{child.pk}/allocate-iro").content.decode()
    assert "Date the IRO service was told the child came into care" in form
    response = _allocate(client, child, iro, date(2026, 11, 9), date(2026, 11, 5))
    assert response.status_code == 302, response.content.decode()
    period = child.periods.get()
    assert period.iro_notified_on == date(2026, 11, 5)
    # Due 2 working days after coming into care (Monday 2 to Wednesday 4 November): late.
    assert period.iro_notification_due == date(2026, 11, 4)
    entry = AuditEntry.objects.filter(child_id=child.pk, summary__startswith="Allocated").get()
    assert entry.changes["iro_notified_on"] == [None, "2026-11-05"]
    # Once recorded it is not asked again: the transfer form says when it was.
    form = client.get(f"/children/{child.pk}/allocate-iro").content.decode()
    assert 'name="notified_on_day"' not in form
    assert "The IRO service was told the child came into care on 5 November 2026" in form


@pytest.mark.parametrize(
    ("told", "message"),
    [
        (date(2026, 10, 30), "must be after the date care started, 2 November 2026"),
        (date(2026, 11, 10), "must be the same as or before the date of allocation"),
        (date(2026, 12, 30), "must be today or in the past"),
    ],
)
def test_a_notification_date_that_does_not_fit_is_refused_and_nothing_saved(
    client_for: Any, make_iro: Any, make_child: Any, told: date, message: str
) -> None:
    iro = make_iro("Priya Shah")
    child = make_child(start_date=date(2026, 11, 2))
    response = _allocate(client_for(Role.IRO_MANAGER), child, iro, date(2026, 11, 9), told)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Date the IRO service was told the child came into care " + message in page
    assert not IROAllocation.objects.filter(child=child).exists()
    assert child.periods.get().iro_notified_on is None
