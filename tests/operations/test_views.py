"""/healthz for the load balancer and the service status page for the IRO manager."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError
from django.utils import timezone

from iro.accounts.roles import Role
from iro.operations import tasks
from iro.operations.logs import ServiceJsonFormatter
from iro.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _beat(minutes_ago: int) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=tasks.WORKER,
        defaults={"last_seen": timezone.now() - timedelta(minutes=minutes_ago)},
    )


def test_healthz_needs_no_sign_in_and_reports_a_running_worker(client: Any) -> None:
    _beat(0)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["migrations"] == "ok"
    assert body["worker"]["status"] == "running"
    assert body["queue"] == {"ready": 0}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reports_a_stopped_worker_without_failing_the_web_server(client: Any) -> None:
    _beat(30)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"]["status"] == "stopped"


def test_healthz_fails_when_the_database_cannot_be_reached(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable() -> int:
        raise DatabaseError("connection refused")

    monkeypatch.setattr("iro.operations.views.migrations_pending", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "unreachable"}


def test_healthz_fails_while_migrations_are_not_applied(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _beat(0)
    monkeypatch.setattr("iro.operations.views.migrations_pending", lambda: 2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "2 not applied"


def test_healthz_holds_no_personal_data(client: Any, make_child: Any) -> None:
    child = make_child()
    text = client.get("/healthz").content.decode()
    assert child.first_name not in text
    assert child.la_child_id not in text
    assert set(json.loads(text)) == {"status", "database", "migrations", "worker", "queue"}


def test_status_page_shows_the_manager_a_stopped_worker(client_for: Any) -> None:
    _beat(45)
    page = client_for(Role.IRO_MANAGER).get("/service-status").content.decode()
    assert "The background worker has not been seen for 45 minutes" in page
    assert "derived-facts" in page and "retention-review" in page


@pytest.mark.parametrize("role", [Role.IRO, Role.OPERATIONAL, Role.BUSINESS_SUPPORT])
def test_status_page_is_refused_to_other_roles(client_for: Any, role: Role) -> None:
    assert client_for(role).get("/service-status").status_code == 403


def test_data_imports_page_warns_the_manager_when_no_worker_runs(client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    assert "No background worker has run yet" in client.get("/imports/").content.decode()
    _beat(0)
    assert "background worker" not in client.get("/imports/").content.decode()


def test_business_support_is_not_shown_the_worker_warning(client_for: Any) -> None:
    page = client_for(Role.BUSINESS_SUPPORT).get("/imports/").content.decode()
    assert "background worker" not in page


def test_one_json_log_line_per_request_without_the_path(
    client_for: Any, make_child: Any, caplog: pytest.LogCaptureFixture
) -> None:
    child = make_child()
    client = client_for(Role.IRO_MANAGER)
    with caplog.at_level(logging.INFO, logger="iro.request"):
        response = client.get(f"/children/{child.pk}/")
    records = [r for r in caplog.records if r.name == "iro.request"]
    assert len(records) == 1
    record = records[0]
    assert record.status == response.status_code  # type: ignore[attr-defined]
    assert record.view == "children:detail"  # type: ignore[attr-defined]
    assert record.request_id == response["X-Request-ID"]  # type: ignore[attr-defined]
    assert record.user_id is not None  # type: ignore[attr-defined]
    line = json.loads(ServiceJsonFormatter().format(record))
    assert {"time", "level", "request_id", "user_id", "view", "status", "duration_ms"} <= set(line)
    assert line["route"] == "children/<int:pk>/"
    assert f"/children/{child.pk}/" not in json.dumps(line)
    assert "path" not in line
    assert child.first_name not in json.dumps(line)


@pytest.mark.urls("tests.operations.urls_failing")
def test_an_error_is_logged_with_the_reference_the_500_page_shows(
    client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/failing")
    assert response.status_code == 500
    reference = response["X-Request-ID"]
    assert f"give this reference: <strong>{reference}</strong>" in response.content.decode()
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert errors and errors[0].exc_info is not None
    line = json.loads(ServiceJsonFormatter().format(errors[0]))
    assert line["request_id"] == reference
    assert line["level"] == "ERROR"
    assert "something broke" in line["exc_info"]
