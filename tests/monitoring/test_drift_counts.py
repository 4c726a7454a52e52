"""The drift counts (My children's panel, the drift pages' reasons) are the stored facts of the
children the reader may see, counted once each: checked against counting the facts row by row."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer
from iro.accounts.roles import Role
from iro.children.models import Child
from iro.monitoring import drift_rules, selectors, standards
from iro.monitoring.models import DriftFacts
from iro.seeding.synthetic import ServiceShape, generate_service

pytestmark = pytest.mark.django_db


def _by_hand(children: Any) -> dict[str, int]:
    facts = list(DriftFacts.objects.filter(child__in=list(children.values_list("pk", flat=True))))
    counts = {
        code: sum(1 for f in facts if getattr(f, f"{code}_since") is not None)
        for code in drift_rules.RULES
    }
    counts["drifting"] = sum(1 for f in facts if f.flag_count > 0)
    counts["below_standard"] = sum(
        1 for f in facts if f.standard_status == standards.StandardStatus.BELOW.value
    )
    return counts


def test_counts_match_the_facts_for_the_service_each_iro_and_a_restricted_record(
    make_user: Any,
) -> None:
    generate_service(ServiceShape(children=40, years=2, seed=5, as_of=timezone.localdate()))
    manager = make_user(Role.IRO_MANAGER)
    service = selectors.children_in_care(user=manager)
    counts = selectors.drift_counts(service)
    assert counts == _by_hand(service)
    assert counts["drifting"] > 0  # the generated service drifts somewhere: the test bites

    for iro in ReviewingOfficer.objects.all():
        mine = selectors.children_in_care(user=manager, iro=iro)
        assert selectors.drift_counts(mine) == _by_hand(mine)

    # A restricted record the manager is not named on drops out of their counts.
    drifting = Child.objects.filter(drift_facts__flag_count__gt=0).first()
    assert drifting is not None
    Child.objects.filter(pk=drifting.pk).update(restricted=True)
    after = selectors.drift_counts(selectors.children_in_care(user=manager))
    assert after["drifting"] == counts["drifting"] - 1


def test_no_children_count_nothing(make_user: Any) -> None:
    manager = make_user(Role.IRO_MANAGER)
    counts = selectors.drift_counts(Child.objects.none())
    assert set(counts) == {*drift_rules.RULES, "drifting", "below_standard"}
    assert not any(counts.values())
    assert not any(selectors.drift_counts(selectors.children_in_care(user=manager)).values())
