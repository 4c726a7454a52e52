"""Two people editing the same record: the later save is refused with what changed, never
merged or silently overwriting (iro.core.editlock)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from iro.accounts.roles import Role
from iro.caseloads.models import ReviewingOfficer
from iro.core import editlock
from iro.reporting.models import AnnualReport
from iro.reporting.report_sections import SECTIONS
from iro.reviews.models import Recommendation
from tests.editing import version_from

pytestmark = pytest.mark.django_db
CONFLICT = "Someone else changed this record while you were editing it"


def _pair(make_user: Any, role: Role, *users: Any) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(users[0] if users else make_user(role))
    second.force_login(users[1] if len(users) > 1 else make_user(role))
    return first, second


def test_two_managers_editing_the_annual_report_narrative(make_user: Any) -> None:
    url = "/annual-report/2022/narrative"
    alex, bea = _pair(make_user, Role.IRO_MANAGER)
    blank = {spec.key: "" for spec in SECTIONS}
    alex_version, bea_version = version_from(alex, url), version_from(bea, url)
    saved = bea.post(url, {**blank, "summary": "Bea's summary", **bea_version})
    assert saved.status_code == 302
    refused = alex.post(url, {**blank, "summary": "Alex's summary", **alex_version})
    body = refused.content.decode()
    assert refused.status_code == 200
    assert CONFLICT in body and "govuk-error-summary" in body
    assert "is now “Bea&#39;s summary”" in body or "is now “Bea's summary”" in body
    assert AnnualReport.objects.get(year=2022).narrative["summary"] == "Bea's summary"
    # Having seen the change, Alex can save again knowingly: the page carries the new version.
    again = alex.post(url, {**blank, "summary": "Alex's summary", **_version_in(body)})
    assert again.status_code == 302
    assert AnnualReport.objects.get(year=2022).narrative["summary"] == "Alex's summary"


def _version_in(body: str) -> dict[str, str]:
    import re

    match = re.search(r'name="edit_version" value="([^"]*)"', body)
    assert match
    return {"edit_version": match.group(1)}


def test_two_administrators_editing_an_iros_staff_record(make_user: Any, make_iro: Any) -> None:
    officer = make_iro("Tom Fielding", with_user=False)
    url = f"/caseloads/iros/{officer.pk}/edit"
    first, second = _pair(make_user, Role.ADMINISTRATOR)
    base = {
        "name": "Tom Fielding",
        "contract": "permanent",
        "start_date_day": "1",
        "start_date_month": "1",
        "start_date_year": "2020",
        "other_duties_weight": "0",
    }
    v1, v2 = version_from(first, url), version_from(second, url)
    assert second.post(url, {**base, "fte": "0.6", **v2}).status_code == 302
    refused = first.post(url, {**base, "fte": "0.8", **v1})
    assert CONFLICT in refused.content.decode()
    officer.refresh_from_db()
    assert str(officer.fte) == "0.60"


def test_a_recommendation_changed_by_someone_else_is_not_overwritten(
    make_iro: Any, make_child: Any, make_user: Any
) -> None:
    from iro.reviews.services import recommendation_add, review_record_held

    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    child = make_child(
        start_date=today - timedelta(days=20),
        date_of_birth=date(today.year - 10, 1, 1),
        iro=iro,
    )
    review = review_record_held(
        acting_user=None, child=child, held_on=today, participation_code="PN1"
    )
    recommendation = recommendation_add(
        acting_user=None,
        review=review,
        action="Arrange family time",
        owner_name="SW",
        due_date=today,
    )
    url = f"/recommendations/{recommendation.pk}/change"
    manager = make_user(Role.IRO_MANAGER)
    first, second = _pair(make_user, Role.IRO, iro.user, manager)
    form = {
        "owner_name": "SW",
        "due_date_day": str(today.day),
        "due_date_month": str(today.month),
        "due_date_year": str(today.year),
        "status": "open",
    }
    v1, v2 = version_from(first, url), version_from(second, url)
    saved = second.post(url, {**form, "action": "Arrange weekly family time", **v2})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    refused = first.post(url, {**form, "action": "Arrange monthly family time", **v1})
    assert CONFLICT in refused.content.decode()
    assert "Arrange weekly family time" in refused.content.decode()
    assert Recommendation.objects.get(pk=recommendation.pk).action == "Arrange weekly family time"


def test_a_save_without_a_version_or_with_a_forged_one_is_refused(make_user: Any) -> None:
    url = "/annual-report/2022/narrative"
    client = Client()
    client.force_login(make_user(Role.IRO_MANAGER))
    blank = {spec.key: "" for spec in SECTIONS}
    for extra in ({}, {"edit_version": "forged"}):
        response = client.post(url, {**blank, "summary": "x", **extra})
        assert CONFLICT in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_the_version_is_a_fingerprint_of_what_the_form_showed() -> None:
    from django import forms

    class Form(forms.Form):
        name = forms.CharField(label="Name")

    shown = {"name": "Ann"}
    form = Form({"name": "Ann B", editlock.FIELD: editlock.version_of(shown)})
    editlock.protect(form, shown)
    assert form.is_valid()
    assert editlock.unchanged_since_shown(form, {"name": "Ann"})
    assert not editlock.unchanged_since_shown(form, {"name": "Anne"})
    assert "Name is now “Anne”" in str(form.non_field_errors())
    assert ReviewingOfficer  # the staff records use the same lock
