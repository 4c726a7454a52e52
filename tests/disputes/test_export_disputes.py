"""export_disputes: one CSV row per dispute raised in the period, with working days taken."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from iro.audit.models import AuditEntry
from iro.disputes import services

pytestmark = pytest.mark.django_db


def _export(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("export_disputes", *args, stdout=out, stderr=io.StringIO())
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_export_has_one_row_per_dispute_with_stage_reached_and_working_days(
    raise_dispute: Any, iro: Any
) -> None:
    dispute = raise_dispute(raised_on=date(2022, 5, 25), stage_key="stage_1")
    services.dispute_escalate(
        acting_user=iro.user,
        dispute=dispute,
        to_stage=None,
        escalated_on=date(2022, 6, 1),
        reason="Not accepted",
    )
    services.dispute_resolve(
        acting_user=iro.user,
        dispute=dispute,
        resolved_on=date(2022, 6, 24),
        outcome="=Agreed",
        outcome_code="care_plan_changed",
        follow_up_on=date(2027, 1, 4),
    )
    raise_dispute(raised_on=date(2022, 7, 1))  # outside the period
    rows = _export("--from", "2022-04-01", "--to", "2022-06-30", "--format", "csv")
    assert len(rows) == 1
    row = rows[0]
    assert row["reference"] == dispute.reference
    assert row["category"] == "drift_delay"
    assert row["stage_reached"] == "Formal stage 2"
    assert row["formal"] == "yes"
    assert row["resolved_on"] == "2022-06-24"
    # 25 May to 24 June 2022 is 20 working days (the Platinum Jubilee holidays skipped).
    assert row["working_days_taken"] == "20"
    assert row["formal_in_timescale"] == "yes"
    assert row["outcome"] == "'=Agreed"  # never a spreadsheet formula
    assert AuditEntry.objects.filter(action="export", object_type="dispute").exists()


def test_open_dispute_counts_working_days_to_the_end_of_the_period(raise_dispute: Any) -> None:
    raise_dispute(raised_on=date(2025, 12, 1))
    rows = _export("--from", "2025-12-01", "--to", "2025-12-31")
    assert rows[0]["status"] == "open"
    assert rows[0]["working_days_taken"] == "20"
    assert rows[0]["formal_in_timescale"] == ""


def test_dry_run_counts_and_writes_nothing(raise_dispute: Any) -> None:
    raise_dispute(raised_on=date(2025, 12, 1))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_disputes",
        "--from",
        "2025-12-01",
        "--to",
        "2025-12-31",
        "--dry-run",
        stdout=out,
        stderr=err,
    )
    assert out.getvalue() == ""
    assert "1 disputes would be exported" in err.getvalue()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_bad_dates_are_refused() -> None:
    with pytest.raises(CommandError, match="not a date"):
        call_command("export_disputes", "--from", "2025-02-30", "--to", "2025-03-01")
    with pytest.raises(CommandError, match="--to must be"):
        call_command("export_disputes", "--from", "2025-03-02", "--to", "2025-03-01")
