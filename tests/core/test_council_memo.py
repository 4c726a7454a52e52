"""The council's settings and working-day calendar are read once per request, and never stale:
a save forgets them at once, and a save inside a transaction stops the memo for the request."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iro.accounts.roles import Role
from iro.core.council import council_settings, request_memo, working_day_calendar
from iro.core.models import ClosureDay

pytestmark = pytest.mark.django_db

CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday, a working day unless the council closes


def _queries_on(table: str, captured: CaptureQueriesContext) -> int:
    return sum(1 for q in captured.captured_queries if f'"{table}"' in q["sql"])


def test_outside_a_request_every_read_goes_to_the_database() -> None:
    council_settings()
    with CaptureQueriesContext(connection) as captured:
        council_settings()
        council_settings()
        working_day_calendar()
        working_day_calendar()
    assert _queries_on("web_councilsettings", captured) == 2
    assert _queries_on("web_closureday", captured) == 2


def test_within_a_request_each_is_read_once() -> None:
    council_settings()
    with request_memo(), CaptureQueriesContext(connection) as captured:
        first = council_settings()
        assert council_settings() is first
        calendar = working_day_calendar()
        assert working_day_calendar() is calendar
    assert _queries_on("web_councilsettings", captured) == 1
    assert _queries_on("web_closureday", captured) == 1


def test_a_save_within_the_request_is_seen_by_the_next_read() -> None:
    with request_memo():
        row = council_settings()
        assert working_day_calendar().is_working_day(CHRISTMAS_EVE)
        row.council_name = "Renamed Council"
        row.save()
        ClosureDay.objects.create(date=CHRISTMAS_EVE, kind=ClosureDay.Kind.CLOSED)
        assert council_settings().council_name == "Renamed Council"
        assert not working_day_calendar().is_working_day(CHRISTMAS_EVE)


def test_a_save_inside_a_rolled_back_transaction_leaves_no_stale_memo() -> None:
    with request_memo():
        assert working_day_calendar().is_working_day(CHRISTMAS_EVE)
        try:
            with transaction.atomic():
                ClosureDay.objects.create(date=CHRISTMAS_EVE, kind=ClosureDay.Kind.CLOSED)
                assert not working_day_calendar().is_working_day(CHRISTMAS_EVE)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        # The closure never happened: the read after the rollback must not remember it.
        assert working_day_calendar().is_working_day(CHRISTMAS_EVE)


def test_the_childs_page_reads_the_settings_and_calendar_once(
    client_for: Any, make_child: Any
) -> None:
    child = make_child()
    client = client_for(Role.IRO_MANAGER)
    url = reverse("children:detail", args=[child.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert _queries_on("web_councilsettings", captured) == 1
    assert _queries_on("web_closureday", captured) <= 1
