"""Recurring challenge (issue 21 item 4): when the disputes of one category about one team
reach the council's threshold within its window, the IRO manager is prompted to raise a
systemic issue pre-filled with those disputes. Disputes already linked to a systemic issue no
longer count, so the prompt goes once the issue is raised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from iro.children.models import Team
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


def recurring_challenges(as_of: date) -> list[RecurringChallenge]:
    """Each category-and-team whose disputes in the window reach the threshold, with those
    disputes (three queries, whatever the number of disputes)."""
    settings_row = independence_settings()
    disputes = window_disputes(as_of, settings_row)
    counted = disputes.order_by().values_list("category", "child__team_id").annotate(n=Count("pk"))
    reached = {
        (category, team): n
        for category, team, n in counted
        if rules.is_recurring(n, settings_row.recurring_threshold)
    }
    if not reached:
        return []
    members: dict[tuple[str, int], list[Dispute]] = {key: [] for key in reached}
    for dispute in (
        disputes.filter(
            category__in={c for c, _ in reached}, child__team_id__in={t for _, t in reached}
        )
        .select_related("child", "child__team")
        .order_by("raised_on", "pk")
    ):
        key = (dispute.category, dispute.child.team_id)  # type: ignore[union-attr]
        if key in members:
            members[key].append(dispute)  # type: ignore[index]
    teams = dict(Team.objects.filter(pk__in={t for _, t in reached}).values_list("pk", "name"))
    return [
        RecurringChallenge(category, team, teams.get(team, ""), tuple(members[(category, team)]))
        for category, team in sorted(reached, key=lambda k: (teams.get(k[1], ""), k[0]))
    ]
