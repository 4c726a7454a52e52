"""Dispute deadlines: working days from each stage's start, the 20-working-day formal process,
the day-15 meeting, shorter deadlines the IRO sets, and escalation that may skip stages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro.disputes import rules
from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.dates import format_date

CAL = WorkingDayCalendar()
TIMESCALES = rules.FormalTimescales()
INFORMAL = rules.StageRule("informal", "Informal", 0, False, 5)
STAGE_1 = rules.StageRule("stage_1", "Formal stage 1", 1, True, 5)
STAGE_2 = rules.StageRule("stage_2", "Formal stage 2", 2, True, 5)
STAGE_3 = rules.StageRule("stage_3", "Formal stage 3", 3, True, 5)
LADDER = [STAGE_3, INFORMAL, STAGE_1, STAGE_2]  # order in the list does not matter


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (date(2022, 5, 25), date(2022, 6, 24)),  # Platinum Jubilee
        (date(2022, 9, 12), date(2022, 10, 11)),  # state funeral
        (date(2021, 12, 20), date(2022, 1, 20)),  # Christmas and New Year
        (date(2023, 4, 28), date(2023, 5, 31)),  # three May bank holidays
        (date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_formal_process_ends_20_working_days_after_it_was_raised_skipping_bank_holidays(
    raised: date, due: date
) -> None:
    assert rules.formal_process_due(raised, CAL, TIMESCALES) == due


def test_formal_meeting_is_due_by_working_day_15() -> None:
    # Wed 25 May 2022 + 15 working days skips 2 and 3 June 2022.
    assert rules.formal_meeting_due(date(2022, 5, 25), CAL, TIMESCALES) == date(2022, 6, 17)


def test_informal_response_defaults_to_5_working_days_skipping_the_coronation() -> None:
    assert rules.stage_response_due(INFORMAL, date(2023, 5, 5), CAL) == date(2023, 5, 15)


def test_informal_deadline_is_the_date_the_iro_sets_even_when_longer() -> None:
    chosen = date(2023, 5, 26)
    assert rules.stage_response_due(INFORMAL, date(2023, 5, 5), CAL, iro_deadline=chosen) == chosen


def test_formal_stage_takes_the_iros_shorter_deadline() -> None:
    shorter = date(2023, 5, 10)
    assert rules.stage_response_due(STAGE_1, date(2023, 5, 5), CAL, iro_deadline=shorter) == shorter


def test_formal_stage_never_runs_past_the_20_working_day_deadline() -> None:
    formal_due = rules.formal_process_due(date(2025, 12, 1), CAL, TIMESCALES)
    # Stage 3 starting on working day 18 would otherwise be due on day 23.
    started = CAL.add_working_days(date(2025, 12, 1), 18)
    due = rules.stage_response_due(STAGE_3, started, CAL, formal_due=formal_due)
    assert due == formal_due == date(2025, 12, 31)


def test_iro_may_not_set_a_longer_deadline_at_a_formal_stage() -> None:
    problem = rules.iro_deadline_problem(STAGE_1, date(2023, 5, 5), date(2023, 5, 16), CAL)
    assert problem == "Response deadline must be no later than 15 May 2023 (5 working days)"
    assert rules.iro_deadline_problem(STAGE_1, date(2023, 5, 5), date(2023, 5, 15), CAL) is None


def test_deadline_must_be_after_the_stage_starts() -> None:
    problem = rules.iro_deadline_problem(INFORMAL, date(2023, 5, 5), date(2023, 5, 5), CAL)
    assert problem == "Response deadline must be after the date the stage starts"


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(date(2023, 5, 12), False), (date(2023, 5, 15), False), (date(2023, 5, 16), True)],
)
def test_response_on_the_due_date_is_in_time_and_late_the_next_day(
    as_of: date, overdue: bool
) -> None:
    assert rules.is_overdue(date(2023, 5, 15), as_of) is overdue


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("informal", ["stage_1", "stage_2", "stage_3"]),
        ("stage_1", ["stage_2", "stage_3"]),
        ("stage_2", ["stage_3"]),
        ("stage_3", []),
    ],
)
def test_escalation_may_go_to_any_later_formal_stage(current: str, expected: list[str]) -> None:
    assert [s.key for s in rules.later_stages(LADDER, current)] == expected


def test_next_stage_is_one_step_up_and_none_at_the_top() -> None:
    assert rules.next_stage(LADDER, "informal") == STAGE_1
    assert rules.next_stage(LADDER, "stage_3") is None


def test_resolved_in_timescale_on_day_20_but_not_day_21() -> None:
    raised = date(2022, 5, 25)
    assert rules.resolved_in_timescale(raised, date(2022, 6, 24), CAL, TIMESCALES)
    assert not rules.resolved_in_timescale(raised, date(2022, 6, 27), CAL, TIMESCALES)


def test_working_days_taken_counts_from_day_0() -> None:
    assert rules.working_days_taken(date(2022, 5, 25), date(2022, 6, 24), CAL) == 20
    assert rules.working_days_taken(date(2022, 5, 25), date(2022, 5, 25), CAL) == 0


def test_flags_on_an_open_dispute_and_none_on_a_closed_one() -> None:
    kwargs = {
        "response_due": date(2025, 12, 5),
        "responded": False,
        "formal_due": date(2025, 12, 31),
        "meeting_due": date(2025, 12, 22),
        "meeting_held": False,
        "as_of": date(2025, 12, 22),
    }
    flags = rules.dispute_flags(is_open=True, **kwargs)  # type: ignore[arg-type]
    assert flags == rules.DisputeFlags(True, False, True)
    assert flags.any
    assert not rules.dispute_flags(is_open=False, **kwargs).any  # type: ignore[arg-type]


def test_a_closure_day_added_by_the_administrator_moves_the_deadline() -> None:
    closed = WorkingDayCalendar(extra_closures=[date(2025, 12, 3)])
    assert rules.stage_response_due(STAGE_1, date(2025, 12, 1), CAL) == date(2025, 12, 8)
    assert rules.stage_response_due(STAGE_1, date(2025, 12, 1), closed) == date(2025, 12, 9)


days = st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 12, 31))


@given(start=days, stage=st.sampled_from([INFORMAL, STAGE_1, STAGE_2, STAGE_3]))
def test_default_response_due_is_a_working_day_after_the_start(
    start: date, stage: rules.StageRule
) -> None:
    due = rules.stage_response_due(stage, start, CAL)
    assert due > start
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(start, due) == stage.response_working_days


@given(raised=days, offset=st.integers(min_value=0, max_value=30))
def test_a_formal_stage_is_never_due_after_the_formal_deadline(raised: date, offset: int) -> None:
    formal_due = rules.formal_process_due(raised, CAL, TIMESCALES)
    started = raised + timedelta(days=offset)
    due = rules.stage_response_due(STAGE_2, started, CAL, formal_due=formal_due)
    assert due <= max(formal_due, started)


def test_an_informal_deadline_may_be_longer_than_the_default_but_not_past_the_formal_timescale() -> (
    None
):
    raised = date(2023, 5, 5)
    latest = CAL.add_working_days(raised, TIMESCALES.total_working_days)
    assert rules.iro_deadline_problem(INFORMAL, raised, latest, CAL) is None
    problem = rules.iro_deadline_problem(INFORMAL, raised, date(2030, 1, 1), CAL)
    assert (
        problem
        == f"Response deadline must be no later than {format_date(latest)} (20 working days)"
    )
    assert (
        rules.iro_deadline_problem(
            INFORMAL, raised, CAL.add_working_days(raised, 11), CAL, informal_limit_working_days=10
        )
        == f"Response deadline must be no later than {format_date(CAL.add_working_days(raised, 10))} (10 working days)"
    )
