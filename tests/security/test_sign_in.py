"""Sign-in: lockout after repeated failures, two-factor codes, single sign-on by configuration,
inactivity timeout — and every sign-in, failure and sign-out in the audit trail."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TEST_PASSWORD = "correct-horse-battery-staple"  # tests/conftest.py's make_user


def _sign_in(client: Any, username: str, password: str = TEST_PASSWORD, **extra: Any) -> Any:
    return client.post("/sign-in", {"username": username, "password": password}, **extra)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _forget_throttling(device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


# --- audit of sign-in events -------------------------------------------------------------


def test_sign_in_failure_and_sign_out_are_audited(client: Any, make_user: Any) -> None:
    user = make_user(Role.IRO, username="priya")
    _sign_in(client, "priya", "wrong-password")
    failed = AuditEntry.objects.filter(action="sign_fail").latest("id")
    assert failed.actor_label == "priya"
    assert failed.actor is None
    assert _sign_in(client, "priya").status_code == 302
    assert AuditEntry.objects.filter(action="sign_in", actor=user).exists()
    client.post("/sign-out")
    assert AuditEntry.objects.filter(action="sign_out", actor=user).exists()


# --- lockout (django-axes) ---------------------------------------------------------------


def test_five_failures_lock_the_account_for_30_minutes(client: Any, make_user: Any) -> None:
    make_user(Role.IRO, username="priya")
    for _ in range(4):
        assert _sign_in(client, "priya", "wrong-password").status_code == 200
    locked = _sign_in(client, "priya", "wrong-password")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Your account is locked" in body
    assert "Try again in 30 minutes" in body
    assert "govuk-error-summary" in body
    # Even the right password is refused while locked.
    assert _sign_in(client, "priya").status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="sign_fail", summary__contains="locked").exists()


def test_the_lock_lifts_after_the_cool_off(client: Any, make_user: Any) -> None:
    from axes.models import AccessAttempt

    make_user(Role.IRO, username="priya")
    for _ in range(5):
        _sign_in(client, "priya", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert _sign_in(client, "priya").status_code == 302


def test_another_person_is_not_locked_out_by_someone_elses_failures(
    client: Any, make_user: Any
) -> None:
    make_user(Role.IRO, username="priya")
    make_user(Role.IRO, username="sam")
    for _ in range(5):  # the limit: priya's account is now locked
        _sign_in(client, "priya", "wrong-password", HTTP_USER_AGENT="Browser A")
    assert _sign_in(client, "priya", HTTP_USER_AGENT="Browser B").status_code == 429
    assert _sign_in(client, "sam", HTTP_USER_AGENT="Browser B").status_code == 302


def test_changing_the_browser_string_does_not_escape_the_account_lock(
    client: Any, make_user: Any
) -> None:
    make_user(Role.IRO, username="priya")
    for n in range(4):
        _sign_in(client, "priya", f"guess-{n}", HTTP_USER_AGENT=f"Browser {n}")
    assert _sign_in(client, "priya", "guess-5", HTTP_USER_AGENT="Browser 5").status_code == 429
    # From another address and browser too: the account itself is locked.
    other = {"HTTP_USER_AGENT": "Browser 9", "REMOTE_ADDR": "203.0.113.9"}
    assert _sign_in(client, "priya", **other).status_code == 429


@override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=12)
def test_spraying_many_usernames_from_one_address_locks_that_address(
    client: Any, make_user: Any
) -> None:
    make_user(Role.IRO, username="sam")
    attacker = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(11):  # two guesses at each of many accounts: none reaches 5 on its own
        _sign_in(client, f"user{n // 2}", "Summer2025!", HTTP_USER_AGENT=f"UA {n}", **attacker)
    assert _sign_in(client, "user9", "Summer2025!", **attacker).status_code == 429
    assert _sign_in(client, "sam", **attacker).status_code == 429
    # The same person from their own address is not locked.
    assert _sign_in(client, "sam", REMOTE_ADDR="192.0.2.20").status_code == 302


def test_colleagues_sharing_an_office_address_and_browser_do_not_lock_each_other_out(
    client: Any, make_user: Any
) -> None:
    make_user(Role.IRO, username="priya")
    make_user(Role.IRO, username="sam")
    office = {"REMOTE_ADDR": "192.0.2.1", "HTTP_USER_AGENT": "Council desktop browser"}
    for _ in range(5):
        _sign_in(client, "priya", "wrong-password", **office)
    assert _sign_in(client, "priya", **office).status_code == 429
    assert _sign_in(client, "sam", **office).status_code == 302


def test_passwords_must_be_long_and_not_common() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short-pass", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a-much-longer-passphrase-here")


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    from django.contrib.auth.hashers import check_password, make_password

    from config.settings import base

    # Tests use a fast hasher; with the real settings a new password is stored with Argon2.
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        stored = make_password("a-much-longer-passphrase-here")
        assert stored.startswith("argon2$")
        assert check_password("a-much-longer-passphrase-here", stored)
        assert not check_password("a-wrong-passphrase-here", stored)


# --- two-factor sign-in (django-otp, TOTP) ----------------------------------------------


def _emailed_code() -> str:
    from django.core import mail

    return re.search(r"is (\d{8})", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]


def _enrol_with_emailed_code(client: Any) -> None:
    page = client.get("/two-factor/?next=/children/")
    assert page["Location"].startswith("/two-factor/enrol")
    assert "Confirm it is you" in client.get(page["Location"]).content.decode()
    done = client.post("/two-factor/enrol", {"code": _emailed_code(), "next": "/children/"})
    assert done["Location"].startswith("/two-factor/?")


@override_settings(OTP_REQUIRED=True)
def test_a_password_alone_cannot_enrol_an_authenticator(client: Any, make_user: Any) -> None:
    from django.core import mail

    make_user(Role.IRO, username="priya", email="priya@council.example")
    _sign_in(client, "priya")
    # The set-up page (QR code and key) is not shown without the e-mailed code.
    page = client.get("/two-factor/?next=/children/")
    assert page.status_code == 302 and page["Location"].startswith("/two-factor/enrol")
    enrol = client.get(page["Location"]).content.decode()
    assert "p…@council.example" in enrol
    assert mail.outbox[-1].to == ["priya@council.example"]
    assert not TOTPDevice.objects.exists()
    wrong = client.post("/two-factor/enrol", {"code": "00000000"})
    assert "The code is not right or has expired" in wrong.content.decode()
    assert client.get("/two-factor/")["Location"].startswith("/two-factor/enrol")
    assert AuditEntry.objects.filter(summary="Two-factor enrolment code refused").exists()
    code = _emailed_code()
    assert client.post("/two-factor/enrol", {"code": code})["Location"].startswith("/two-factor/")
    assert "QR code" in client.get("/two-factor/").content.decode()
    # The code works once.
    client.post("/sign-out")
    _sign_in(client, "priya")
    assert "is not right" in client.post("/two-factor/enrol", {"code": code}).content.decode()


@override_settings(OTP_REQUIRED=True)
def test_an_administrators_reset_gives_a_one_time_enrolment_code(
    client: Any, make_user: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    user = make_user(Role.IRO, username="sam")  # no e-mail address
    make_user(Role.ADMINISTRATOR, username="admin1")
    TOTPDevice.objects.create(user=user, name="lost phone", confirmed=True)
    out = StringIO()
    call_command("two_factor_reset", "sam", "--by", "admin1", stdout=out)
    code = re.search(r"Enrolment code: (\d{8})", out.getvalue()).group(1)  # type: ignore[union-attr]
    assert not TOTPDevice.objects.filter(user=user).exists()
    _sign_in(client, "sam")
    page = client.get("/two-factor/enrol").content.decode()
    assert "Ask an administrator" in page
    assert client.post("/two-factor/enrol", {"code": code})["Location"].startswith("/two-factor/")
    assert AuditEntry.objects.filter(summary__contains="enrolment code issued (admin1)").exists()


@override_settings(OTP_REQUIRED=True)
def test_when_required_a_new_user_must_set_up_two_factor_first(client: Any, make_user: Any) -> None:
    user = make_user(Role.IRO_MANAGER, username="mo", email="mo@council.example")
    response = _sign_in(client, "mo")
    assert response["Location"].startswith("/two-factor/?next=")
    # Every other page sends them back until they have.
    blocked = client.get("/children/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/two-factor/")
    _enrol_with_emailed_code(client)
    page = client.get("/two-factor/?next=/children/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "QR code" in body
    assert "style=" not in body[body.find("<svg") : body.find("</svg>")]
    assert "Key:" in body
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/two-factor/?next=/children/", {"token": "000000", "next": "/children/"})
    assert "The code is not right" in wrong.content.decode()
    _forget_throttling(device)  # django-otp makes you wait a moment after a wrong code
    done = client.post("/two-factor/", {"token": _code(device), "next": "/children/"})
    assert done.status_code == 302
    assert done["Location"] == "/children/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/children/").status_code == 200
    assert AuditEntry.objects.filter(
        actor=user, summary__contains="Two-factor sign-in set up"
    ).exists()


@override_settings(OTP_REQUIRED=True)
def test_when_required_a_user_with_an_app_enters_a_code_after_the_password(
    client: Any, make_user: Any
) -> None:
    user = make_user(Role.AUDITOR, username="aud")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = _sign_in(client, "aud")
    assert response["Location"].startswith("/two-factor/verify?next=")
    assert client.get("/children/").status_code == 302
    bad = client.post("/two-factor/verify", {"token": "12"})
    assert "The code must be 6 numbers" in bad.content.decode()
    wrong = client.post("/two-factor/verify", {"token": "000000"})
    assert "The code is not right" in wrong.content.decode()
    assert AuditEntry.objects.filter(actor=user, action="sign_fail").exists()
    _forget_throttling(device)
    ok = client.post("/two-factor/verify", {"token": _code(device), "next": "/children/"})
    assert ok["Location"] == "/children/"
    assert client.get("/children/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_the_code_page_refuses_to_redirect_off_site(client: Any, make_user: Any) -> None:
    user = make_user(Role.AUDITOR, username="aud")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _sign_in(client, "aud")
    ok = client.post("/two-factor/verify", {"token": _code(device), "next": "https://evil.test/"})
    assert ok["Location"] == "/"


def test_two_factor_is_optional_in_test_and_development_settings(
    client: Any, make_user: Any
) -> None:
    make_user(Role.IRO_MANAGER, username="mo")
    assert _sign_in(client, "mo")["Location"] == "/"
    assert client.get("/children/").status_code == 200


# --- session timeout --------------------------------------------------------------------


def test_the_session_ends_after_30_minutes_of_inactivity(client: Any, make_user: Any) -> None:
    make_user(Role.IRO_MANAGER, username="mo")
    _sign_in(client, "mo")
    key = client.session.session_key
    assert client.session.get_expiry_age() == 30 * 60
    # Activity keeps it alive: each request pushes the expiry back.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/children/").status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)
    # Thirty minutes without a request: signed out.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")


# --- single sign-on (OpenID Connect), only when configured -------------------------------


def test_no_single_sign_on_button_unless_configured(client: Any) -> None:
    assert "Sign in with your council account" not in client.get("/sign-in").content.decode()


def test_the_button_appears_when_single_sign_on_is_configured(
    client: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("iro.accounts.views.oidc_sign_in_url", lambda: "/oidc/authenticate/")
    body = client.get("/sign-in?next=/children/").content.decode()
    assert "Sign in with your council account" in body
    assert 'href="/oidc/authenticate/?next=/children/"' in body


def test_single_sign_on_is_switched_on_by_the_environment_alone() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "OIDC_RP_CLIENT_ID": "iro-oversight",
        "OIDC_RP_CLIENT_SECRET": "s3cret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.test/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.test/token",
        "OIDC_OP_USER_ENDPOINT": "https://login.example.test/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://login.example.test/keys",
    }
    script = (
        "import django, json; django.setup();"
        "from django.conf import settings; from django.urls import reverse;"
        "from iro.accounts.views import oidc_sign_in_url;"
        "print(json.dumps({'url': oidc_sign_in_url(), 'callback': reverse('accounts:oidc_callback'),"
        "'backends': settings.AUTHENTICATION_BACKENDS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["url"] == "/oidc/authenticate/"
    assert found["callback"] == "/oidc/callback/"
    assert found["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert "iro.accounts.oidc.CouncilOIDCBackend" in found["backends"]


@override_settings(
    OIDC_RP_CLIENT_ID="x",
    OIDC_RP_CLIENT_SECRET="y",
    OIDC_OP_TOKEN_ENDPOINT="https://login.example.test/token",
    OIDC_OP_USER_ENDPOINT="https://login.example.test/userinfo",
    OIDC_RP_SIGN_ALGO="HS256",
)
def test_single_sign_on_matches_only_existing_active_accounts_by_email(make_user: Any) -> None:
    from iro.accounts.oidc import CouncilOIDCBackend

    active = make_user(Role.IRO, email="Priya.Shah@council.example")
    backend = CouncilOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "priya.shah@council.example"})) == [active]
    assert not backend.filter_users_by_claims({"email": "stranger@example.test"}).exists()
    assert not backend.filter_users_by_claims({}).exists()


@override_settings(SESSION_ABSOLUTE_LIFETIME=timedelta(hours=12))
def test_a_sign_in_ends_after_its_absolute_lifetime_however_active(
    client: Any, make_user: Any
) -> None:
    from iro.accounts.middleware import SIGNED_IN_AT

    make_user(Role.IRO_MANAGER, username="mo")
    _sign_in(client, "mo")
    assert client.get("/children/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=11, minutes=59)).timestamp()
    session.save()
    assert client.get("/children/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=12, minutes=1)).timestamp()
    session.save()
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")
    assert client.get("/children/")["Location"].startswith("/sign-in")
    signed_in_page = client.get(response["Location"]).content.decode()
    assert "a sign-in lasts at most 12 hours" in signed_in_page


def test_the_absolute_lifetime_defaults_to_12_hours() -> None:
    from django.conf import settings

    assert timedelta(hours=12) == settings.SESSION_ABSOLUTE_LIFETIME
