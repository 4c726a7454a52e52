"""Two-factor sign-in: when required, a signed-in person must prove a second factor (an
authenticator-app code) before any other page; single sign-on through the council's identity
provider counts as that proof when OIDC_SATISFIES_TWO_FACTOR is on."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

OIDC_BACKEND = "iro.accounts.oidc.CouncilOIDCBackend"
ALWAYS_OPEN = {
    "accounts:sign_in",
    "accounts:sign_out",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
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
