"""The one validate-save-audit helper that services use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iro.accounts.models import ReviewingOfficer
from iro.audit.models import AuditEntry
from iro.audit.services import save_audited

pytestmark = pytest.mark.django_db


def _officer() -> ReviewingOfficer:
    return ReviewingOfficer(name="Priya Shah", fte=Decimal("1.00"), start_date=date(2024, 1, 1))


def test_a_new_record_is_saved_and_its_creation_audited() -> None:
    officer = _officer()
    save_audited(officer, actor=None, summary="IRO added", audited=["name", "fte"])
    entry = AuditEntry.objects.get()
    assert officer.pk is not None
    assert (entry.action, entry.object_type, entry.object_id) == (
        "create",
        "reviewingofficer",
        str(officer.pk),
    )
    assert entry.changes == {"name": [None, "Priya Shah"], "fte": [None, "1.00"]}


def test_an_update_audits_only_what_changed() -> None:
    officer = _officer()
    officer.save()
    changes = save_audited(
        officer,
        actor=None,
        summary="IRO changed",
        fields={"name": "Priya Rao", "fte": Decimal("1.00")},
    )
    assert changes == {"name": ["Priya Shah", "Priya Rao"]}
    officer.refresh_from_db()
    assert officer.name == "Priya Rao"
    assert AuditEntry.objects.get().changes == {"name": ["Priya Shah", "Priya Rao"]}


def test_nothing_is_written_when_nothing_changed_if_asked() -> None:
    officer = _officer()
    officer.save()
    assert (
        save_audited(
            officer, actor=None, summary="x", fields={"name": "Priya Shah"}, only_if_changed=True
        )
        == {}
    )
    assert not AuditEntry.objects.exists()


def test_invalid_records_are_refused_before_anything_is_written() -> None:
    officer = _officer()
    with pytest.raises(ValidationError) as error:
        save_audited(officer, actor=None, summary="x", fields={"end_date": date(2023, 1, 1)})
    assert "end_date" in error.value.message_dict
    assert not ReviewingOfficer.objects.exists()
    assert not AuditEntry.objects.exists()
