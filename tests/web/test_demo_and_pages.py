from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from iro.accounts.models import User
from iro.children.models import Child
from iro.reviews.models import Review

pytestmark = pytest.mark.django_db


def _fingerprint() -> list[tuple[Any, ...]]:
    """What a user would see of the demo, without database ids (sequences are not rolled back)."""
    return list(
        Child.objects.order_by("la_child_id").values_list(
            "la_child_id", "first_name", "last_name", "date_of_birth", "iro__name"
        )
    ) + list(
        Review.objects.order_by("child__la_child_id", "held_on").values_list(
            "child__la_child_id", "held_on", "number"
        )
    )


def test_load_demo_is_deterministic_and_fills_every_role(capsys: Any) -> None:
    with transaction.atomic():  # the first load, rolled back once fingerprinted
        call_command("load_demo", "--as-of", "2026-11-23", "--children", "60")
        first = _fingerprint()
        transaction.set_rollback(True)
    assert Child.objects.count() == 0
    call_command("load_demo", "--as-of", "2026-11-23", "--children", "60")
    out = capsys.readouterr().out
    assert "demo-password" in out
    # 60 children with a period of care, and children known only to child protection beside them.
    assert Child.objects.filter(periods__isnull=False).distinct().count() == 60
    assert Child.objects.filter(periods__isnull=True).exists()
    assert Review.objects.exists()
    assert Review.objects.filter(held_on__lte=date(2026, 11, 23)).count() == Review.objects.count()
    assert {u.username for u in User.objects.all()} >= {"iro", "manager", "auditor", "support"}
    assert _fingerprint() == first
    call_command("load_demo", "--if-empty")
    assert "already" in capsys.readouterr().out
    assert Child.objects.filter(periods__isnull=False).distinct().count() == 60


def test_pages_use_the_council_header_and_no_crown(client: Any) -> None:
    body = client.get("/sign-in").content.decode()
    assert "Northshire County Council" in body
    assert "govuk-generic-header" in body
    assert "govuk-header__logotype" not in body
    assert "GDS Transport" not in body


def test_unknown_page_gets_the_404_page(client: Any) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_health_check_is_public(client: Any) -> None:
    assert client.get("/health").content == b"ok"


def test_security_headers_are_sent(client: Any) -> None:
    response = client.get("/sign-in")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "nonce-" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]


def test_the_demo_has_last_years_approved_report_a_draft_and_englands_comparator(
    client: Any,
) -> None:
    from iro.reporting.models import AnnualReportEdition, Comparator

    call_command("load_demo", "--as-of", "2026-11-23", "--children", "60")
    approved = AnnualReportEdition.objects.get(year=2025)
    assert approved.status == "approved" and len(approved.fingerprint) == 12
    assert approved.pdf.startswith(b"%PDF") and approved.audience == "Corporate Parenting Board"
    assert AnnualReportEdition.objects.get(year=2026).status == "draft"
    assert set(Comparator.objects.values_list("year", flat=True)) == {2022, 2023, 2024}
    client.force_login(User.objects.get(username="manager"))
    page = client.get("/annual-report/2024/").content.decode()
    assert "Sources of the comparators" in page and "reporting year 2025" in page
    listing = client.get("/annual-report/").content.decode()
    assert approved.fingerprint in listing and "Approved 23 November 2026" in listing
