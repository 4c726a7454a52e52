"""On PostgreSQL the database itself refuses to rewrite or remove a dispute's history, even for
SQL that bypasses the application."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE disputes_disputeevent SET text = 'rewritten' WHERE id = %s",
        "DELETE FROM disputes_disputeevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_a_dispute_event(raise_dispute: Any, sql: str) -> None:
    event = raise_dispute().events.get()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.text.startswith("Permanence plan")


def test_raw_sql_cannot_delete_a_cafcass_referral(iro: Any, child: Any) -> None:
    from datetime import date

    from iro.disputes.services import cafcass_referral_record

    referral = cafcass_referral_record(
        acting_user=iro.user, iro=iro, child=child, referred_on=date(2026, 11, 2), reason="Drift"
    )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM disputes_cafcassreferral WHERE id = %s", [referral.pk])
