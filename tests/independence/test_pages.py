"""The indicators page and its drill-downs: who sees them, restricted children, one query
count whatever the number of records."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.disputes.models import Category, DisputeStage
from iro.disputes.services import dispute_raise
from iro.independence.recurring import independence_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.IRO_MANAGER, Role.HEAD_OF_SERVICE, Role.AUDITOR])
def test_manager_head_of_service_and_auditor_see_the_indicators(
    role: Role, service: Any, client_for: Any
) -> None:
    page = client_for(role).get("/independence/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "80.0 per 100 children (4 challenges, 5 children)" in text
    assert "Independence indicators" in text


@pytest.mark.parametrize("role", [Role.IRO, Role.OPERATIONAL, Role.BUSINESS_SUPPORT])
def test_other_roles_are_refused_and_audited(
    role: Role, service: Any, make_user: Any, client: Any
) -> None:
    user = make_user(role)
    client.force_login(user)
    for url in ("/independence/", "/independence/records/challenges?from=2026-04-01&to=2027-03-31"):
        assert client.get(url).status_code == 403
    assert AuditEntry.objects.filter(actor=user, action="denied").count() == 2


def test_each_figure_links_to_its_records(service: Any, client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    text = client.get("/independence/").content.decode()
    link = "/independence/records/challenges?from=2026-04-01&amp;to=2027-03-31"
    assert link in text
    listed = client.get("/independence/records/challenges?from=2026-04-01&to=2027-03-31")
    body = listed.content.decode()
    assert 'data-count="4"' in body
    for key in ("d1", "d2", "d3", "d4"):
        assert service.disputes[key].reference in body
    by_iro = client.get(
        f"/independence/records/challenges?from=2026-04-01&to=2027-03-31&iro={service.quinn.pk}"
    ).content.decode()
    assert 'data-count="2"' in by_iro
    csv = client.get(
        "/independence/records/withdrawn_or_unresolved?from=2026-04-01&to=2027-03-31&format=csv"
    ).content.decode()
    assert "Plan agreed informally" in csv and "The move was already planned" in csv
    assert (
        client.get("/independence/records/nothing?from=2026-04-01&to=2027-03-31").status_code == 404
    )


def test_a_restricted_child_shows_as_restricted_record(service: Any, client_for: Any) -> None:
    c2 = service.children[1]
    c2.restricted = True
    c2.save()
    text = (
        client_for(Role.IRO_MANAGER)
        .get("/independence/records/challenges?from=2026-04-01&to=2027-03-31")
        .content.decode()
    )
    assert "Restricted record" in text
    assert c2.display_name not in text
    assert service.disputes["d2"].reference not in text


def _more(service: Any, n: int) -> None:
    for i in range(n):
        dispute_raise(
            acting_user=service.quinn.user,
            iro=service.quinn,
            child=service.children[2 + i % 3],
            category=Category.OTHER,
            summary="More",
            outcome_sought="More",
            raised_on=date(2026, 9, 1 + i % 28),
            stage=DisputeStage.objects.get(key="informal"),
            responder=service.sw_b,
        )


def test_the_page_and_a_drill_down_cost_the_same_queries_at_two_sizes(
    service: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(Role.IRO_MANAGER)
    _more(service, 3)  # a recurring challenge from the start, so both sizes show one
    independence_settings()  # the settings row exists, as it does once the service runs
    urls = ("/independence/", "/independence/records/challenges?from=2026-04-01&to=2027-03-31")
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    _more(service, 6)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
