"""Fixtures for disputes: an IRO, a child of theirs, a responder, and a dispute raised through
the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.disputes import services
from iro.disputes.models import Category, Dispute, DisputeStage


@pytest.fixture
def iro(make_iro: Any) -> Any:
    return make_iro("Priya Shah")


@pytest.fixture
def child(make_child: Any, iro: Any) -> Any:
    return make_child(first_name="Ruby", iro=iro)


@pytest.fixture
def responder(make_user: Any) -> Any:
    return make_user(Role.OPERATIONAL, first_name="Fatima", last_name="Begum")


@pytest.fixture
def stage(db: Any) -> Callable[[str], DisputeStage]:
    return lambda key: DisputeStage.objects.get(key=key)


@pytest.fixture
def raise_dispute(iro: Any, child: Any, responder: Any, stage: Any) -> Callable[..., Dispute]:
    def make(
        *, raised_on: date = date(2026, 11, 2), stage_key: str = "informal", **extra: Any
    ) -> Dispute:
        return services.dispute_raise(
            acting_user=iro.user,
            iro=iro,
            child=extra.pop("child", child),
            category=extra.pop("category", Category.DRIFT_DELAY),
            summary=extra.pop("summary", "Permanence plan has drifted for 9 months"),
            outcome_sought=extra.pop("outcome_sought", "A permanence planning meeting"),
            raised_on=raised_on,
            stage=stage(stage_key),
            responder=extra.pop("responder", responder),
            **extra,
        )

    return make
