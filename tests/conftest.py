"""Shared fixtures: a frozen clock, one user per role, an IRO and a child in care, built through
the services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.accounts.services import user_create
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child, Team
from iro.children.services import child_admit, iro_allocate
from tests.clock import TODAY

TEST_PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config: Any) -> None:
    """Let Django's flush (between transactional and browser tests) empty the append-only
    audit tables: on SQLite their triggers otherwise refuse (PostgreSQL flushes with TRUNCATE,
    which row triggers do not see)."""
    from django.core.management.commands import flush

    from iro.audit.guard import unguarded

    original = flush.Command.handle

    def handle(self: Any, *args: Any, **options: Any) -> Any:
        with unguarded():
            return original(self, *args, **options)

    flush.Command.handle = handle  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def frozen_clock(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Start each test at 10:00 on TODAY in London; the clock then runs on (tick) so durations
    and ordering still behave, but the date a test sees never depends on when it is run."""
    if request.node.get_closest_marker("browser"):
        yield None
        return
    start = datetime.combine(TODAY, time(10, 0), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(start, tick=True) as traveller:
        yield traveller


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: Role, username: str | None = None, **extra: Any) -> User:
        counter["n"] += 1
        return user_create(
            username=username or f"{role.value}{counter['n']}",
            password=TEST_PASSWORD,
            first_name=extra.pop("first_name", role.value.replace("_", " ").title()),
            last_name=extra.pop("last_name", f"Person{counter['n']}"),
            roles=[role],
            **extra,
        )

    return make


@pytest.fixture
def make_iro(db: Any, make_user: Callable[..., User]) -> Callable[..., ReviewingOfficer]:
    def make(
        name: str = "Priya Shah", fte: str = "1.00", with_user: bool = True
    ) -> ReviewingOfficer:
        user = (
            make_user(Role.IRO, first_name=name.split()[0], last_name=name.split()[-1])
            if with_user
            else None
        )
        return ReviewingOfficer.objects.create(
            user=user, name=name, fte=Decimal(fte), start_date=date(2020, 1, 1)
        )

    return make


@pytest.fixture
def make_child(db: Any) -> Callable[..., Child]:
    counter = {"n": 0}

    def make(
        *,
        start_date: date = date(2022, 5, 25),
        date_of_birth: date = date(2012, 3, 14),
        iro: ReviewingOfficer | None = None,
        team: Team | None = None,
        legal_status: str = "C2",
        acting_user: Any = None,
        **names: Any,
    ) -> Child:
        counter["n"] += 1
        child = child_admit(
            acting_user=acting_user,
            la_child_id=names.pop("la_child_id", f"T{counter['n']:05d}"),
            first_name=names.pop("first_name", "Sam"),
            last_name=names.pop("last_name", f"Tester{counter['n']}"),
            date_of_birth=date_of_birth,
            sex="F",
            ethnicity="WBRI",
            start_date=start_date,
            legal_status=legal_status,
            placement="U4",
            category_of_need="N1",
            team=team,
        )
        if iro is not None:
            iro_allocate(acting_user=acting_user, child=child, iro=iro, start_date=start_date)
            child.refresh_from_db()
        return child

    return make


@pytest.fixture
def client_for(client: Any, make_user: Callable[..., User]) -> Callable[..., Any]:
    """A test client signed in as a new user with the given role (or as the given user)."""

    def sign_in(role_or_user: Role | User) -> Any:
        user = role_or_user if isinstance(role_or_user, User) else make_user(role_or_user)
        client.force_login(user)
        return client

    return sign_in
