"""Reading oversight, drift and dip samples. Drift is aggregated in SQL (one query for any number
of children), then the pure rules in `drift_rules` and `standards` judge the annotated values."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote_plus

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from iro.accounts.access import user_id_of, visible_children, visible_to
from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child, Episode, SocialWorkerEpisode
from iro.core.council import council_settings
from iro.core.prepared import prepared
from iro.reviews.models import Recommendation, Review

from . import drift_rules, standards
from .models import DipSample, DriftFacts, OversightRecord


@dataclass(frozen=True)
class MonitoringSettings:
    thresholds: drift_rules.DriftThresholds
    between_required: int
    year_required: int


def monitoring_settings() -> MonitoringSettings:
    row = council_settings()
    return MonitoringSettings(
        thresholds=drift_rules.DriftThresholds.for_oversights_per_year(row.oversights_per_year),
        between_required=row.oversights_between_reviews,
        year_required=row.oversights_per_year,
    )


@dataclass
class FlagView:
    flag: drift_rules.DriftFlag
    label: str
    dispute_url: str | None
    since: date | None = None  # the day the rule began to apply, as stored


@dataclass
class DriftRow:
    child: Child
    flags: list[FlagView] = field(default_factory=list)
    standard: standards.OversightStandard | None = None

    @property
    def codes(self) -> set[str]:
        return {f.flag.code for f in self.flags}


def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("child").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _first(queryset: QuerySet[Any], column: str) -> Subquery:
    return Subquery(queryset.values(column)[:1], output_field=DateField())


def with_drift_inputs(queryset: QuerySet[Child], as_of: date) -> QuerySet[Child]:
    """Annotate everything the drift rules and the oversight standard need, as subqueries on
    the child row, so a page of any length costs one query."""
    window = drift_rules.window_start(as_of)
    child = OuterRef("pk")
    oversights = OversightRecord.objects.filter(child=child, date__lte=as_of)
    held = Review.objects.filter(
        child=child, status=Review.Status.HELD, period=OuterRef("current_period")
    )
    last_held = held.order_by("-held_on")
    overdue_recs = Recommendation.objects.filter(
        child=child, status=Recommendation.Status.OPEN, due_date__lt=as_of
    )
    sw_episodes = SocialWorkerEpisode.objects.filter(child=child)
    return (
        queryset.select_related("current_period", "iro", "team", "social_worker", "drift_facts")
        .annotate(
            m_interval_start=Coalesce(
                F("current_period__last_review_date"),
                F("current_period__start_date"),
                F("current_period__first_known_date"),
            )
        )
        .annotate(
            m_overdue_recs=_count(overdue_recs),
            m_oldest_overdue_rec=_first(overdue_recs.order_by("due_date"), "due_date"),
            m_last_review_on=_first(last_held, "held_on"),
            m_last_review_care_plan=_first(last_held, "care_plan_received_on"),
            m_permanence_agreed=Exists(held.filter(permanence_plan_agreed=True)),
            m_sw_started=_count(sw_episodes.filter(start_date__gte=window, start_date__lte=as_of)),
            m_sw_first=_first(sw_episodes.order_by("start_date"), "start_date"),
            m_moves=_count(
                Episode.objects.filter(
                    child=child,
                    reason_new__in=drift_rules.PLACEMENT_MOVE_REASONS,
                    start_date__gte=window,
                    start_date__lte=as_of,
                )
            ),
            m_last_oversight=_first(oversights.order_by("-date", "-id"), "date"),
            m_next_check=_first(oversights.order_by("-date", "-id"), "next_check_on"),
            m_between=_count(oversights.filter(date__gte=OuterRef("m_interval_start"))),
            m_year=_count(oversights.filter(date__gte=window)),
        )
    )


def drift_inputs(child: Child, as_of: date) -> drift_rules.DriftInputs:
    """The pure rules' inputs from a child annotated by `with_drift_inputs`."""
    period = child.current_period
    a = child.__dict__
    return drift_rules.DriftInputs(
        as_of=as_of,
        in_care=period is not None,
        care_started_on=(period.start_date or period.first_known_date) if period else None,
        next_review_due=period.next_review_due if period else None,
        overdue_recommendations=a["m_overdue_recs"],
        oldest_overdue_recommendation=a["m_oldest_overdue_rec"],
        last_review_on=a["m_last_review_on"],
        last_review_care_plan_received=a["m_last_review_care_plan"] is not None,
        reviews_held_this_period=period.reviews_held if period else 0,
        permanence_plan_agreed=bool(a["m_permanence_agreed"]),
        has_social_worker=child.social_worker_id is not None,
        social_worker_episodes_started=a["m_sw_started"],
        first_social_worker_episode_on=a["m_sw_first"],
        placement_moves=a["m_moves"],
        last_oversight_on=a["m_last_oversight"],
        next_check_on=a["m_next_check"],
    )


def standard_for(
    child: Child, as_of: date, settings: MonitoringSettings
) -> standards.OversightStandard | None:
    period = child.current_period
    if period is None:
        return None
    a = child.__dict__
    return standards.oversight_standard(
        as_of=as_of,
        interval_start=a["m_interval_start"],
        next_review_due=period.next_review_due,
        between_count=a["m_between"],
        care_started_on=period.start_date,
        year_count=a["m_year"],
        between_required=settings.between_required,
        year_required=settings.year_required,
        review_held=period.last_review_date is not None,
    )


def dispute_base_url() -> str | None:
    """The disputes app's 'raise' page, or None until it exists."""
    try:
        return reverse("disputes:raise")
    except NoReverseMatch:
        return None


def dispute_url(base: str | None, child: Child, flag: drift_rules.DriftFlag) -> str | None:
    category = drift_rules.RULES[flag.code][1]
    if base is None or category is None:
        return None
    # What urlencode writes for these three, without its general machinery for each flag.
    return (
        f"{base}?child={int(child.pk)}&category={quote_plus(category)}"
        f"&summary={quote_plus(flag.sentence)}"
    )


def drift_rows(
    queryset: QuerySet[Child],
    as_of: date,
    *,
    settings: MonitoringSettings | None = None,
    rule: str | None = None,
    only_drifting: bool = True,
) -> list[DriftRow]:
    """Each child's drift flags and oversight standard judged live, most flags first: what the
    stored facts (`page_rows`) must agree with; pages read the stored facts instead."""
    settings = settings or monitoring_settings()
    base = dispute_base_url()
    rows = []
    for child in with_drift_inputs(queryset.filter(current_period__isnull=False), as_of):
        flags = drift_rules.drift_flags(drift_inputs(child, as_of), settings.thresholds)
        row = DriftRow(
            child=child,
            flags=[
                FlagView(flag, drift_rules.RULES[flag.code][0], dispute_url(base, child, flag))
                for flag in flags
            ],
            standard=standard_for(child, as_of, settings),
        )
        if only_drifting and not row.flags:
            continue
        if rule and rule not in row.codes:
            continue
        rows.append(row)
    rows.sort(key=lambda r: (-len(r.flags), r.child.last_name, r.child.first_name, r.child.pk))
    return rows


def children_in_care(
    *, user: Any, iro: ReviewingOfficer | None = None, team_id: int | None = None
) -> QuerySet[Child]:
    """Children in care this person may open (restricted records they are not named on go)."""
    return children_in_care_of(user, iro_id=iro.pk if iro is not None else None, team_id=team_id)


def children_in_care_of(
    user: Any, *, iro_id: int | None = None, team_id: int | None = None
) -> QuerySet[Child]:
    """`children_in_care` with the IRO by id."""
    user_id = user_id_of(user)
    return _in_care_for(user_id, iro_id, team_id)


def _in_care_for(user_id: int | None, iro_id: int | None, team_id: int | None) -> QuerySet[Child]:
    queryset = visible_to(Child.objects.filter(current_period__isnull=False), user_id)
    if iro_id is not None:
        queryset = queryset.filter(iro_id=iro_id)
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    return queryset


# --- Lists from the stored facts (`DriftFacts`, written by `iro.monitoring.facts`) -----------


# What a row shows or its reasons read (the social worker only by id, which the child holds).
_PAGE_JOINS = ("current_period", "iro", "team", "drift_facts")


def _since(code: str) -> str:
    return f"drift_facts__{code}_since"


def drifting(queryset: QuerySet[Child], *, rule: str | None = None) -> QuerySet[Child]:
    """The children showing drift (for one rule, when given), most reasons first, filtered
    and ordered in SQL from the stored facts; paginate it, then `page_rows` the page."""
    queryset = queryset.filter(drift_facts__flag_count__gt=0).select_related(*_PAGE_JOINS)
    if rule:
        queryset = queryset.filter(**{f"{_since(rule)}__isnull": False})
    return queryset.order_by("-drift_facts__flag_count", "last_name", "first_name", "pk")


def drifting_page(
    user: Any,
    offset: int,
    limit: int,
    *,
    iro_id: int | None = None,
    team_id: int | None = None,
    rule: str | None = None,
) -> list[Child]:
    """Rows `offset` to `offset + limit` of `drifting(children_in_care(...), rule=rule)`, read
    by one prepared query; `page_rows` them. Its length is `drift_counts`' figure."""
    return _drifting_page(
        rule,
        offset,
        limit,
        user_id=user_id_of(user),
        iro_id=iro_id,
        team_id=team_id,
    )


@prepared
def _drifting_page(
    rule: str | None,
    offset: int,
    limit: int,
    *,
    user_id: int | None,
    iro_id: int | None,
    team_id: int | None,
) -> QuerySet[Child]:
    # The rule names a column, so it shapes the SQL: positional.
    return drifting(_in_care_for(user_id, iro_id, team_id), rule=rule)[offset : offset + limit]


def drift_counts(queryset: QuerySet[Child]) -> dict[str, int]:
    """Children showing drift, and showing each rule, in one aggregate query over the stored
    facts of the children `queryset` selects. Written as SQL over the facts' own columns: as
    twelve filtered counts through the join, Django spent more building the query (7,000
    calls) than the database running it."""
    quote = connection.ops.quote_name
    column = {f.name: quote(str(f.column)) for f in DriftFacts._meta.concrete_fields}
    conditions = {code: f"{column[f'{code}_since']} IS NOT NULL" for code in drift_rules.RULES}
    conditions["drifting"] = f"{column['flag_count']} > 0"
    conditions["below_standard"] = f"{column['standard_status']} = %s"
    counts = ", ".join(
        f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"
        for condition in conditions.values()
    )
    try:
        children, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match no child
        return dict.fromkeys(conditions, 0)
    table = quote(DriftFacts._meta.db_table)
    # Names from the model's metadata, every value a parameter.
    sql = f"SELECT {counts} FROM {table} WHERE {column['child']} IN ({children})"  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [standards.StandardStatus.BELOW.value, *params])
        row = cursor.fetchone()
    return {key: int(value) for key, value in zip(conditions, row, strict=True)}


_STATUS_ORDER = {"below": 0, "on_track": 1, "met": 2}


def by_standard(queryset: QuerySet[Child], *, status: str | None = None) -> QuerySet[Child]:
    """Children in care by their stored oversight standard, below standard first."""
    queryset = queryset.select_related(*_PAGE_JOINS)
    if status:
        queryset = queryset.filter(drift_facts__standard_status=status)
    order = Case(
        *[When(drift_facts__standard_status=s, then=Value(n)) for s, n in _STATUS_ORDER.items()],
        default=Value(3),
        output_field=IntegerField(),
    )
    return queryset.order_by(order, "last_name", "first_name", "pk")


def standard_counts(queryset: QuerySet[Child]) -> dict[str, int]:
    """Children at each status of the oversight standard, in one aggregate query."""
    return dict(
        queryset.order_by().aggregate(
            **{
                s.value: Count("pk", filter=Q(drift_facts__standard_status=s.value))
                for s in standards.StandardStatus
            }
        )
    )


def stored_standard(facts: DriftFacts) -> standards.OversightStandard:
    return standards.OversightStandard(
        between_count=facts.between_count,
        between_required=facts.between_required,
        between_expected=facts.between_expected,
        year_count=facts.year_count,
        year_required=facts.year_required,
        year_expected=facts.year_expected,
    )


def stored_inputs(child: Child, facts: DriftFacts, as_of: date) -> drift_rules.DriftInputs:
    """The rules' inputs as `iro.monitoring.facts` stored them, with the period's own columns:
    the page's sentences come from the same facts as its filters and counts."""
    period = child.current_period
    return drift_rules.DriftInputs(
        as_of=as_of,
        in_care=period is not None,
        care_started_on=(period.start_date or period.first_known_date) if period else None,
        next_review_due=period.next_review_due if period else None,
        overdue_recommendations=facts.overdue_recommendations,
        oldest_overdue_recommendation=facts.oldest_overdue_recommendation,
        last_review_on=facts.last_review_on,
        last_review_care_plan_received=facts.last_review_care_plan_received,
        reviews_held_this_period=period.reviews_held if period else 0,
        permanence_plan_agreed=facts.permanence_plan_agreed,
        has_social_worker=child.social_worker_id is not None,
        # Stored as the number of changes already (the first allocation left out).
        social_worker_episodes_started=facts.social_worker_changes,
        placement_moves=facts.placement_moves,
        last_oversight_on=facts.last_oversight_on,
        next_check_on=facts.next_check_on,
    )


def page_rows(
    children: Any, as_of: date, *, settings: MonitoringSettings | None = None
) -> list[DriftRow]:
    """The rows of one page, in the page's order, from the stored facts alone (no query beyond
    the page's own): each reason's sentence, the day it began to apply, the standard."""
    settings = settings or monitoring_settings()
    base = dispute_base_url()
    rows = []
    for child in children:
        facts = getattr(child, "drift_facts", None)
        if facts is None:
            rows.append(DriftRow(child=child))
            continue
        flags = drift_rules.drift_flags(stored_inputs(child, facts, as_of), settings.thresholds)
        rows.append(
            DriftRow(
                child=child,
                flags=[
                    FlagView(
                        flag,
                        drift_rules.RULES[flag.code][0],
                        dispute_url(base, child, flag),
                        getattr(facts, f"{flag.code}_since", None),
                    )
                    for flag in flags
                ],
                standard=stored_standard(facts),
            )
        )
    return rows


# --- The child's page -----------------------------------------------------------------------


def child_oversight(child: Child, as_of: date, *, recent: int = 5) -> dict[str, Any]:
    """What the child page's oversight panel shows, in a fixed number of queries."""
    # The stored facts, as the drift and standard pages show them (`drift_rows` judges live,
    # which the tests use to check the stored facts against).
    row = None
    if child.current_period_id is not None:
        facts = next(iter(_drift_facts(child_id=child.pk)), None)
        if facts is not None:
            child.drift_facts = facts
            row = page_rows([child], as_of)[0]
    return {"drift": row, "oversights": _recent_oversights(recent, child_id=child.pk)}


@prepared
def _drift_facts(*, child_id: int) -> QuerySet[DriftFacts]:
    return DriftFacts.objects.filter(child_id=child_id)[:1]


@prepared
def _recent_oversights(limit: int, *, child_id: int) -> QuerySet[OversightRecord]:
    return (
        OversightRecord.objects.filter(child_id=child_id)
        .select_related("iro")
        .order_by("-date", "-id")[:limit]
    )


def open_recommendations(child: Child) -> list[Recommendation]:
    return list(
        Recommendation.objects.filter(child=child, status=Recommendation.Status.OPEN).order_by(
            "due_date", "id"
        )
    )


def oversights_for_child(child: Child) -> QuerySet[OversightRecord]:
    return (
        OversightRecord.objects.filter(child=child)
        .select_related("iro", "midpoint_review")
        .order_by("-date", "-id")
    )


def oversight_detail(pk: int) -> OversightRecord | None:
    return (
        OversightRecord.objects.select_related(
            "child", "iro", "recorded_by", "midpoint_review__last_review"
        )
        .prefetch_related("recommendation_progress__recommendation")
        .filter(pk=pk)
        .first()
    )


# --- Dip sampling ---------------------------------------------------------------------------

SAMPLE_SIZE = 10


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following


def _sample_ids(ids: list[int], seed: str, size: int) -> list[int]:
    """A random sample that is the same every time for the same month and the same records."""
    ids = sorted(ids)
    return sorted(random.Random(seed).sample(ids, min(size, len(ids))))  # noqa: S311  # nosec B311


def dip_sample(month: date, *, user: Any, size: int = SAMPLE_SIZE) -> dict[str, list[Any]]:
    """The month's sample of oversights and held reviews, with any rating already given
    (restricted records the manager is not named on are left out of the draw)."""
    first, following = month_bounds(month)
    visible = visible_children(Child.objects.all(), user).values("pk")
    oversight_ids = list(
        OversightRecord.objects.filter(
            date__gte=first, date__lt=following, child__in=visible
        ).values_list("pk", flat=True)
    )
    review_ids = list(
        Review.objects.filter(
            status=Review.Status.HELD, held_on__gte=first, held_on__lt=following, child__in=visible
        ).values_list("pk", flat=True)
    )
    seed = f"{first:%Y-%m}"
    oversights = list(
        OversightRecord.objects.filter(pk__in=_sample_ids(oversight_ids, f"o{seed}", size))
        .select_related("child", "iro", "dip_sample")
        .order_by("date", "id")
    )
    reviews = list(
        Review.objects.filter(pk__in=_sample_ids(review_ids, f"r{seed}", size))
        .select_related("child", "chair", "dip_sample")
        .order_by("held_on", "id")
    )
    items: list[Any] = [*oversights, *reviews]
    for item in items:
        # A reverse one-to-one with no row raises on access; the page wants None.
        item.sample = getattr(item, "dip_sample", None)
    return {"oversights": oversights, "reviews": reviews}


def dip_sample_report(month: date) -> dict[str, Any]:
    """Count sampled and the ratings by IRO for one month."""
    first, _ = month_bounds(month)
    by_iro: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for row in (
        DipSample.objects.filter(month=first)
        .values("iro__name", "rating", "kind")
        .annotate(n=Count("pk"))
        .order_by("iro__name")
    ):
        name = row["iro__name"] or "No IRO"
        by_iro.setdefault(name, Counter())[row["rating"]] += row["n"]
        totals[row["rating"]] += row["n"]
        kinds[row["kind"]] += row["n"]
    ratings = [(value, label) for value, label in DipSample.Rating.choices]
    return {
        "ratings": ratings,
        "rows": [
            {"iro": name, "counts": [c.get(v, 0) for v, _ in ratings], "total": sum(c.values())}
            for name, c in sorted(by_iro.items())
        ],
        "totals": [totals.get(v, 0) for v, _ in ratings],
        "total": sum(totals.values()),
        "oversights": kinds.get(DipSample.Kind.OVERSIGHT, 0),
        "reviews": kinds.get(DipSample.Kind.REVIEW, 0),
    }


def feedback_for(iro: ReviewingOfficer | None, *, user: Any) -> QuerySet[DipSample]:
    """Dip-sample feedback, newest first, about children this person may open."""
    queryset = (
        DipSample.objects.filter(child__in=visible_children(Child.objects.all(), user).values("pk"))
        .select_related("child", "iro", "oversight", "review", "sampled_by")
        .order_by("-month", "-sampled_at", "-id")
    )
    return queryset.filter(iro=iro) if iro is not None else queryset


def months_with_dates(as_of: date, count: int = 12) -> list[date]:
    """The last `count` months, newest first (first days)."""
    first = as_of.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    return months
