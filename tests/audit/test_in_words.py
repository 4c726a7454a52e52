"""The audit trail's page says what happened in the user's words; codes and hashes stay in the
CSV. Records are named by their references, children by the council's CHILD ID."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest

from iro.accounts.roles import _GERUNDS, ACTIONS, Role, action_in_words
from iro.audit.models import AuditEntry
from iro.audit.services import audit_record
from iro.disputes import services
from iro.disputes.models import Category, DisputeStage


def test_every_action_reads_as_words() -> None:
    assert action_in_words("disputes.raise").startswith("raising a dispute")
    assert action_in_words("children.allocate_iro") == "allocating or transferring a child's IRO"
    for action, (description, _roles) in ACTIONS.items():
        assert description.split(" ")[0] in _GERUNDS, action
        assert "." not in action_in_words(action).split(" ")[0], action


@pytest.mark.django_db
def test_the_page_speaks_the_users_words_and_the_csv_keeps_the_codes(
    client_for: Any, make_iro: Any, make_child: Any, make_user: Any
) -> None:
    iro = make_iro("Priya Shah")
    child = make_child(la_child_id="N12345", iro=iro)
    dispute = services.dispute_raise(
        acting_user=iro.user,
        iro=iro,
        child=child,
        category=Category.DRIFT_DELAY,
        summary="Permanence plan has drifted",
        outcome_sought="A planning meeting",
        raised_on=date(2026, 11, 2),
        stage=DisputeStage.objects.get(key="informal"),
        responder=make_user(Role.OPERATIONAL),
    )
    # Priya, an IRO, tries the manager's dispute meeting page: refused and recorded.
    client_for(iro.user).get("/dispute-meeting/")
    audit_record(
        actor=iro.user,
        action="update",
        object_type="review",
        summary="Changed the record of the review on 15/05/2026",
    )
    client = client_for(Role.AUDITOR)
    body = client.get("/audit/").content.decode()
    assert "Priya Shah was refused: running the weekly dispute meeting" in body
    assert f"Priya Shah added dispute {dispute.reference}: Raised dispute (Informal)" in body
    assert "The system changed child N12345: Allocated to Priya Shah" in body
    assert "Changed the record of the review on 15 May 2026" in body
    assert "N12345" in body
    for code in (
        "disputes.manage_meeting",
        "GET /dispute-meeting",
        f"dispute {dispute.pk}<",
        f"child {child.pk}<",
        "Request ",
        AuditEntry.objects.order_by("-id")[0].entry_hash,
        "verify_audit",
    ):
        assert code not in body, code

    response = client.get("/audit/export.csv")
    assert response.status_code == 200, response.status_code
    export = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    refused = next(r for r in rows if r["action"] == "denied")
    assert "disputes.manage_meeting" in refused["changes"]
    assert "GET /dispute-meeting/" in refused["changes"]
    assert refused["entry_hash"] and refused["request_id"]


@pytest.mark.django_db
def test_search_is_by_child_id_not_database_id(client_for: Any, make_child: Any) -> None:
    child = make_child(la_child_id="N55555")
    client = client_for(Role.AUDITOR)
    assert "N55555" in client.get("/audit/?child=N55555").content.decode()
    assert "No entries match" in client.get(f"/audit/?child={child.pk}").content.decode()
    assert "104532" not in client.get("/audit/").content.decode()
