"""Drift and the oversight standard, stored per child in care (see `iro.core.facts`).

`drift_refresh` is the one writer of `DriftFacts`: it judges each child with the pure rules
(`drift_rules`, `standards`) on the inputs `selectors.with_drift_inputs` aggregates in SQL, in
batches (a constant number of queries per batch), and writes only the rows that changed.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date
from typing import Any

from iro.children.models import Child, Episode, SocialWorkerEpisode
from iro.core.bulk import chunks, update_rows, upsert_rows
from iro.core.prepared import id_list, in_id_list, keyed_rows, when_given
from iro.reviews.models import Review

from . import drift_rules, selectors
from .models import DriftFacts

ORDER = 20  # after the review timetable, whose next review due it reads
_BATCH = 2000

SINCE_FIELDS = {code: f"{code}_since" for code in drift_rules.RULES}
# Stored as the selector aggregated them (`DriftInputs` fields of the same name).
INPUT_FIELDS = (
    "overdue_recommendations",
    "oldest_overdue_recommendation",
    "last_review_on",
    "last_review_care_plan_received",
    "permanence_plan_agreed",
    "placement_moves",
    "last_oversight_on",
    "next_check_on",
)
FACT_FIELDS = [
    "as_of",
    "flag_count",
    *SINCE_FIELDS.values(),
    *INPUT_FIELDS,
    "social_worker_changes",
    "standard_status",
    "between_count",
    "between_required",
    "between_expected",
    "year_count",
    "year_required",
    "year_expected",
]


def refresh_facts(child_ids: list[int] | None, *, as_of: date) -> int:
    return drift_refresh(child_ids, as_of=as_of)


def drift_refresh(child_ids: list[int] | None = None, *, as_of: date) -> int:
    """Recompute the stored drift of these children (all when None) as on ``as_of``; rows of
    children no longer in care go. Returns how many rows were written or removed."""
    settings = selectors.monitoring_settings()
    given = {} if child_ids is None else {"ids": id_list(child_ids)}
    # Compiled once each, as in `_refresh_chunk`; the rows of children no longer in care are
    # looked for first, since there are seldom any to delete.
    stale = keyed_rows(
        ("drift", "left care"),
        lambda **given: when_given(
            DriftFacts.objects.exclude(child__current_period__isnull=False), "child_id", given
        ).values_list("pk", flat=True),
        **given,
    )
    changed = sum(DriftFacts.objects.filter(pk__in=b).delete()[0] for b in chunks(stale, _BATCH))
    ids = keyed_rows(
        ("drift", "in care"),
        lambda **given: (
            when_given(Child.objects.filter(current_period__isnull=False), "pk", given)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        **given,
    )
    for chunk in chunks(ids, _BATCH):
        changed += _refresh_chunk(chunk, as_of, settings)
    return changed


def judge(
    child: Child, as_of: date, settings: selectors.MonitoringSettings, extra: dict[str, Any]
) -> DriftFacts:
    """One child's facts from its annotated inputs (`with_drift_inputs`) and the dates `extra`
    adds for `rule_since`."""
    inputs = dataclasses.replace(selectors.drift_inputs(child, as_of), **extra)
    flags = drift_rules.drift_flags(inputs, settings.thresholds)
    standard = selectors.standard_for(child, as_of, settings)
    facts = DriftFacts(
        child_id=child.pk,
        as_of=as_of,
        flag_count=len(flags),
        social_worker_changes=drift_rules.social_worker_changes(
            inputs, settings.thresholds.window_months
        ),
        **{name: getattr(inputs, name) for name in INPUT_FIELDS},
    )
    for flag in flags:
        setattr(
            facts,
            SINCE_FIELDS[flag.code],
            drift_rules.rule_since(flag.code, inputs, settings.thresholds),
        )
    if standard is not None:
        facts.standard_status = standard.status.value
        for name in (
            "between_count",
            "between_required",
            "between_expected",
            "year_count",
            "year_required",
            "year_expected",
        ):
            setattr(facts, name, getattr(standard, name))
    return facts


def _extra_inputs(children: list[Child], as_of: date, ids: str) -> dict[int, dict[str, Any]]:
    """Per child: the placement moves and social worker changes in the window, the end of the
    last social worker's episode and the day the period's second review was held. `ids` is the
    children's `id_list`; each query is compiled once per day (see `_refresh_chunk`)."""
    window = drift_rules.window_start(as_of)
    moves: dict[int, list[date]] = defaultdict(list)
    for child_id, day in keyed_rows(
        ("drift_moves", window, as_of),
        lambda **given: Episode.objects.filter(
            in_id_list("child_id", given["ids"]),
            reason_new__in=drift_rules.PLACEMENT_MOVE_REASONS,
            start_date__gte=window,
            start_date__lte=as_of,
        ).values_list("child_id", "start_date"),
        ids=ids,
    ):
        moves[child_id].append(day)
    starts: dict[int, list[date]] = defaultdict(list)
    ended: dict[int, date] = {}
    for child_id, start, end in keyed_rows(
        ("drift_social_workers",),
        lambda **given: SocialWorkerEpisode.objects.filter(
            in_id_list("child_id", given["ids"])
        ).values_list("child_id", "start_date", "end_date"),
        ids=ids,
    ):
        starts[child_id].append(start)
        if end is not None and end <= as_of and (child_id not in ended or end > ended[child_id]):
            ended[child_id] = end
    held: dict[int, list[date]] = defaultdict(list)
    periods = id_list(c.current_period_id for c in children if c.current_period_id is not None)
    for period_id, day in keyed_rows(
        ("drift_reviews_held",),
        lambda **given: (
            Review.objects.filter(
                in_id_list("period_id", given["periods"]), status=Review.Status.HELD
            )
            .order_by("period_id", "held_on")
            .values_list("period_id", "held_on")
        ),
        periods=periods,
    ):
        held[period_id].append(day)
    extra: dict[int, dict[str, Any]] = {}
    for child in children:
        first = min(starts[child.pk], default=None)
        reviews = held.get(child.current_period_id or 0, [])
        extra[child.pk] = {
            "placement_move_dates": tuple(sorted(moves[child.pk])),
            "social_worker_change_dates": tuple(
                sorted(d for d in starts[child.pk] if window <= d <= as_of and d != first)
            ),
            "social_worker_ended_on": ended.get(child.pk),
            "second_review_on": reviews[1] if len(reviews) > 1 else None,
        }
    return extra


def _values(facts: DriftFacts) -> tuple[Any, ...]:
    # `as_of` is left out: a row whose facts still hold keeps the day they were last judged to
    # change, so the daily task rewrites only the children whose drift moved.
    return tuple(getattr(facts, name) for name in FACT_FIELDS[1:])


def _refresh_chunk(
    child_ids: list[int], as_of: date, settings: selectors.MonitoringSettings
) -> int:
    # The writer runs for every change to a child: building and compiling its queries cost more
    # than running them, so each is compiled once per day (the day is all they are built from
    # besides the ids, which are one value).
    ids = id_list(child_ids)
    children: list[Child] = keyed_rows(
        ("drift_inputs", as_of),
        lambda **given: selectors.with_drift_inputs(
            Child.objects.filter(in_id_list("pk", given["ids"])), as_of
        ),
        ids=ids,
    )
    extra = _extra_inputs(children, as_of, ids)
    new, changed = [], []
    for child in children:
        facts = judge(child, as_of, settings, extra[child.pk])
        # The stored row came with the child (`with_drift_inputs` joins it).
        before = getattr(child, "drift_facts", None)
        if before is None:
            new.append(facts)
        elif _values(before) != _values(facts):
            changed.append(facts)
    # Two changes to one child at once may both find no row: the later write wins, no error.
    upsert_rows(DriftFacts, new, FACT_FIELDS)
    update_rows(DriftFacts, changed, FACT_FIELDS)
    return len(new) + len(changed)
