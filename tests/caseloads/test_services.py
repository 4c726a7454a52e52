"""Changing IRO staff records: validated, audited, nothing half written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.caseloads.services import reviewing_officer_create, reviewing_officer_update


def test_create_links_an_iro_user_and_audits(make_user: Any) -> None:
    manager, iro_user = make_user(Role.IRO_MANAGER), make_user(Role.IRO)
    officer = reviewing_officer_create(
        acting_user=manager,
        name="Grace Adeyemi",
        fte=Decimal("0.6"),
        start_date=date(2026, 1, 5),
        contract=ReviewingOfficer.Contract.FIXED_TERM,
        user=iro_user,
    )
    assert officer.user == iro_user and officer.fte == Decimal("0.60")
    entry = AuditEntry.objects.get(object_type="reviewing_officer", object_id=str(officer.pk))
    assert entry.actor == manager and entry.action == "create"


def test_a_user_already_linked_to_another_iro_is_refused(make_user: Any, make_iro: Any) -> None:
    taken = make_iro("Priya Shah")
    with pytest.raises(ValidationError) as error:
        reviewing_officer_create(
            acting_user=make_user(Role.IRO_MANAGER),
            name="Someone Else",
            fte=Decimal("1"),
            start_date=date(2026, 1, 5),
            user=taken.user,
        )
    assert "already linked to Priya Shah" in str(error.value)
    assert ReviewingOfficer.objects.count() == 1


def test_end_before_start_is_refused_and_nothing_changes(make_user: Any, make_iro: Any) -> None:
    officer = make_iro("Tom Fielding")
    with pytest.raises(ValidationError):
        reviewing_officer_update(
            acting_user=make_user(Role.IRO_MANAGER), officer=officer, end_date=date(2019, 1, 1)
        )
    officer.refresh_from_db()
    assert officer.end_date is None
    assert not AuditEntry.objects.filter(object_type="reviewing_officer").exists()


def test_saving_without_a_change_writes_no_audit_entry(make_user: Any, make_iro: Any) -> None:
    officer = make_iro("Tom Fielding")
    reviewing_officer_update(
        acting_user=make_user(Role.IRO_MANAGER),
        officer=officer,
        fte=Decimal("1"),
        name=officer.name,
    )
    assert not AuditEntry.objects.filter(object_type="reviewing_officer").exists()


def test_other_duties_reduce_fte_for_children_in_care(make_user: Any, make_iro: Any) -> None:
    officer = reviewing_officer_update(
        acting_user=make_user(Role.ADMINISTRATOR),
        officer=make_iro("Martin Cole"),
        other_duties="Chairs child protection conferences",
        other_duties_weight=Decimal("0.2"),
    )
    assert officer.fte_for_children_in_care == Decimal("0.80")
    entry = AuditEntry.objects.get(object_type="reviewing_officer", action="update")
    assert entry.changes["other_duties_weight"] == ["0.00", "0.20"]
