"""Drift and delay rules: plain values in, flags out, each explainable in one sentence.

No Django here. The selector (`iro.monitoring.selectors.with_drift_inputs`) aggregates each
child's inputs in SQL; the one writer of the stored facts (`iro.monitoring.facts`) calls
`drift_flags` and `rule_since` on them; the rules live only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from iro.timetable.calendar import add_months
from iro.timetable.dates import format_date

# Episode reasons (903 RNE) that mean the child moved placement.
PLACEMENT_MOVE_REASONS = frozenset({"P", "T", "B", "U"})


@dataclass(frozen=True)
class DriftThresholds:
    """The numbers the rules compare against (the oversight interval comes from the council's
    `oversights_per_year`: 4 a year is one every 91 days)."""

    social_worker_changes: int = 3
    placement_moves: int = 3
    window_months: int = 12
    oversight_interval_days: int = 91

    @classmethod
    def for_oversights_per_year(cls, per_year: int) -> DriftThresholds:
        return cls(oversight_interval_days=365 // max(per_year, 1))


DEFAULT_THRESHOLDS = DriftThresholds()


@dataclass(frozen=True)
class DriftInputs:
    """One child's position, as the selector aggregates it. Counts are already limited to the
    12-month window that ends on `as_of` (see `window_start`)."""

    as_of: date
    in_care: bool = True
    care_started_on: date | None = None
    next_review_due: date | None = None
    overdue_recommendations: int = 0
    oldest_overdue_recommendation: date | None = None
    last_review_on: date | None = None
    last_review_care_plan_received: bool = True
    reviews_held_this_period: int = 0
    permanence_plan_agreed: bool = False
    has_social_worker: bool = True
    # Social worker episodes that started in the window, and the start of the child's first
    # ever one: the first allocation is not a change.
    social_worker_episodes_started: int = 0
    first_social_worker_episode_on: date | None = None
    placement_moves: int = 0
    last_oversight_on: date | None = None
    next_check_on: date | None = None
    # For the date each rule began to apply (`rule_since`); not needed to decide a flag.
    placement_move_dates: tuple[date, ...] = ()
    social_worker_change_dates: tuple[date, ...] = ()
    second_review_on: date | None = None
    social_worker_ended_on: date | None = None


@dataclass(frozen=True)
class DriftFlag:
    code: str
    sentence: str


# code -> (short label for filters, dispute category or None when a dispute does not fit).
RULES: dict[str, tuple[str, str | None]] = {
    "review_overdue": ("Review overdue", "drift_delay"),
    "recommendation_overdue": ("Recommendation overdue", "outstanding_recommendations"),
    "no_care_plan": ("No care plan for the last review", "no_care_plan"),
    "no_social_worker": ("No allocated social worker", "no_social_worker"),
    "social_worker_changes": ("Social worker changes", "drift_delay"),
    "permanence_not_agreed": ("No permanence plan by the second review", "drift_delay"),
    "placement_moves": ("Placement moves", "drift_delay"),
    "oversight_overdue": ("Oversight overdue", None),
}


def window_start(as_of: date, months: int = 12) -> date:
    """The first day counted in 'the last 12 months' ending on `as_of` (both ends included)."""
    return add_months(as_of, -months)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def social_worker_changes(inputs: DriftInputs, months: int = 12) -> int:
    started = inputs.social_worker_episodes_started
    first = inputs.first_social_worker_episode_on
    if first is not None and first >= window_start(inputs.as_of, months):
        started -= 1
    return max(started, 0)


def review_overdue(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    if i.next_review_due is None or i.next_review_due >= i.as_of:
        return None
    days = (i.as_of - i.next_review_due).days
    return DriftFlag(
        "review_overdue",
        f"The next review was due on {format_date(i.next_review_due)} and is "
        f"{_plural(days, 'day', 'days')} overdue.",
    )


def recommendation_overdue(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    if i.overdue_recommendations < 1:
        return None
    oldest = (
        f" (the oldest was due on {format_date(i.oldest_overdue_recommendation)})"
        if i.oldest_overdue_recommendation
        else ""
    )
    n = i.overdue_recommendations
    verb = "is" if n == 1 else "are"
    return DriftFlag(
        "recommendation_overdue",
        f"{_plural(n, 'review recommendation', 'review recommendations')} {verb} open past "
        f"the due date{oldest}.",
    )


def no_care_plan(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    if i.last_review_on is None or i.last_review_care_plan_received:
        return None
    return DriftFlag(
        "no_care_plan",
        f"No care plan was received for the last review on {format_date(i.last_review_on)}.",
    )


def no_social_worker(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    if i.has_social_worker:
        return None
    return DriftFlag("no_social_worker", "No social worker is allocated to the child.")


def social_worker_changes_flag(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    changes = social_worker_changes(i, t.window_months)
    if changes < t.social_worker_changes:
        return None
    return DriftFlag(
        "social_worker_changes",
        f"The child's social worker has changed {_plural(changes, 'time', 'times')} in the "
        f"last {t.window_months} months.",
    )


def permanence_not_agreed(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    if i.reviews_held_this_period < 2 or i.permanence_plan_agreed:
        return None
    return DriftFlag(
        "permanence_not_agreed",
        f"No permanence plan has been agreed, and {i.reviews_held_this_period} reviews have "
        "been held (it should be agreed by the second review).",
    )


def placement_moves(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    if i.placement_moves < t.placement_moves:
        return None
    return DriftFlag(
        "placement_moves",
        f"The child has moved placement {_plural(i.placement_moves, 'time', 'times')} in the "
        f"last {t.window_months} months.",
    )


def oversight_overdue(i: DriftInputs, t: DriftThresholds) -> DriftFlag | None:
    if i.next_check_on is not None and i.next_check_on < i.as_of:
        return DriftFlag(
            "oversight_overdue",
            f"The next oversight check was planned for {format_date(i.next_check_on)} and "
            "has not been recorded.",
        )
    interval = timedelta(days=t.oversight_interval_days)
    if i.last_oversight_on is not None:
        if i.as_of - i.last_oversight_on > interval:
            return DriftFlag(
                "oversight_overdue",
                f"No oversight has been recorded since {format_date(i.last_oversight_on)}, "
                f"more than {t.oversight_interval_days} days ago.",
            )
        return None
    if i.care_started_on is not None and i.as_of - i.care_started_on > interval:
        return DriftFlag(
            "oversight_overdue",
            f"No oversight has been recorded in the more than {t.oversight_interval_days} days "
            "since the child came into care.",
        )
    return None


def rule_since(code: str, i: DriftInputs, t: DriftThresholds = DEFAULT_THRESHOLDS) -> date:
    """The day a rule that applies on ``i.as_of`` began to apply (so pages can say for how long
    and order by it): the day after the date that was missed, the review held without a care
    plan, the move or change that reached the threshold within the last 12 months."""
    day = timedelta(days=1)
    interval = timedelta(days=t.oversight_interval_days)
    started = i.care_started_on or i.as_of
    found: date | None = None
    if code == "review_overdue":
        found = i.next_review_due + day if i.next_review_due else None
    elif code == "recommendation_overdue":
        found = i.oldest_overdue_recommendation + day if i.oldest_overdue_recommendation else None
    elif code == "no_care_plan":
        found = i.last_review_on
    elif code == "no_social_worker":
        found = max(i.social_worker_ended_on or started, started)
    elif code == "social_worker_changes":
        # The dates of the changes in the window (the first ever allocation left out).
        changes = sorted(i.social_worker_change_dates)
        n = t.social_worker_changes
        found = changes[n - 1] if len(changes) >= n else None
    elif code == "permanence_not_agreed":
        found = i.second_review_on
    elif code == "placement_moves":
        moves = sorted(i.placement_move_dates)
        found = moves[t.placement_moves - 1] if len(moves) >= t.placement_moves else None
    elif code == "oversight_overdue":
        if i.next_check_on is not None and i.next_check_on < i.as_of:
            found = i.next_check_on + day
        elif i.last_oversight_on is not None:
            found = i.last_oversight_on + interval + day
        else:
            found = started + interval + day
    # Never after the day it is judged on (inputs not passed in default to that day).
    return min(found or i.as_of, i.as_of)


ALL_RULES = (
    review_overdue,
    recommendation_overdue,
    no_care_plan,
    no_social_worker,
    social_worker_changes_flag,
    permanence_not_agreed,
    placement_moves,
    oversight_overdue,
)


def drift_flags(
    inputs: DriftInputs, thresholds: DriftThresholds = DEFAULT_THRESHOLDS
) -> list[DriftFlag]:
    """Every rule that applies to a child in care, in the order of `RULES`; none once the
    child has left care."""
    if not inputs.in_care:
        return []
    return [flag for rule in ALL_RULES if (flag := rule(inputs, thresholds)) is not None]
