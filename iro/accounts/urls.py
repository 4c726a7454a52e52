from django.conf import settings
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.sign_in, name="sign_in"),
    path("sign-out", views.sign_out, name="sign_out"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/enrol", views.two_factor_enrol, name="two_factor_enrol"),
]

if settings.OIDC_ENABLED:  # single sign-on, only when the identity provider is configured
    from mozilla_django_oidc.views import (
        OIDCAuthenticationCallbackView,
        OIDCAuthenticationRequestView,
    )

    from .access import public

    urlpatterns += [
        path(
            "oidc/authenticate/",
            public(OIDCAuthenticationRequestView.as_view()),
            name="oidc_authenticate",
        ),
        path(
            "oidc/callback/",
            public(OIDCAuthenticationCallbackView.as_view()),
            name="oidc_callback",
        ),
    ]
