"""A small service built by hand, whose indicators are counted by hand in the tests.

Today (tests/clock.py) is Monday 23 November 2026; the financial year 2026 runs from 1 April
2026 and is reported to date. Two teams (A managed by `manager_a`, B by `manager_b`), two IROs
(Priya: c1, c2 in team A; Quinn: c3, c4, c5 in team B), five children in care since 2022.

Disputes in 2026-27: d1 Priya/c1 drift, 1 May, resolved 8 May "care plan changed" (4 working
days: 4 May is a bank holiday); d2 Priya/c2 drift, 1 June, withdrawn 10 June; d3 Quinn/c3 no
care plan, 1 July, open, response overdue (team B's social worker); d4 Quinn/c4 drift, 3 Aug,
resolved 10 Aug "no change" (5 working days). In 2025-26: d0 Priya/c1, 2 June 2025, still open (its response overdue too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.children.models import SocialWorker, Team
from iro.disputes import services
from iro.disputes.models import Category, DisputeStage
from iro.monitoring.facts import SINCE_FIELDS
from iro.monitoring.models import DriftFacts

FY = date(2026, 4, 1), date(2027, 3, 31)


@dataclass
class Service:
    priya: Any
    quinn: Any
    team_a: Any
    team_b: Any
    manager_a: Any
    manager_b: Any
    sw_a: Any
    sw_b: Any
    children: list[Any]
    disputes: dict[str, Any] = field(default_factory=dict)


def drift(child: Any, **since: date) -> DriftFacts:
    """Store the child's drift as given: only these rules apply, since these days."""
    cleared = dict.fromkeys(SINCE_FIELDS.values())
    facts, _ = DriftFacts.objects.update_or_create(
        child=child,
        defaults={
            "as_of": date(2026, 11, 23),
            "standard_status": "met",
            "flag_count": 1,
            **cleared,
            **since,
        },
    )
    return facts


def _raise(world: Service, iro: Any, child: Any, on: date, category: str, responder: Any) -> Any:
    return services.dispute_raise(
        acting_user=iro.user,
        iro=iro,
        child=child,
        category=category,
        summary="The plan has drifted",
        outcome_sought="A planning meeting",
        raised_on=on,
        stage=DisputeStage.objects.get(key="informal"),
        responder=responder,
    )


@pytest.fixture
def service(db: Any, make_iro: Any, make_child: Any, make_user: Any) -> Service:
    priya, quinn = make_iro("Priya Shah"), make_iro("Quinn Adams")
    manager_a = make_user(Role.OPERATIONAL, first_name="Alma", last_name="Manager")
    manager_b = make_user(Role.OPERATIONAL, first_name="Bea", last_name="Manager")
    team_a = Team.objects.create(name="Team A", manager=manager_a)
    team_b = Team.objects.create(name="Team B", manager=manager_b)
    sw_a = make_user(Role.OPERATIONAL, first_name="Sam", last_name="Worker")
    sw_b = make_user(Role.OPERATIONAL, first_name="Sol", last_name="Worker")
    SocialWorker.objects.create(name="Sam Worker", user=sw_a, team=team_a)
    SocialWorker.objects.create(name="Sol Worker", user=sw_b, team=team_b)
    children = [
        make_child(iro=priya, team=team_a, first_name="Cara"),
        make_child(iro=priya, team=team_a, first_name="Cole"),
        make_child(iro=quinn, team=team_b, first_name="Cleo"),
        make_child(iro=quinn, team=team_b, first_name="Cody"),
        make_child(iro=quinn, team=team_b, first_name="Cyan"),
    ]
    world = Service(priya, quinn, team_a, team_b, manager_a, manager_b, sw_a, sw_b, children)
    c1, c2, c3, c4, _c5 = children
    d = world.disputes
    d["d0"] = _raise(world, priya, c1, date(2025, 6, 2), Category.DRIFT_DELAY, sw_a)
    d["d1"] = _raise(world, priya, c1, date(2026, 5, 1), Category.DRIFT_DELAY, sw_a)
    d["d2"] = _raise(world, priya, c2, date(2026, 6, 1), Category.DRIFT_DELAY, sw_a)
    d["d3"] = _raise(world, quinn, c3, date(2026, 7, 1), Category.NO_CARE_PLAN, sw_b)
    d["d4"] = _raise(world, quinn, c4, date(2026, 8, 3), Category.DRIFT_DELAY, sw_b)
    services.dispute_resolve(
        acting_user=priya.user,
        dispute=d["d1"],
        resolved_on=date(2026, 5, 8),
        outcome="Plan updated",
        outcome_code="care_plan_changed",
        follow_up_on=date(2026, 6, 8),
    )
    services.dispute_withdraw(
        acting_user=priya.user,
        dispute=d["d2"],
        withdrawn_on=date(2026, 6, 10),
        reason="Plan agreed informally",
    )
    services.dispute_resolve(
        acting_user=quinn.user,
        dispute=d["d4"],
        resolved_on=date(2026, 8, 10),
        outcome="Nothing to change",
        outcome_code="no_change",
        outcome_reason="The move was already planned",
        follow_up_on=date(2026, 12, 1),
    )
    services.cafcass_referral_record(
        acting_user=priya.user, iro=priya, child=c1, referred_on=date(2026, 9, 10), reason="Drift"
    )
    services.legal_advice_record(
        acting_user=quinn.user,
        iro=quinn,
        sought_on=date(2026, 10, 1),
        adviser="Counsel",
        summary="Whether to refer",
    )
    for on in (date(2026, 5, 5), date(2026, 9, 1)):
        services.good_practice_alert_raise(
            acting_user=priya.user, iro=priya, raised_on=on, praised="Team A", summary="Good"
        )
    for model in (c1, c2, c3, c4, c5 := children[4]):
        model.refresh_from_db()
    # Drift, as the facts writer stores it: c1 and c2 drift unchallenged; c3 and c4 were
    # challenged after their flag began; c5's flag is only 5 working days old.
    drift(c1, review_overdue_since=date(2026, 9, 1))
    drift(c2, social_worker_changes_since=date(2026, 10, 1))
    drift(c3, no_care_plan_since=date(2026, 6, 15))
    drift(c4, placement_moves_since=date(2026, 8, 1))
    drift(c5, oversight_overdue_since=date(2026, 11, 16))
    return world
