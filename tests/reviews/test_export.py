"""export_reviews: one row per review with its timeliness flags."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from iro.audit.models import AuditEntry
from iro.reviews import services
from iro.reviews.management.commands.export_reviews import COLUMNS

pytestmark = pytest.mark.django_db


def test_export_lists_each_review_in_the_period_with_flags(make_child: Any, make_iro: Any) -> None:
    child = make_child(la_child_id="C001", start_date=date(2022, 5, 3), iro=make_iro("Priya Shah"))
    with time_machine.travel(date(2022, 5, 20), tick=False):  # arranged before the review
        convening = services.convening_start(
            acting_user=None,
            child=child,
            proposed_date=date(2022, 5, 25),
            convening_request_received_on=date(2022, 5, 13),
            care_plan_received_on=date(2022, 5, 20),
        )
    services.invitee_add(
        acting_user=None,
        convening=convening,
        role="parent",
        name="Dad",
        invited=False,
        not_invited_reason="Court order",
    )
    review = services.review_record_held(
        acting_user=None,
        child=child,
        held_on=date(2022, 5, 25),
        participation_code="PN1",
        convening=convening,
        attended_invitee_ids=[convening.invitees.get(role="child").pk],
        advocate_offered=True,
        permanence_plan_agreed=True,
    )
    services.recommendation_add(
        acting_user=None, review=review, action="x", owner_name="y", due_date=date(2022, 7, 1)
    )
    services.review_recommendations_issue(
        acting_user=None, review=review, issued_on=date(2022, 6, 2)
    )
    services.review_letter_save(acting_user=None, review=review, letter="Dear Sam.", band="8_12")
    services.review_letter_finalise(acting_user=None, review=review, written_on=date(2022, 6, 24))
    services.review_minutes_distribute(
        acting_user=None, review=review, distributed_on=date(2022, 6, 27)
    )
    out = io.StringIO()
    call_command(
        "export_reviews",
        "--from",
        "2022-05-01",
        "--to",
        "2022-05-31",
        "--as-of",
        "2022-07-01",
        stdout=out,
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0].keys()) == COLUMNS
    (row,) = rows
    assert row["child_id"] == "C001" and row["review_number"] == "1"
    assert row["in_timescale"] == "yes"
    assert row["attended"] == f"{child.display_name} (child)"
    assert row["parents_not_invited"] == "Dad: Court order"
    assert (row["advocate_offered"], row["permanence_plan_agreed"]) == ("yes", "yes")
    assert row["convening_request_in_time"] == "no"  # due 11 May 2022
    assert row["care_plan_in_time"] == "yes"
    assert row["recommendations"] == "1"
    # Issued on day 6 (due 1 June): late. Written on day 20: in time. Distributed on 21: late.
    assert row["recommendations_issued_in_time"] == "no"
    assert row["minutes_written_in_time"] == "yes"
    assert row["minutes_distributed_in_time"] == "no"
    assert AuditEntry.objects.filter(action="export", object_type="review").exists()


def test_export_as_json_and_outside_the_period_is_empty(make_child: Any) -> None:
    child = make_child(start_date=date(2022, 5, 3))
    services.review_record_held(
        acting_user=None, child=child, held_on=date(2022, 5, 25), participation_code="PN1"
    )
    out = io.StringIO()
    call_command(
        "export_reviews",
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--format",
        "json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == []


def test_export_refuses_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(CommandError, match="--to must be"):
        call_command("export_reviews", "--from", "2023-02-01", "--to", "2023-01-01")
