"""Periods of care derived from episodes (pure: no database)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro.ssda903.checking import EpisodeRow
from iro.ssda903.loading import derive_periods


def ep(decom: date, rne: str, dec: date | None = None, rec: str = "", ls: str = "C2") -> EpisodeRow:
    return EpisodeRow(decom, rne, ls, "N1", "U4", "PR1", dec, rec, "", "", "", "", 2023)


D = date


def test_rne_s_starts_a_period_and_a_reason_other_than_x1_ends_it() -> None:
    periods = derive_periods(
        [
            ep(D(2023, 4, 1), "S", D(2023, 6, 1), "X1"),
            ep(D(2023, 6, 1), "P", D(2023, 9, 1), "E4A"),
            ep(D(2024, 1, 1), "S"),
        ]
    )
    assert [(p.start_date, p.end_date, p.reason_ceased, len(p.episodes)) for p in periods] == [
        (D(2023, 4, 1), D(2023, 9, 1), "E4A", 2),
        (D(2024, 1, 1), None, "", 1),
    ]


def test_a_first_episode_that_is_not_s_began_before_the_data() -> None:
    (period,) = derive_periods(
        [ep(D(2021, 2, 1), "P", D(2023, 9, 1), "X1"), ep(D(2023, 9, 1), "T")]
    )
    assert (period.start_known, period.start_date, period.first_known_date) == (
        False,
        None,
        D(2021, 2, 1),
    )
    assert period.end_date is None


def test_an_ending_reason_followed_the_same_day_by_a_continuing_episode_keeps_one_period() -> None:
    (period,) = derive_periods(
        [ep(D(2024, 11, 19), "S", D(2025, 1, 30), "E5"), ep(D(2025, 1, 30), "P")]
    )
    assert (period.end_date, len(period.episodes)) == (None, 2)


def test_short_breaks_only_when_every_episode_is_v3_or_v4() -> None:
    (only,) = derive_periods(
        [ep(D(2023, 4, 1), "S", D(2023, 5, 1), "X1", ls="V3"), ep(D(2023, 5, 1), "L", ls="V4")]
    )
    (mixed,) = derive_periods(
        [ep(D(2023, 4, 1), "S", D(2023, 5, 1), "X1", ls="V3"), ep(D(2023, 5, 1), "L")]
    )
    assert only.short_breaks_only and not mixed.short_breaks_only


@settings(suppress_health_check=[HealthCheck.too_slow])  # the machine may be busy
@given(
    st.lists(st.tuples(st.integers(1, 200), st.booleans(), st.booleans()), min_size=1, max_size=12)
)
def test_every_episode_lands_in_exactly_one_period_in_order(
    steps: list[tuple[int, bool, bool]],
) -> None:
    episodes = []
    day = D(2020, 1, 1)
    for length, new_period, ends in steps:
        start = day + timedelta(days=1) if new_period else day
        day = start + timedelta(days=length)
        episodes.append(
            ep(start, "S" if new_period or not episodes else "P", day, "E8" if ends else "X1")
        )
    periods = derive_periods(episodes)
    flattened = [e for p in periods for e in p.episodes]
    assert flattened == episodes
    assert sum(1 for e in episodes if e.rne == "S") == len(periods)
    for period in periods:
        assert all(period.covers(e.decom) for e in period.episodes)
