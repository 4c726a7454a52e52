"""Security pages in a real browser: two-factor set-up when required, restricting a record, the
audit trail — each checked with axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from iro.accounts.roles import Role

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(OTP_REQUIRED=True)
def test_manager_sets_up_two_factor_then_restricts_a_record_and_checks_the_trail(
    page: Any, make_user: Any, make_child: Any
) -> None:
    import re

    from django.core import mail

    manager = make_user(Role.IRO_MANAGER, username="manager", email="manager@council.example")
    colleague = make_user(Role.IRO_MANAGER, first_name="Nadia", last_name="Named")
    child = make_child(la_child_id="R0101", first_name="Hidden", last_name="Highprofile")
    sign_in(page, manager.username, PASSWORD)
    # A password alone cannot enrol an authenticator: first the code e-mailed to them.
    page.wait_for_url("**/two-factor/enrol**")
    page.get_by_role("heading", name="Confirm it is you").wait_for()
    assert_accessible(page)
    emailed = re.search(r"is (\d{8})", mail.outbox[-1].body)
    assert emailed is not None
    page.get_by_label("Code from the e-mail or your administrator").fill(emailed.group(1))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("img", name="QR code for your authenticator app").wait_for()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url("**/reviews/due/")

    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Who can open this record").click()
    assert_accessible(page)
    page.get_by_label("Restrict this record to the people named below").check()
    page.get_by_role("button", name="Save").click()  # nobody named yet: an error
    page.locator(".govuk-error-summary").wait_for()
    assert "Select at least one person" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label(str(colleague)).check()
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-notification-banner").wait_for()

    page.goto(f"/children/{child.pk}/")
    page.get_by_role("heading", name="This record is restricted").wait_for()
    assert "Nadia Named" in page.content() or str(manager) in page.content()
    assert_accessible(page)

    page.goto("/children/?q=R0101")
    assert "Restricted record" in page.locator("table").inner_text()
    assert "Highprofile" not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Audit trail").click()
    page.get_by_label("Child ID").fill("R0101")
    page.get_by_role("button", name="Search").click()
    table = page.locator("table")
    assert "was refused: opening a restricted record" in table.inner_text()
    assert_accessible(page)
