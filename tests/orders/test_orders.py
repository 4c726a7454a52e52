from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iro.accounts.access import ObjectDenied
from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child
from iro.orders import services
from iro.orders.models import SupervisionOrder
from iro.orders.selectors import orders_by_chair
from tests.clock import TODAY
from tests.fostering.helpers import date_post as _date

pytestmark = pytest.mark.django_db


@pytest.fixture
def iro(make_iro: Callable[..., ReviewingOfficer]) -> ReviewingOfficer:
    return make_iro("Bea Chair")


@pytest.fixture
def child(make_child: Callable[..., Child], iro: ReviewingOfficer) -> Child:
    return make_child(iro=iro)


def _order(
    child: Child, iro: ReviewingOfficer, made_on: date = date(2026, 9, 1)
) -> SupervisionOrder:
    return services.supervision_order_record(
        acting_user=None, child=child, made_on=made_on, months=12, chair=iro
    )


def test_an_order_ends_by_the_rule_and_counts_while_it_runs(
    child: Child, iro: ReviewingOfficer
) -> None:
    order = _order(child, iro, date(2024, 2, 29))
    assert order.ends_on == date(2025, 2, 27)
    assert orders_by_chair(date(2025, 2, 27)) == {iro.pk: 1}
    assert orders_by_chair(date(2025, 2, 28)) == {}
    assert AuditEntry.objects.filter(object_type="supervision_order", child_id=child.pk).exists()


def test_review_dates_are_checked_and_the_chair_recorded(
    child: Child, iro: ReviewingOfficer, make_iro: Callable[..., ReviewingOfficer]
) -> None:
    order = _order(child, iro)
    for bad, message in (
        (date(2026, 8, 31), "after the date the order was made"),
        (TODAY + timedelta(days=1), "today or in the past"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.supervision_order_review_record(
                acting_user=iro.user, order=order, held_on=bad, plan="Plan"
            )
    review = services.supervision_order_review_record(
        acting_user=iro.user, order=order, held_on=date(2026, 11, 2), plan="Weekly visits"
    )
    assert review.chair == iro
    other = make_iro("Other Person")
    with pytest.raises(ObjectDenied):
        services.supervision_order_review_record(
            acting_user=other.user, order=order, held_on=date(2026, 11, 3), plan="Plan"
        )


def test_the_child_page_panel_and_recording_a_first_review(
    client: Any, child: Child, iro: ReviewingOfficer
) -> None:
    client.force_login(iro.user)
    empty = client.get(f"/children/{child.pk}/").content.decode()
    assert "Record a supervision order" in empty
    response = client.post(
        f"/children/{child.pk}/supervision-orders/new",
        {**_date("made_on", date(2026, 9, 1)), "months": "12", "chair": str(iro.pk)},
    )
    assert response.status_code == 302
    order = SupervisionOrder.objects.get(child=child)
    bad = client.post(f"/supervision-orders/{order.pk}/reviews/new", {"plan": ""}).content.decode()
    assert "Enter the date of review" in bad and "Enter the plan agreed at the review" in bad
    client.post(
        f"/supervision-orders/{order.pk}/reviews/new",
        {**_date("held_on", date(2026, 11, 2)), "plan": "Parenting course; school attendance"},
    )
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "First review, 2 November 2026" in page and "Parenting course" in page
    mine = client.get("/supervision-orders/mine").content.decode()
    assert child.la_child_id in mine and "First review held" in mine


def test_roles_and_query_counts_of_the_lists(
    client_for: Callable[..., Any],
    make_user: Callable[..., Any],
    make_child: Callable[..., Child],
    iro: ReviewingOfficer,
) -> None:
    ops = make_user(Role.OPERATIONAL)
    assert client_for(ops).get("/supervision-orders/").status_code == 403
    assert AuditEntry.objects.filter(actor=ops, action="denied").exists()
    manager = client_for(Role.IRO_MANAGER)
    assert manager.get("/supervision-orders/mine").status_code == 403
    _order(make_child(iro=iro), iro)
    manager.get("/supervision-orders/")
    with CaptureQueriesContext(connection) as few:
        assert manager.get("/supervision-orders/").status_code == 200
    for _ in range(4):
        order = _order(make_child(iro=iro), iro)
        services.supervision_order_review_record(
            acting_user=None, order=order, held_on=date(2026, 10, 1), plan="Plan"
        )
    with CaptureQueriesContext(connection) as many:
        page = manager.get("/supervision-orders/")
    assert len(many) == len(few)
    assert "Waiting for the first review: 1" in page.content.decode()


def test_a_restricted_childs_order_is_hidden_from_the_list(
    client_for: Callable[..., Any], child: Child, iro: ReviewingOfficer
) -> None:
    _order(child, iro)
    Child.objects.filter(pk=child.pk).update(restricted=True)
    page = client_for(Role.IRO_MANAGER).get("/supervision-orders/").content.decode()
    assert child.la_child_id not in page
