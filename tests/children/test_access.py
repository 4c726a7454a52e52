"""Who may change a child's records (iro.children.access), and the IRO cover arrangements the
IRO manager sets on /iro-cover/."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iro.accounts.access import ObjectDenied
from iro.accounts.roles import Role
from iro.accounts.services import child_restriction_set
from iro.audit.models import AuditEntry
from iro.children.access import can_change_child_records, require_child_records_change
from iro.children.models import IROCover
from iro.children.services import iro_cover_arrange, iro_cover_end

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 16)


def _date(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


@pytest.fixture
def setting(make_iro: Any, make_child: Any, make_user: Any) -> dict[str, Any]:
    owner, other = make_iro("Priya Shah"), make_iro("Colin Mate")
    return {
        "owner": owner,
        "other": other,
        "child": make_child(first_name="Ruby", iro=owner),
        "other_child": make_child(first_name="Olly", iro=other),
        "manager": make_user(Role.IRO_MANAGER),
    }


def test_the_allocated_iro_and_managers_may_change_a_colleague_may_not(
    setting: dict[str, Any], make_user: Any
) -> None:
    child = setting["child"]
    assert can_change_child_records(setting["owner"].user, child, on=TODAY)
    assert not can_change_child_records(setting["other"].user, child, on=TODAY)
    assert can_change_child_records(setting["manager"], child, on=TODAY)
    assert can_change_child_records(make_user(Role.BUSINESS_SUPPORT), child, on=TODAY)
    for role in (Role.OPERATIONAL, Role.HEAD_OF_SERVICE, Role.AUDITOR, Role.ADMINISTRATOR):
        assert not can_change_child_records(make_user(role), child, on=TODAY), role


@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (date(2026, 11, 9), False),  # the day before cover starts
        (date(2026, 11, 10), True),
        (date(2026, 11, 20), True),
        (date(2026, 11, 21), False),  # the day after it ends
    ],
)
def test_cover_of_a_whole_caseload_holds_between_its_dates(
    setting: dict[str, Any], on: date, allowed: bool
) -> None:
    iro_cover_arrange(
        acting_user=setting["manager"],
        absent_iro=setting["owner"],
        covering_iro=setting["other"],
        start_date=date(2026, 11, 10),
        end_date=date(2026, 11, 20),
        reason="Annual leave",
    )
    covering = setting["other"].user
    assert can_change_child_records(covering, setting["child"], on=on) is allowed
    # The absent IRO keeps their own children; the cover does not reach the coverer's own.
    assert can_change_child_records(setting["owner"].user, setting["child"], on=on)
    assert not can_change_child_records(setting["owner"].user, setting["other_child"], on=on)


def test_cover_of_one_child_covers_only_that_child(
    setting: dict[str, Any], make_child: Any
) -> None:
    sibling = make_child(first_name="Sid", iro=setting["owner"])
    iro_cover_arrange(
        acting_user=setting["manager"],
        absent_iro=setting["owner"],
        covering_iro=setting["other"],
        child=setting["child"],
        start_date=TODAY,
        end_date=TODAY,
        reason="Conflict of interest for one review",
    )
    assert can_change_child_records(setting["other"].user, setting["child"], on=TODAY)
    assert not can_change_child_records(setting["other"].user, sibling, on=TODAY)


def test_nobody_not_named_on_a_restricted_record_may_change_it(
    setting: dict[str, Any],
) -> None:
    child = setting["child"]
    child_restriction_set(
        acting_user=None, child=child, restricted=True, users=[setting["owner"].user]
    )
    assert can_change_child_records(setting["owner"].user, child, on=TODAY)
    assert not can_change_child_records(setting["manager"], child, on=TODAY)


def test_a_refusal_is_an_object_denied_naming_the_child(setting: dict[str, Any]) -> None:
    with pytest.raises(ObjectDenied) as refused:
        require_child_records_change(setting["other"].user, setting["child"], on=TODAY)
    assert refused.value.child_id == setting["child"].pk
    require_child_records_change(None, setting["child"])  # an import or command: the system


def test_cover_needs_a_reason_different_iros_and_the_absent_iros_child(
    setting: dict[str, Any],
) -> None:
    arrange = {
        "acting_user": setting["manager"],
        "absent_iro": setting["owner"],
        "covering_iro": setting["other"],
        "start_date": TODAY,
        "end_date": TODAY + timedelta(days=3),
        "reason": "Leave",
    }
    with pytest.raises(ValidationError, match="Enter the reason"):
        iro_cover_arrange(**arrange | {"reason": " "})
    with pytest.raises(ValidationError, match="Select a different IRO"):
        iro_cover_arrange(**arrange | {"covering_iro": setting["owner"]})
    with pytest.raises(ValidationError, match="is not allocated to"):
        iro_cover_arrange(**arrange | {"child": setting["other_child"]})
    with pytest.raises(ValidationError, match="same as or after the date it starts"):
        iro_cover_arrange(**arrange | {"end_date": TODAY - timedelta(days=1)})
    assert not IROCover.objects.exists()


def test_ending_cover_early_is_audited_and_only_moves_earlier(setting: dict[str, Any]) -> None:
    cover = iro_cover_arrange(
        acting_user=setting["manager"],
        absent_iro=setting["owner"],
        covering_iro=setting["other"],
        start_date=TODAY,
        end_date=TODAY + timedelta(days=10),
        reason="Sickness",
    )
    with pytest.raises(ValidationError, match="on or before the date already set"):
        iro_cover_end(acting_user=setting["manager"], cover=cover, end_date=TODAY + timedelta(11))
    iro_cover_end(acting_user=setting["manager"], cover=cover, end_date=TODAY + timedelta(days=2))
    assert not can_change_child_records(
        setting["other"].user, setting["child"], on=TODAY + timedelta(days=3)
    )
    entries = AuditEntry.objects.filter(object_type="iro_cover", object_id=str(cover.pk))
    assert [e.action for e in entries.order_by("id")] == ["create", "update"]


def test_the_manager_arranges_and_ends_cover_on_its_page(
    setting: dict[str, Any], client_for: Any
) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    client = client_for(setting["manager"])
    assert client.get("/iro-cover/").status_code == 200
    response = client.post(
        "/iro-cover/new",
        {
            "absent_iro": setting["owner"].pk,
            "covering_iro": setting["other"].pk,
            **_date("start_date", today),
            **_date("end_date", today + timedelta(days=7)),
            "reason": "Annual leave",
        },
    )
    assert response.status_code == 302
    cover = IROCover.objects.get()
    assert cover.child is None and cover.reason == "Annual leave"
    page = client.get("/iro-cover/").content.decode()
    assert "Colin Mate" in page and "All of Priya Shah" in page
    # The covering IRO now changes the absent IRO's child, and sees them on "My children".
    covering = client_for(setting["other"].user)
    assert covering.get(f"/children/{setting['child'].pk}/oversight/new").status_code == 200
    assert "Children you are covering" in covering.get("/my-children/").content.decode()
    client = client_for(setting["manager"])
    response = client.post(f"/iro-cover/{cover.pk}/end", _date("end_date", today))
    assert response.status_code == 302
    cover.refresh_from_db()
    assert cover.end_date == today


def test_the_cover_form_shows_govuk_errors(setting: dict[str, Any], client_for: Any) -> None:
    response = client_for(setting["manager"]).post(
        "/iro-cover/new",
        {
            "absent_iro": setting["owner"].pk,
            "covering_iro": setting["other"].pk,
            "child_id": "NOPE",
            **_date("start_date", TODAY),
            **_date("end_date", TODAY - timedelta(days=1)),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Child ID must be the ID of a child on the register" in body
    assert "Date cover ends must be the same as or after the date it starts" in body
    assert "Enter the reason for the cover" in body
    assert not IROCover.objects.exists()


def test_only_an_iro_manager_may_arrange_cover(client_for: Any) -> None:
    for role in (Role.IRO, Role.BUSINESS_SUPPORT, Role.HEAD_OF_SERVICE):
        assert client_for(role).get("/iro-cover/new").status_code == 403
