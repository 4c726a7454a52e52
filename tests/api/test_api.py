"""The API for the council's case system: a contract test per endpoint, clients and scopes,
idempotent care events, problem details, restricted records, the rate limit and the audit."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from iro.api.models import ApiClient
from iro.audit.models import AuditEntry
from iro.children.models import Child
from iro.children.services import iro_allocate
from iro.reviews import services as review_services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def came_into_care(
    event_id: str = "evt-1", child_id: str = "API001", **extra: Any
) -> dict[str, Any]:
    body = {
        "event_id": event_id,
        "child": {
            "child_id": child_id,
            "first_name": "Robin",
            "last_name": "Example",
            "date_of_birth": "2015-06-01",
            "sex": "2",
            "ethnicity": "WBRI",
        },
        "start_date": "2026-11-23",
        "legal_status": "C2",
        "placement": "U4",
        "category_of_need": "N1",
        "social_worker": {"sw_id": "SW77", "name": "Jo Social", "team": "Team North"},
    }
    body.update(extra)
    return body


@time_machine.travel(TODAY, tick=False)
def test_the_command_makes_a_client_that_posts_a_child_and_reads_back_the_due_dates(
    client: Any, make_iro: Any
) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "api_client_create",
        "Mosaic",
        "--scopes",
        "care-events:write,children:read,reviews:read",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    assert token.startswith("iro_")
    stored = ApiClient.objects.get(name="Mosaic")
    assert token.split("_")[-1] not in stored.secret_hash  # only a hash is kept
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    response = client.post(
        "/api/v1/care-events/came-into-care",
        came_into_care(),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    child = response.json()["child"]
    # Due at once: IRO allocation in 5 working days, first review in 20 working days.
    assert child["iro_allocation_due"] == "2026-11-30"
    assert child["next_review_due"] == "2026-12-21"
    assert child["review_status"] == "no_iro"
    read = client.get("/api/v1/children/API001", **headers).json()
    assert read["next_review_due"] == "2026-12-21"

    # The review recorded later in the product is pulled back.
    iro = make_iro()
    record = Child.objects.get(la_child_id="API001")
    iro_allocate(acting_user=None, child=record, iro=iro, start_date=date(2026, 11, 24))
    review_services.review_record_held(
        acting_user=iro.user,
        child=Child.objects.get(pk=record.pk),
        held_on=date(2026, 11, 30),
        participation_code="PN1",
        decisions="Stay with the current carers.",
    )
    reviews = client.get("/api/v1/reviews?child_id=API001", **headers).json()
    assert [r["held_on"] for r in reviews] == ["2026-11-30"]
    assert reviews[0]["participation_code"] == "PN1"
    changes = client.get("/api/v1/changes?cursor=0", **headers).json()
    assert "review" in {c["kind"] for c in changes["changes"]}
    again = client.get(f"/api/v1/changes?cursor={changes['next_cursor']}", **headers).json()
    assert again["changes"] == [] or all(c["kind"] != "review" for c in again["changes"])


def test_the_same_event_twice_changes_nothing(api: Any) -> None:
    first = api.post("/care-events/came-into-care", came_into_care())
    second = api.post("/care-events/came-into-care", came_into_care())
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Child.objects.filter(la_child_id="API001").count() == 1
    assert Child.objects.get(la_child_id="API001").periods.count() == 1


def test_errors_are_problem_details_naming_the_field(api: Any) -> None:
    body = came_into_care()
    body["child"]["date_of_birth"] = "not a date"
    response = api.post("/care-events/came-into-care", body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert any("date_of_birth" in e["field"] for e in problem["errors"])
    bad_code = api.post(
        "/care-events/came-into-care", came_into_care(event_id="e2", legal_status="ZZ")
    )
    assert bad_code.status_code == 422
    assert {e["field"] for e in bad_code.json()["errors"]} <= {
        "legal_status",
        "episode",
        "__all__",
    } or bad_code.json()["errors"]
    assert not Child.objects.filter(la_child_id="API001").exists()  # nothing half written


def test_episode_change_period_end_social_worker_and_details(api: Any) -> None:
    api.post("/care-events/came-into-care", came_into_care())
    moved = api.post(
        "/care-events/episode-changed",
        {
            "event_id": "e2",
            "child_id": "API001",
            "date": "2026-11-27",
            "reason_new": "P",
            "placement": "U1",
        },
    )
    assert moved.status_code == 201, moved.content
    child = Child.objects.get(la_child_id="API001")
    assert list(child.episodes.order_by("start_date").values_list("placement", "reason_new")) == [
        ("U4", "S"),
        ("U1", "P"),
    ]
    sw = api.post(
        "/care-events/social-worker-changed",
        {
            "event_id": "e3",
            "child_id": "API001",
            "date": "2026-11-28",
            "social_worker": {"sw_id": "SW9", "name": "Sam Worker", "team": "Team South"},
        },
    )
    assert sw.status_code == 201
    child.refresh_from_db()
    assert child.social_worker.sw_id == "SW9" and child.team.name == "Team South"  # type: ignore[union-attr]
    fixed = api.post(
        "/care-events/details-corrected",
        {"event_id": "e4", "child_id": "API001", "last_name": "Corrected"},
    )
    assert fixed.status_code == 201
    assert Child.objects.get(pk=child.pk).last_name == "Corrected"
    ended = api.post(
        "/care-events/period-ended",
        {"event_id": "e5", "child_id": "API001", "date": "2026-11-30", "reason_ceased": "E4A"},
    )
    assert ended.status_code == 201, ended.content
    assert ended.json()["child"]["in_care"] is False
    assert Child.objects.get(pk=child.pk).current_period_id is None


def test_a_client_needs_the_scope_for_each_call(client: Any, make_token: Any) -> None:
    token = make_token(["children:read"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    refused = client.post(
        "/api/v1/care-events/came-into-care",
        came_into_care(),
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 403
    assert "care-events:write" in refused.json()["detail"]
    assert client.get("/api/v1/reviews", **headers).status_code == 403
    assert client.get("/api/v1/children", **headers).status_code == 200


@pytest.mark.parametrize("token_kind", ["none", "wrong", "revoked", "expired", "outside_network"])
def test_only_a_live_client_from_its_network_gets_in(
    client: Any, make_token: Any, token_kind: str
) -> None:
    if token_kind == "none":
        response = client.get("/api/v1/children")
    else:
        if token_kind == "wrong":
            token = "iro_000000000000_wrong"
        elif token_kind == "expired":
            token = make_token(expires_at=timezone.now() - timedelta(minutes=1))
        elif token_kind == "outside_network":
            token = make_token(allowed_networks="10.20.0.0/16")
        else:
            token = make_token()
            ApiClient.objects.update(revoked_at=timezone.now())
        response = client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_an_allowed_network_gets_in(client: Any, make_token: Any) -> None:
    token = make_token(allowed_networks="127.0.0.0/8")
    assert client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_restricted_records_only_with_the_restricted_scope(
    client: Any, make_token: Any, make_child: Any
) -> None:
    hidden = make_child()
    Child.objects.filter(pk=hidden.pk).update(restricted=True)
    plain = make_token(["children:read"])
    named = make_token(["children:read", "restricted:read"])

    def ids(token: str) -> set[str]:
        response = client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}")
        return {c["child_id"] for c in response.json()}

    assert hidden.la_child_id not in ids(plain)
    assert hidden.la_child_id in ids(named)
    assert (
        client.get(
            f"/api/v1/children/{hidden.la_child_id}", HTTP_AUTHORIZATION=f"Bearer {plain}"
        ).status_code
        == 404
    )


def test_the_rate_limit_is_per_client(client: Any, make_token: Any, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    busy, other = make_token(), make_token()
    codes = [
        client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {busy}").status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200


def test_every_call_is_audited_with_the_clients_name(api: Any) -> None:
    api.post("/care-events/came-into-care", came_into_care())
    api.get("/children")
    summaries = list(
        AuditEntry.objects.filter(object_type="api_client").values_list("summary", flat=True)
    )
    assert any(s.startswith("API client Case system 0: came_into_care evt-1") for s in summaries)
    assert any(s.startswith("API client Case system 0: read") for s in summaries)


def test_pages_of_children_and_disputes(api: Any, make_child: Any) -> None:
    for _ in range(3):
        make_child()
    assert len(api.get("/children?page=1").json()) == 3
    assert api.get("/children?page=2").json() == []
    assert api.get("/disputes").status_code == 200
    assert api.get("/children?page=0").status_code == 422


def test_openapi_document_and_the_staff_docs_page(client: Any, client_for: Any) -> None:
    from iro.accounts.roles import Role

    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/care-events/came-into-care" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 302  # sign in first
    page = client_for(Role.IRO).get("/api/v1/docs").content.decode()
    assert "POST /api/v1/care-events/came-into-care" in page
