"""Adding a child never overwrites one: an existing child ID is refused with a link to the
child's page, and a child who left care comes back through "Start a new period of care"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iro.accounts.roles import Role
from iro.accounts.services import child_restriction_set
from iro.audit.models import AuditEntry
from iro.children.models import Child, PeriodOfCare
from iro.children.services import period_of_care_start

pytestmark = pytest.mark.django_db


def _date(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def _admit_post(la_child_id: str, started: date) -> dict[str, str]:
    return {
        "la_child_id": la_child_id,
        "first_name": "Imposter",
        "last_name": "Overwrite",
        **_date("date_of_birth", date(2015, 1, 1)),
        "sex": "M",
        "ethnicity": "WOTH",
        **_date("start_date", started),
        "legal_status": "C2",
        "placement": "U4",
        "category_of_need": "N1",
    }


@pytest.fixture
def left_care(make_child: Any) -> Child:
    child = make_child(
        la_child_id="L0001", first_name="Lena", last_name="Left", start_date=date(2022, 5, 25)
    )
    period = child.current_period
    PeriodOfCare.objects.filter(pk=period.pk).update(end_date=date(2023, 1, 10))
    Child.objects.filter(pk=child.pk).update(current_period=None)
    child.refresh_from_db()
    return child


def test_adding_an_existing_child_id_is_refused_and_leads_to_the_child(
    client_for: Any, left_care: Child
) -> None:
    response = client_for(Role.BUSINESS_SUPPORT).post(
        "/children/new", _admit_post("L0001", timezone.localdate())
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "A child with this ID is already on the register" in body
    assert f'href="/children/{left_care.pk}/"' in body
    left_care.refresh_from_db()
    assert (left_care.first_name, left_care.last_name) == ("Lena", "Left")
    assert left_care.date_of_birth != date(2015, 1, 1)
    assert left_care.current_period_id is None
    assert not AuditEntry.objects.filter(child_id=left_care.pk, action="update").exists()


def test_a_restricted_record_is_not_overwritten_nor_named(
    client_for: Any, make_user: Any, left_care: Child
) -> None:
    named = make_user(Role.IRO_MANAGER)
    child_restriction_set(acting_user=named, child=left_care, restricted=True, users=[named])
    body = (
        client_for(Role.OPERATIONAL)
        .post("/children/new", _admit_post("L0001", timezone.localdate()))
        .content.decode()
    )
    assert "already on the register" in body
    assert "Lena" not in body and "Left" not in body
    left_care.refresh_from_db()
    assert left_care.first_name == "Lena"


def test_a_child_who_left_comes_back_through_their_page(client_for: Any, left_care: Child) -> None:
    client = client_for(Role.BUSINESS_SUPPORT)
    page = client.get(f"/children/{left_care.pk}/").content.decode()
    assert "Start a new period of care" in page
    started = timezone.localdate() - timedelta(days=3)
    response = client.post(
        f"/children/{left_care.pk}/new-period-of-care",
        {
            **_date("start_date", started),
            "legal_status": "C2",
            "placement": "U4",
            "category_of_need": "N1",
        },
    )
    assert response.status_code == 302
    left_care.refresh_from_db()
    assert left_care.current_period is not None
    assert left_care.current_period.start_date == started
    assert left_care.periods.count() == 2
    assert (left_care.first_name, left_care.last_name) == ("Lena", "Left")
    entry = AuditEntry.objects.get(object_type="period_of_care", child_id=left_care.pk)
    assert entry.changes["period_of_care_start"] == [None, started.isoformat()]


def test_a_new_period_cannot_start_before_the_last_one_ended_or_while_in_care(
    left_care: Child, make_child: Any
) -> None:
    with pytest.raises(ValidationError, match="after the last period of care ended"):
        period_of_care_start(
            acting_user=None,
            child=left_care,
            start_date=date(2023, 1, 9),
            legal_status="C2",
            placement="U4",
        )
    with pytest.raises(ValidationError, match="already in care"):
        period_of_care_start(
            acting_user=None,
            child=make_child(),
            start_date=date(2024, 1, 9),
            legal_status="C2",
            placement="U4",
        )


def test_only_the_roles_that_add_children_may_start_a_period(
    client_for: Any, left_care: Child
) -> None:
    for role in (Role.IRO, Role.AUDITOR, Role.HEAD_OF_SERVICE):
        assert (
            client_for(role).get(f"/children/{left_care.pk}/new-period-of-care").status_code == 403
        )
