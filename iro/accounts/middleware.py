"""Two-factor sign-in: when required, a signed-in person must prove a second factor (an
authenticator-app code) before any other page; single sign-on through the council's identity
provider counts as that proof when OIDC_SATISFIES_TWO_FACTOR is on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

OIDC_BACKEND = "iro.accounts.oidc.CouncilOIDCBackend"
ALWAYS_OPEN = {
    "accounts:sign_in",
    "accounts:sign_out",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:two_factor_enrol",
    "web:health",
    "web:favicon",
}


def has_confirmed_device(user: object) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    # OTPMiddleware gives the request's user `is_verified`; a user signed in during this very
    # request (the sign-in view) has not proved a second factor yet.
    if getattr(user, "is_verified", lambda: False)():
        return False
    signed_in_by_sso = request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND
    return not (settings.OIDC_SATISFIES_TWO_FACTOR and signed_in_by_sso)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OTP_REQUIRED and needs_second_factor(request):
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = ""
            if view_name not in ALWAYS_OPEN and not request.path.startswith(settings.STATIC_URL):
                target = (
                    "accounts:two_factor_verify"
                    if has_confirmed_device(request.user)
                    else "accounts:two_factor_setup"
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


SIGNED_IN_AT = "iro_signed_in_at"


def stamp_sign_in(session: Any) -> None:
    """Note when this sign-in began (on the user_logged_in signal)."""
    session[SIGNED_IN_AT] = timezone.now().timestamp()


class SessionLifetimeMiddleware:
    """A sign-in ends SESSION_ABSOLUTE_LIFETIME after it began, however active the person has
    been (the inactivity timeout is SESSION_COOKIE_AGE). A session with no start time recorded
    is treated as expired."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            began = request.session.get(SIGNED_IN_AT)
            limit = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if began is None or timezone.now().timestamp() - float(began) > limit:
                logout(request)
                hours = int(limit // 3600)
                messages.info(
                    request, f"You have been signed out: a sign-in lasts at most {hours} hours"
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:sign_in')}?{query}")
        return self.get_response(request)
