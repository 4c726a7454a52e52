"""Auditors and IRO managers search the trail by child, user and date, and export it as CSV;
changes through Django's admin are audited field by field."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.audit.services import audit_record
from iro.children.models import Team

pytestmark = pytest.mark.django_db


def _views(child: Any, actor: Any, n: int) -> None:
    for _ in range(n):
        audit_record(
            actor=actor, action="view", object_type="child", object_id=child.pk, child_id=child.pk
        )


@pytest.mark.parametrize("role", [Role.IRO_MANAGER, Role.AUDITOR])
def test_managers_and_auditors_search_by_child(
    client_for: Any, make_user: Any, make_child: Any, role: Role
) -> None:
    reader = make_user(Role.IRO, username="reader")
    wanted = make_child(la_child_id="C0001")
    other = make_child(la_child_id="C0002")
    _views(wanted, reader, 2)
    _views(other, reader, 1)
    response = client_for(role).get("/audit/?child=C0001")
    body = response.content.decode()
    assert response.status_code == 200
    about_wanted = AuditEntry.objects.filter(child_id=wanted.pk).count()
    assert about_wanted >= 3  # admitted, then seen twice
    assert f"{about_wanted} entries" in body
    assert "C0002" not in body


def test_search_by_user_and_date_range(client_for: Any, make_user: Any, make_child: Any) -> None:
    child = make_child()
    alice = make_user(Role.IRO, username="alice")
    bob = make_user(Role.IRO, username="bob")
    _views(child, alice, 3)
    _views(child, bob, 1)
    client = client_for(Role.AUDITOR)
    body = client.get("/audit/?user=alice").content.decode()
    assert "3 entries" in body
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    in_range = client.get(
        "/audit/",
        {
            "user": "alice",
            "date_from_day": today.day,
            "date_from_month": today.month,
            "date_from_year": today.year,
        },
    ).content.decode()
    assert "3 entries" in in_range
    future = client.get(
        "/audit/",
        {
            "date_from_day": tomorrow.day,
            "date_from_month": tomorrow.month,
            "date_from_year": tomorrow.year,
        },
    ).content.decode()
    assert "0 entries" in future


def test_a_bad_date_shows_a_govuk_error(client_for: Any) -> None:
    response = client_for(Role.AUDITOR).get(
        "/audit/", {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"}
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "From date must be a real date" in body


def test_export_is_csv_and_is_itself_audited(
    client_for: Any, make_user: Any, make_child: Any
) -> None:
    child = make_child(la_child_id="C0009")
    _views(child, make_user(Role.IRO, username="carol"), 2)
    manager = make_user(Role.IRO_MANAGER)
    response = client_for(manager).get("/audit/export.csv?child=C0009")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    views = [r for r in rows if r["action"] == "view"]
    assert len(views) == 2
    assert {r["child"] for r in views} == {"C0009"}
    assert all(r["actor"] for r in views)
    assert AuditEntry.objects.filter(action="export", actor=manager).exists()


def test_other_roles_cannot_search(client_for: Any) -> None:
    for role in (Role.IRO, Role.OPERATIONAL, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR):
        assert client_for(role).get("/audit/").status_code == 403


def test_the_search_page_makes_the_same_queries_for_3_and_30_entries(
    client_for: Any, make_user: Any, make_child: Any
) -> None:
    client = client_for(Role.AUDITOR)
    reader = make_user(Role.IRO)

    def count(n: int) -> int:
        for _ in range(n):
            _views(make_child(), reader, 1)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/audit/?user=" + reader.username).status_code == 200
        return len(queries)

    assert count(3) == count(27)


def test_changes_through_the_admin_are_audited_field_by_field(make_user: Any) -> None:
    from iro.audit.admin_hooks import audit_every_model_admin

    site = admin.AdminSite(name="test-admin")
    site.register(Team)
    audit_every_model_admin(site)
    model_admin = site._registry[Team]
    request = RequestFactory().post("/admin/")
    request.user = make_user(Role.ADMINISTRATOR)

    team = Team(name="North")
    model_admin.save_model(request, team, None, False)
    created = AuditEntry.objects.filter(object_type="children.team").latest("id")
    assert created.action == "create"
    assert created.changes["name"] == [None, "North"]

    team.name = "North East"
    model_admin.save_model(request, team, None, True)
    changed = AuditEntry.objects.filter(object_type="children.team").latest("id")
    assert changed.action == "update"
    assert changed.changes == {"name": ["North", "North East"]}

    model_admin.delete_model(request, team)
    deleted = AuditEntry.objects.filter(object_type="children.team").latest("id")
    assert deleted.action == "delete"
    assert deleted.changes["name"] == ["North East", None]
    assert not Team.objects.filter(name="North East").exists()


def test_every_registered_model_admin_is_audited() -> None:
    for model, model_admin in admin.site._registry.items():
        if model is AuditEntry:
            continue
        assert getattr(model_admin, "_iro_audited", False), model
