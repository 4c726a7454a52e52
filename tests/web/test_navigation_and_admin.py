"""Navigation grouped by the service's tasks (at most 7 top-level items for any role, one
current item, sub-navigation on section pages, the account links in the header's account
area); the administrator's settings pages, every change audited; the 403 page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.core.council import council_settings
from iro.core.models import ClosureDay
from iro.seeding.demo import DemoContext

pytestmark = pytest.mark.django_db
ROLES = ["iro", "manager", "head", "socialworker", "teammanager", "support", "auditor", "admin"]


def signed_in(client: Any, username: str) -> Any:
    client.force_login(User.objects.get(username=username))
    return client


def menu(body: str) -> str:
    start = body.index('aria-label="Menu"')
    return body[start : body.index("</nav>", start)]


@pytest.mark.parametrize("username", ROLES)
def test_at_most_seven_top_level_items_and_one_current(
    demo_service: DemoContext, client: Any, username: str
) -> None:
    response = signed_in(client, username).get("/", follow=True)
    body = response.content.decode()
    items = re.findall(r'class="govuk-service-navigation__item', menu(body))
    assert 1 <= len(items) <= 7, username
    assert menu(body).count("aria-current=") <= 1
    # The account links live in the header's account area, not in the service's menu.
    account = body[body.index('aria-label="Your account"') :]
    assert "Sign out" in account and "Sign out" not in menu(body)


def test_the_managers_menu_is_grouped_by_task(demo_service: DemoContext, client: Any) -> None:
    body = signed_in(client, "manager").get(reverse("caseloads:forecast")).content.decode()
    labels = [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(
            r'class="govuk-service-navigation__link"[^>]*>(.*?)</a>', menu(body), re.S
        )
    ]
    assert labels == [
        "Children",
        "Reviews",
        "Disputes",
        "Quality and voice",
        "Service performance",
        "Settings",
    ]
    # On Forecast one menu item is current (its section) and one page: Forecast.
    assert menu(body).count('aria-current="true"') == 1
    assert body.count('aria-current="page"') == 1
    assert re.search(r'href="/caseloads/forecast" aria-current="page">Forecast<', body)
    subnav = body[body.index('aria-label="Service performance pages"') :]
    subnav = subnav[: subnav.index("</nav>")]
    for page in ("Scorecard", "Annual report", "Caseloads", "Forecast"):
        assert page in subnav
    assert (
        "Dip-sample feedback"
        in signed_in(client, "manager").get(reverse("monitoring:standards")).content.decode()
    )


def test_the_403_page_names_whom_to_ask_by_role_never_the_readers_own(
    demo_service: DemoContext, client: Any
) -> None:
    manager = signed_in(client, "manager").get(reverse("disputes:raise"))
    assert manager.status_code == 403
    body = manager.content.decode()
    assert "This page is for: Independent Reviewing Officer." in body
    assert "ask your system administrator" in body
    assert "ask the IRO service manager" not in body
    admin = signed_in(client, "admin").get(reverse("children:list"))
    assert admin.status_code == 403
    assert "ask the IRO service manager" in admin.content.decode()


def test_the_administrator_manages_the_settings_from_linked_pages(
    demo_service: DemoContext, client: Any
) -> None:
    admin = signed_in(client, "admin")
    home = admin.get("/", follow=True)
    assert home.redirect_chain[-1][0] == reverse("web:settings")
    body = home.content.decode()
    links = re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', body)
    names = {text for _href, text in links}
    assert {
        "Users and roles",
        "Council settings",
        "Closure days",
        "Review timescales",
        "Dispute stages",
        "Caseload band",
        "Retention",
        "IRO staff",
    } <= names
    for href, text in links:
        assert admin.get(href.split("#")[0]).status_code == 200, text
    assert (
        "You don’t have permission to view or edit anything"
        not in admin.get("/admin/").content.decode()
    )

    row = council_settings()
    before = AuditEntry.objects.count()
    form = {
        name: getattr(row, name)
        for name in [
            f.name for f in row._meta.concrete_fields if f.name not in {"id"} and f.editable
        ]
    }
    form["caseload_upper"] = 65
    form["council_website"] = "https://www.northshire.example/"
    response = admin.post(reverse("admin:core_councilsettings_change", args=[row.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.caseload_upper == 65
    entry = AuditEntry.objects.filter(object_type="core.councilsettings").latest("id")
    assert entry.actor.username == "admin"
    assert entry.changes["caseload_upper"] == [70, 65]

    response = admin.post(
        reverse("admin:core_closureday_add"),
        {"date": "2026-12-29", "kind": "closed", "reason": "Council closure"},
    )
    assert response.status_code == 302
    assert ClosureDay.objects.filter(reason="Council closure").exists()
    assert AuditEntry.objects.filter(object_type="core.closureday", action="create").exists()

    worker = User.objects.get(username="socialworker")
    response = admin.post(
        reverse("admin:accounts_user_change", args=[worker.pk]),
        {
            "username": worker.username,
            "first_name": worker.first_name,
            "last_name": worker.last_name,
            "email": worker.email,
            "job_title": worker.job_title,
            "is_active": "on",
            "groups": [g.pk for g in worker.groups.all()]
            + [
                __import__("django.contrib.auth.models", fromlist=["Group"])
                .Group.objects.get(name=Role.BUSINESS_SUPPORT.value)
                .pk
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    roles = AuditEntry.objects.filter(object_type="user", object_id=str(worker.pk)).latest("id")
    assert "business_support" in roles.changes["roles"][1]
    assert AuditEntry.objects.count() > before
