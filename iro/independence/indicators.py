"""The independence indicators (issue 21 item 1): whether the IRO service challenges enough,
whether challenge changes anything for the child, and where responses stall.

Each indicator's records are defined once here, as a queryset; its figures are aggregates over
that queryset and its drill-down is the same queryset, so the page, the drill-down lists, the
`independence_report` command and the annual report (`indicators_for_period`, which the report
calls) always agree. A period costs a fixed number of queries, whatever the number of records.

Figures "as at" a day (drifting without challenge, responses overdue, recurring challenges) come
from stored current state (the drift facts, each open dispute's summary row): they are reported
for a period that runs to today (or later) and are null, "Not recorded", for a past period.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer, User
from iro.caseloads.selectors import looked_after_during
from iro.children.models import Child, PeriodOfCare, Team
from iro.core.council import working_day_calendar
from iro.disputes.models import (
    DIFFERENCE_MADE,
    CafcassReferral,
    Dispute,
    DisputeEvent,
    DisputeStage,
    GoodPracticeAlert,
    LegalAdviceRecord,
    Outcome,
)
from iro.disputes.selectors import response_overdue_q
from iro.monitoring import drift_rules
from iro.monitoring.facts import SINCE_FIELDS
from iro.monitoring.models import DriftFacts
from iro.timetable.arithmetic import ReportingPeriod, as_at, percent
from iro.timetable.calendar import WorkingDayCalendar

from . import recurring
from .models import PressureRecord

# A drift flag open this many working days or more, with no dispute since it began, is
# "drifting without challenge".
DRIFT_WORKING_DAYS = 20

# The JSON keys of `indicators_for_period`, in the order the page, the CSV and the report show
# them.
KEYS = (
    "challenges_per_100_children",
    "drifting_not_challenged",
    "responses_overdue",
    "withdrawn_or_unresolved",
    "median_days_to_resolution",
    "difference_made",
    "cafcass_referrals",
    "legal_advice_sought",
    "good_practice_alerts",
    "pressure_on_independence",
    "recurring_challenges",
)


@dataclass(frozen=True)
class Filters:
    """Narrow a drill-down to one row of a breakdown (all None: the whole figure)."""

    iro: int | None = None
    team: int | None = None
    manager: int | None = None
    stage: str | None = None
    outcome: str | None = None


def _today() -> date:
    return timezone.localdate()


def reported(period: ReportingPeriod, today: date | None = None) -> ReportingPeriod:
    """The period as it can be reported today (to date when it has not ended)."""
    return as_at(period, today or _today())


def _is_current(period: ReportingPeriod, today: date) -> bool:
    """Whether figures kept only for today (drift facts, open disputes) belong to the period."""
    return period.date_from <= today <= (period.requested_to or period.date_to)


def _in(field_name: str, period: ReportingPeriod) -> Q:
    return Q(**{f"{field_name}__gte": period.date_from, f"{field_name}__lte": period.date_to})


# --- the records behind each indicator (one definition each) --------------------------------


def challenges(period: ReportingPeriod) -> QuerySet[Dispute]:
    """Disputes (challenges) raised in the period."""
    return Dispute.objects.filter(_in("raised_on", period))


def children_in_care(period: ReportingPeriod) -> QuerySet[Child]:
    """Children in care at any time in the period (the caseloads rule `looked_after_during`)."""
    touching = PeriodOfCare.objects.filter(looked_after_during(period.date_from, period.date_to))
    return Child.objects.filter(pk__in=touching.values("child_id"))


def drift_cutoff(as_of: date, calendar: WorkingDayCalendar) -> date:
    """A rule that began on or before this day has been open 20 working days or more."""
    return calendar.add_working_days(as_of, -DRIFT_WORKING_DAYS)


def _no_dispute_since(since_field: str) -> Q:
    about_child = Dispute.objects.filter(
        Q(child_id=OuterRef("child_id")) | Q(other_children=OuterRef("child_id")),
        raised_on__gte=OuterRef(since_field),
    )
    return Q(~Exists(about_child))


def drifting_not_challenged(as_of: date, calendar: WorkingDayCalendar) -> QuerySet[DriftFacts]:
    """Children in care with a drift flag that has been open 20 working days or more (the
    stored day each rule began) and no dispute about them raised since that flag began."""
    cutoff = drift_cutoff(as_of, calendar)
    condition = Q()
    for since_field in SINCE_FIELDS.values():
        condition |= Q(**{f"{since_field}__lte": cutoff}) & _no_dispute_since(since_field)
    return DriftFacts.objects.filter(condition)


def responder_team() -> Coalesce:
    """The team a response is owed by: the named responder's team, else the child's team."""
    return Coalesce(F("responder__social_worker__team_id"), F("child__team_id"))


def responses_overdue(as_of: date) -> QuerySet[Any]:
    """Open disputes whose response at the current stage is past due (the disputes rule)."""
    return (
        Dispute.objects.filter(response_overdue_q(as_of))
        .annotate(owed_by_team=responder_team())
        .annotate(
            owed_by_manager=Subquery(
                Team.objects.filter(pk=OuterRef("owed_by_team")).values("manager_id")[:1]
            )
        )
    )


def _withdrawal(column: str) -> Subquery:
    return Subquery(
        DisputeEvent.objects.filter(dispute=OuterRef("pk"), kind=DisputeEvent.Kind.WITHDRAWN)
        .order_by("recorded_at")
        .values(column)[:1]
    )


def withdrawn_or_unresolved(period: ReportingPeriod) -> QuerySet[Any]:
    """Disputes withdrawn in the period, or resolved in it with nothing changed for the child,
    each with its reason (the withdrawal's, or why nothing changed)."""
    return (
        Dispute.objects.annotate(
            withdrawn_on=_withdrawal("occurred_on"), withdrawn_reason=_withdrawal("text")
        )
        .filter(
            Q(status=Dispute.Status.WITHDRAWN, **_range("withdrawn_on", period))
            | Q(
                status=Dispute.Status.RESOLVED,
                outcome_code=Outcome.NO_CHANGE,
                **_range("resolved_on", period),
            )
        )
        .annotate(closed_on=Coalesce(F("withdrawn_on"), F("resolved_on")))
    )


def _range(field_name: str, period: ReportingPeriod) -> dict[str, date]:
    return {f"{field_name}__gte": period.date_from, f"{field_name}__lte": period.date_to}


def resolved(period: ReportingPeriod) -> QuerySet[Dispute]:
    """Disputes resolved in the period (the stage is the one they were resolved at)."""
    return Dispute.objects.filter(status=Dispute.Status.RESOLVED, **_range("resolved_on", period))


def coded_outcomes(period: ReportingPeriod) -> QuerySet[Dispute]:
    """Disputes resolved in the period with a coded outcome (the "difference made")."""
    return resolved(period).exclude(outcome_code="")


def cafcass_referrals(period: ReportingPeriod) -> QuerySet[CafcassReferral]:
    return CafcassReferral.objects.filter(_in("referred_on", period))


def legal_advice_sought(period: ReportingPeriod) -> QuerySet[LegalAdviceRecord]:
    return LegalAdviceRecord.objects.filter(_in("sought_on", period))


def good_practice_alerts(period: ReportingPeriod) -> QuerySet[GoodPracticeAlert]:
    return GoodPracticeAlert.objects.filter(_in("raised_on", period))


def pressure_records(period: ReportingPeriod) -> QuerySet[PressureRecord]:
    """Records of pressure on independence made about the period (counted, never shown)."""
    return PressureRecord.objects.filter(_in("occurred_on", period))


# --- the figures ---------------------------------------------------------------------------


def _names(model: Any, ids: set[int]) -> dict[int, str]:
    return {
        pk: str(name) for pk, name in model.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def _per_100(challenged: int, children: int) -> float | None:
    if children == 0:
        return None
    return percent(challenged, children)


def _challenges_figure(period: ReportingPeriod) -> dict[str, Any]:
    raised = challenges(period)
    children = children_in_care(period)
    alerts = good_practice_alerts(period)
    by_iro = dict(raised.order_by().values_list("raised_by_id").annotate(n=Count("pk")))
    by_team = dict(raised.order_by().values_list("child__team_id").annotate(n=Count("pk")))
    kids_iro = dict(children.order_by().values_list("iro_id").annotate(n=Count("pk")))
    kids_team = dict(children.order_by().values_list("team_id").annotate(n=Count("pk")))
    alerts_iro = dict(alerts.order_by().values_list("iro_id").annotate(n=Count("pk")))
    total_raised = sum(by_iro.values())
    total_children = sum(kids_iro.values())
    iro_ids = {k for k in (*by_iro, *kids_iro, *alerts_iro) if k is not None}
    team_ids = {k for k in (*by_team, *kids_team) if k is not None}
    iro_names = _names(ReviewingOfficer, iro_ids)
    team_names = _names(Team, team_ids)
    return {
        "challenges": total_raised,
        "children": total_children,
        "rate": _per_100(total_raised, total_children),
        "good_practice_alerts": sum(alerts_iro.values()),
        "by_iro": [
            {
                "id": pk,
                "name": iro_names.get(pk, ""),
                "challenges": by_iro.get(pk, 0),
                "children": kids_iro.get(pk, 0),
                "rate": _per_100(by_iro.get(pk, 0), kids_iro.get(pk, 0)),
                "good_practice_alerts": alerts_iro.get(pk, 0),
            }
            for pk in sorted(iro_ids, key=lambda k: (iro_names.get(k, ""), k))
        ],
        "by_team": [
            {
                "id": pk,
                "name": team_names.get(pk, ""),
                "challenges": by_team.get(pk, 0),
                "children": kids_team.get(pk, 0),
                "rate": _per_100(by_team.get(pk, 0), kids_team.get(pk, 0)),
            }
            for pk in sorted(team_ids, key=lambda k: (team_names.get(k, ""), k))
        ],
    }


def _breakdown(rows: dict[Any, int], names: dict[Any, str]) -> list[dict[str, Any]]:
    return [
        {"id": pk, "name": names.get(pk, ""), "count": n}
        for pk, n in sorted(rows.items(), key=lambda item: (names.get(item[0], ""), str(item[0])))
        if pk is not None
    ]


def _drift_figure(period: ReportingPeriod, today: date, calendar: Any) -> dict[str, Any]:
    if not _is_current(period, today):
        return {"count": None, "as_at": None, "by_iro": [], "by_team": []}
    drifting = drifting_not_challenged(today, calendar)
    by_iro = dict(drifting.order_by().values_list("child__iro_id").annotate(n=Count("pk")))
    by_team = dict(drifting.order_by().values_list("child__team_id").annotate(n=Count("pk")))
    return {
        "count": sum(by_iro.values()),
        "as_at": today.isoformat(),
        "by_iro": _breakdown(by_iro, _names(ReviewingOfficer, set(by_iro) - {None})),
        "by_team": _breakdown(by_team, _names(Team, set(by_team) - {None})),
    }


def _overdue_figure(period: ReportingPeriod, today: date) -> dict[str, Any]:
    if not _is_current(period, today):
        return {"count": None, "as_at": None, "by_team": [], "by_manager": [], "by_stage": []}
    overdue = responses_overdue(today).order_by()
    by_team = dict(overdue.values_list("owed_by_team").annotate(n=Count("pk")))
    by_manager = dict(overdue.values_list("owed_by_manager").annotate(n=Count("pk")))
    by_stage = dict(overdue.values_list("current_stage__key").annotate(n=Count("pk")))
    team_names = _names(Team, set(by_team) - {None})
    managers = {
        pk: f"{first} {last}".strip()
        for pk, first, last in User.objects.filter(pk__in=set(by_manager) - {None}).values_list(
            "pk", "first_name", "last_name"
        )
    }
    stages = dict(DisputeStage.objects.values_list("key", "name"))
    return {
        "count": sum(by_stage.values()),
        "as_at": today.isoformat(),
        "by_team": _breakdown(by_team, team_names)
        + ([{"id": None, "name": "No team", "count": by_team[None]}] if None in by_team else []),
        "by_manager": _breakdown(by_manager, managers),
        "by_stage": [
            {"key": key, "name": stages.get(key, key), "count": n}
            for key, n in sorted(by_stage.items())
        ],
    }


def _withdrawn_figure(period: ReportingPeriod) -> dict[str, Any]:
    rows = list(
        withdrawn_or_unresolved(period)
        .order_by("closed_on", "pk")
        .values_list("reference", "status", "withdrawn_reason", "outcome_reason", "closed_on")
    )
    return {
        "count": len(rows),
        "withdrawn": sum(1 for r in rows if r[1] == Dispute.Status.WITHDRAWN),
        "closed_unresolved": sum(1 for r in rows if r[1] == Dispute.Status.RESOLVED),
        "reasons": [
            {
                "reference": reference,
                "closed": "withdrawn" if status == Dispute.Status.WITHDRAWN else "no change",
                "closed_on": closed_on.isoformat() if closed_on else None,
                "reason": (withdrawn if status == Dispute.Status.WITHDRAWN else why) or "",
            }
            for reference, status, withdrawn, why, closed_on in rows
        ],
    }


def _median(values: list[int]) -> float | None:
    return round(float(statistics.median(values)), 1) if values else None


def _resolution_figure(period: ReportingPeriod, calendar: Any) -> dict[str, Any]:
    """Working days from raised to resolved, by the stage the dispute was resolved at. Working
    days need the council's calendar, so the three columns are read and the medians taken
    here (one query)."""
    rows = list(
        resolved(period).values_list(
            "raised_on", "resolved_on", "current_stage__key", "current_stage__name"
        )
    )
    days: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    order = dict(DisputeStage.objects.values_list("key", "order"))
    for raised_on, resolved_on, key, name in rows:
        days.setdefault(key, []).append(calendar.working_days_between(raised_on, resolved_on))
        names[key] = name
    every = [d for values in days.values() for d in values]
    return {
        "median": _median(every),
        "count": len(every),
        "by_stage": [
            {"key": key, "name": names[key], "median": _median(days[key]), "count": len(days[key])}
            for key in sorted(days, key=lambda k: order.get(k, 99))
        ],
    }


def _difference_figure(period: ReportingPeriod) -> dict[str, Any]:
    by_code = dict(
        coded_outcomes(period).order_by().values_list("outcome_code").annotate(n=Count("pk"))
    )
    made = sum(n for code, n in by_code.items() if code in DIFFERENCE_MADE)
    total = sum(by_code.values())
    return {
        "numerator": made,
        "denominator": total,
        "percent": percent(made, total),
        "by_outcome": [
            {"code": choice.value, "label": choice.label, "count": by_code.get(choice.value, 0)}
            for choice in Outcome
        ],
    }


def _counts(period: ReportingPeriod) -> dict[str, dict[str, Any]]:
    pressure = pressure_records(period).aggregate(
        first=Count("pk", filter=Q(addition_to__isnull=True)),
        notes=Count("pk", filter=Q(addition_to__isnull=False)),
    )
    return {
        "cafcass_referrals": {"count": cafcass_referrals(period).count()},
        "legal_advice_sought": {"count": legal_advice_sought(period).count()},
        "good_practice_alerts": {"count": good_practice_alerts(period).count()},
        "pressure_on_independence": {
            "count": pressure["first"],
            "further_notes": pressure["notes"],
        },
    }


def _recurring_figure(period: ReportingPeriod, today: date) -> dict[str, Any]:
    if not _is_current(period, today):
        return {"count": None, "groups": []}
    groups = recurring.recurring_challenges(today)
    return {
        "count": len(groups),
        "groups": [
            {
                "category": g.category,
                "category_label": g.category_label,
                "team_id": g.team_id,
                "team": g.team_name,
                "disputes": [d.reference for d in g.disputes],
            }
            for g in groups
        ],
    }


def indicators_for_period(period: ReportingPeriod, *, today: date | None = None) -> dict[str, Any]:
    """Every independence indicator for one period, keyed as in `KEYS` (plain JSON values).
    The annual report calls this for its independence section."""
    today = today or _today()
    period = reported(period, today)
    calendar = working_day_calendar()
    figures: dict[str, Any] = {
        "period": {
            "from": period.date_from.isoformat(),
            "to": period.date_to.isoformat(),
            "to_date": period.to_date,
        },
        "challenges_per_100_children": _challenges_figure(period),
        "drifting_not_challenged": _drift_figure(period, today, calendar),
        "responses_overdue": _overdue_figure(period, today),
        "withdrawn_or_unresolved": _withdrawn_figure(period),
        "median_days_to_resolution": _resolution_figure(period, calendar),
        "difference_made": _difference_figure(period),
        **_counts(period),
        "recurring_challenges": _recurring_figure(period, today),
    }
    return figures


# --- drill-downs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """The records behind one figure and how a row shows them."""

    title: str
    records: QuerySet[Any]
    columns: tuple[str, ...]
    row: Callable[[Any], list[Any]]
    # The dispute a row links to (None: a row not about a dispute).
    dispute_of: Callable[[Any], Any] = field(default=lambda record: None)


def _dispute_row(record: Dispute) -> list[Any]:
    return [record.raised_on, record.get_category_display(), record.raised_by.name]


def _drift_row(record: DriftFacts) -> list[Any]:
    cutoff_flags = [
        f"{drift_rules.RULES[code][0]} since {getattr(record, since_field):%d/%m/%Y}"
        for code, since_field in SINCE_FIELDS.items()
        if getattr(record, since_field) is not None
    ]
    iro = record.child.iro
    return ["; ".join(cutoff_flags), iro.name if iro else "", _team_name(record.child)]


def _team_name(child: Any) -> str:
    return child.team.name if child is not None and child.team_id else ""


def _overdue_row(record: Any) -> list[Any]:
    return [
        record.current_stage.name,
        record.response_due,
        record.responder_label,
        _team_name(record.child),
    ]


def _closed_row(record: Any) -> list[Any]:
    closed = "Withdrawn" if record.status == Dispute.Status.WITHDRAWN else "No change"
    reason = (
        record.withdrawn_reason
        if record.status == Dispute.Status.WITHDRAWN
        else (record.outcome_reason)
    )
    return [record.closed_on, closed, reason or ""]


def _resolution_row(record: Dispute, calendar: Any) -> list[Any]:
    return [
        record.raised_on,
        record.resolved_on,
        record.current_stage.name,
        calendar.working_days_between(record.raised_on, record.resolved_on),
    ]


def _outcome_row(record: Dispute) -> list[Any]:
    return [record.resolved_on, record.get_outcome_code_display(), record.outcome_reason]


def _child_row(record: Child) -> list[Any]:
    return [record.iro.name if record.iro else "", _team_name(record)]


DRILL_DOWNS = (
    "challenges",
    "children_in_care",
    "drifting_not_challenged",
    "responses_overdue",
    "withdrawn_or_unresolved",
    "median_days_to_resolution",
    "difference_made",
    "cafcass_referrals",
    "legal_advice_sought",
    "good_practice_alerts",
)


def drill_down(
    key: str, period: ReportingPeriod, filters: Filters, *, today: date | None = None
) -> Listing | None:
    """The records behind a figure of `indicators_for_period` (None: no such list)."""
    today = today or _today()
    period = reported(period, today)
    calendar = working_day_calendar()
    joins = ("child", "child__team", "raised_by", "current_stage", "responder")
    if key == "challenges":
        records = challenges(period).select_related(*joins)
        if filters.iro:
            records = records.filter(raised_by_id=filters.iro)
        if filters.team:
            records = records.filter(child__team_id=filters.team)
        return Listing(
            "Challenges raised",
            records.order_by("raised_on", "pk"),
            ("Raised", "Category", "IRO"),
            _dispute_row,
            lambda d: d,
        )
    if key == "children_in_care":
        kids = children_in_care(period).select_related("iro", "team")
        if filters.iro:
            kids = kids.filter(iro_id=filters.iro)
        if filters.team:
            kids = kids.filter(team_id=filters.team)
        return Listing(
            "Children in care in the period",
            kids.order_by("la_child_id"),
            ("IRO", "Team"),
            _child_row,
        )
    if key == "drifting_not_challenged":
        if not _is_current(period, today):
            return None
        facts = drifting_not_challenged(today, calendar).select_related(
            "child", "child__iro", "child__team"
        )
        if filters.iro:
            facts = facts.filter(child__iro_id=filters.iro)
        if filters.team:
            facts = facts.filter(child__team_id=filters.team)
        return Listing(
            "Children drifting without challenge",
            facts.order_by("child__la_child_id"),
            ("Drift flags open since", "IRO", "Team"),
            _drift_row,
        )
    if key == "responses_overdue":
        if not _is_current(period, today):
            return None
        overdue = responses_overdue(today).select_related(*joins)
        if filters.team:
            overdue = overdue.filter(owed_by_team=filters.team)
        if filters.manager:
            overdue = overdue.filter(owed_by_manager=filters.manager)
        if filters.stage:
            overdue = overdue.filter(current_stage__key=filters.stage)
        return Listing(
            "Responses overdue",
            overdue.order_by("response_due", "pk"),
            ("Stage", "Response due", "Raised with", "Team"),
            _overdue_row,
            lambda d: d,
        )
    if key == "withdrawn_or_unresolved":
        return Listing(
            "Disputes withdrawn or closed with no change",
            withdrawn_or_unresolved(period).select_related(*joins).order_by("closed_on", "pk"),
            ("Closed", "How it closed", "Reason"),
            _closed_row,
            lambda d: d,
        )
    if key == "median_days_to_resolution":
        done = resolved(period).select_related(*joins)
        if filters.stage:
            done = done.filter(current_stage__key=filters.stage)
        return Listing(
            "Disputes resolved",
            done.order_by("resolved_on", "pk"),
            ("Raised", "Resolved", "Resolved at", "Working days"),
            lambda d: _resolution_row(d, calendar),
            lambda d: d,
        )
    if key == "difference_made":
        coded = coded_outcomes(period).select_related(*joins)
        if filters.outcome:
            coded = coded.filter(outcome_code=filters.outcome)
        return Listing(
            "Outcomes of challenges",
            coded.order_by("resolved_on", "pk"),
            ("Resolved", "What changed", "Why nothing changed"),
            _outcome_row,
            lambda d: d,
        )
    if key == "cafcass_referrals":
        return Listing(
            "Cafcass referrals",
            cafcass_referrals(period).select_related("child", "iro").order_by("referred_on", "pk"),
            ("Referred", "IRO"),
            lambda r: [r.referred_on, r.iro.name],
        )
    if key == "legal_advice_sought":
        return Listing(
            "Independent legal advice sought",
            legal_advice_sought(period).select_related("child", "iro").order_by("sought_on", "pk"),
            ("Sought", "IRO", "Adviser"),
            lambda r: [r.sought_on, r.iro.name, r.adviser],
        )
    if key == "good_practice_alerts":
        alerts = good_practice_alerts(period).select_related("child", "iro")
        if filters.iro:
            alerts = alerts.filter(iro_id=filters.iro)
        return Listing(
            "Good-practice alerts",
            alerts.order_by("raised_on", "pk"),
            ("Raised", "IRO", "Recognises"),
            lambda r: [r.raised_on, r.iro.name, r.praised],
        )
    return None


# --- flat rows for CSV (the command, and any download) ----------------------------------------

CSV_HEADER = ("indicator", "breakdown", "name", "measure", "value")


def flat_rows(figures: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every figure of `indicators_for_period` as (indicator, breakdown, name, measure, value)
    rows: the headline first (breakdown "service"), then each breakdown's rows."""
    rows: list[tuple[Any, ...]] = []
    for key in KEYS:
        figure = figures[key]
        for measure, value in figure.items():
            if isinstance(value, list):
                for item in value:
                    name = item.get("name") or item.get("label") or item.get("reference") or ""
                    for part, number in item.items():
                        if part not in {"id", "key", "code", "name", "label", "reference"}:
                            rows.append((key, measure, name, part, _cell(number)))
            else:
                rows.append((key, "service", "", measure, _cell(value)))
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value
