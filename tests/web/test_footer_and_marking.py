"""The council's footer (no crown, Royal Arms or licence) and the OFFICIAL-SENSITIVE marking on
every case record and printed view, but not on the annual report."""

from __future__ import annotations

import io
import subprocess
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from iro.accounts.models import User
from iro.core.council import council_settings
from iro.disputes.models import Dispute
from iro.reviews.models import Review
from iro.seeding.demo import DemoContext

pytestmark = pytest.mark.django_db
MARKING = "OFFICIAL-SENSITIVE"


def signed_in(client: Any, username: str) -> Any:
    client.force_login(User.objects.get(username=username))
    return client


def test_footer_names_the_council_and_links_its_own_pages(
    demo_service: DemoContext, client: Any
) -> None:
    settings_row = council_settings()
    settings_row.council_website = "https://www.northshire.example/"
    settings_row.privacy_notice = "We hold records about children.\n\nAsk us for a copy."
    settings_row.save()
    body = signed_in(client, "manager").get(reverse("children:list")).content.decode()
    footer = body[body.index('class="govuk-footer"') :]
    assert 'href="https://www.northshire.example/">Northshire County Council</a>' in footer
    assert f'href="{reverse("web:privacy")}"' in footer
    assert f'href="{reverse("web:accessibility")}"' in footer
    for gone in (
        "govuk-footer__crown",
        "govuk-footer__copyright-logo",
        "govuk-footer__licence",
        "Crown copyright",
        "Open Government Licence",
        "nationalarchives.gov.uk",
    ):
        assert gone not in body, gone

    client.logout()
    privacy = client.get(reverse("web:privacy")).content.decode()
    assert '<p class="govuk-body">We hold records about children.</p>' in privacy
    assert '<p class="govuk-body">Ask us for a copy.</p>' in privacy
    accessibility = client.get(reverse("web:accessibility")).content.decode()
    assert "WCAG" in accessibility


def test_every_case_record_and_printed_view_is_marked(
    demo_service: DemoContext, client: Any
) -> None:
    manager = signed_in(client, "manager")
    review = Review.objects.exclude(letter="").filter(child__restricted=False).first()
    assert review is not None
    dispute = Dispute.objects.filter(child__restricted=False).first()
    assert dispute is not None
    pages = [
        reverse("children:detail", args=[review.child_id]),
        reverse("reviews:detail", args=[review.pk]),
        reverse("reviews:letter", args=[review.pk]),
        reverse("reviews:print", args=[review.pk]),
        reverse("disputes:detail", args=[dispute.pk]),
        reverse("disputes:meeting"),
        reverse("disputes:meeting") + "?print=1",
        reverse("children:list"),
    ]
    for path in pages:
        response = manager.get(path)
        assert response.status_code == 200, path
        assert MARKING in response.content.decode(), path

    export = manager.get(reverse("children:subject_access_export", args=[review.child_id]))
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    [pdf_name] = [name for name in archive.namelist() if name.endswith(".pdf")]
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=archive.read(pdf_name), capture_output=True, check=True
    ).stdout.decode()
    assert MARKING in text


def test_the_annual_report_is_not_marked(demo_service: DemoContext, client: Any) -> None:
    manager = signed_in(client, "manager")
    page = manager.get(reverse("reporting:annual_report", args=[2025]))
    assert page.status_code == 200
    assert MARKING not in page.content.decode()
    scorecard = manager.get(reverse("reporting:scorecard"))
    assert MARKING not in scorecard.content.decode()
