"""Recurring challenge (issue 21 item 4): when the disputes of one category about one team
reach the council's threshold within its window, the IRO manager is prompted to raise a
systemic issue pre-filled with those disputes. Disputes already linked to a systemic issue no
longer count, so the prompt goes once the issue is raised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from iro.disputes.models import Category, Dispute

from . import rules
from .models import IndependenceSettings


def independence_settings() -> IndependenceSettings:
    row = IndependenceSettings.objects.order_by("pk").first()
    if row is None:
        row = IndependenceSettings.objects.create()
    return row


@dataclass(frozen=True)
class RecurringChallenge:
    category: str
    team_id: int
    team_name: str
    disputes: tuple[Dispute, ...]

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)


def window_disputes(as_of: date, settings_row: IndependenceSettings) -> QuerySet[Dispute]:
    start = rules.recurring_window_start(as_of, settings_row.recurring_window_months)
    return Dispute.objects.filter(
        raised_on__gte=start,
        raised_on__lte=as_of,
        child__team__isnull=False,
        systemic_issues__isnull=True,
    )


@dataclass(frozen=True)
class RecurringCount:
    """A category-and-team whose disputes in the window reach the threshold, and how many."""

    category: str
    team_id: int
    team_name: str
    count: int

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)


def recurring_counts(as_of: date) -> list[RecurringCount]:
    """Each category-and-team that reaches the threshold, with its count of disputes, by team
    name then category (two queries: the settings and one aggregate), for the start page's
    prompt, which shows counts only."""
    return _reached(as_of, independence_settings())


def _reached(as_of: date, settings_row: IndependenceSettings) -> list[RecurringCount]:
    counted = (
        window_disputes(as_of, settings_row)
        .order_by()
        .values_list("category", "child__team_id", "child__team__name")
        .annotate(n=Count("pk"))
    )
    found = [
        RecurringCount(category, team, name or "", n)
        for category, team, name, n in counted
        if rules.is_recurring(n, settings_row.recurring_threshold)
    ]
    return sorted(found, key=lambda g: (g.team_name, g.category))


def recurring_challenges(as_of: date) -> list[RecurringChallenge]:
    """Each category-and-team whose disputes in the window reach the threshold, with those
    disputes (three queries, whatever the number of disputes)."""
    settings_row = independence_settings()
    reached = _reached(as_of, settings_row)
    if not reached:
        return []
    members: dict[tuple[str, int], list[Dispute]] = {(g.category, g.team_id): [] for g in reached}
    for dispute in (
        window_disputes(as_of, settings_row)
        .filter(
            category__in={g.category for g in reached},
            child__team_id__in={g.team_id for g in reached},
        )
        .select_related("child", "child__team")
        .order_by("raised_on", "pk")
    ):
        key = (dispute.category, dispute.child.team_id)  # type: ignore[union-attr]
        if key in members:
            members[key].append(dispute)  # type: ignore[index]
    return [
        RecurringChallenge(
            g.category, g.team_id, g.team_name, tuple(members[(g.category, g.team_id)])
        )
        for g in reached
    ]
