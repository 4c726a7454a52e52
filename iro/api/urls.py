from typing import Any

from django.urls import URLPattern, URLResolver, include, path

from iro.accounts.access import public

from . import views
from .api import api


def _token_authenticated(patterns: list[Any]) -> list[Any]:
    """The API's views authenticate each call with a client token (not a staff sign-in), so the
    access middleware lets them through; each endpoint checks the client's scope."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _token_authenticated(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            public(entry.callback)
    return patterns


api_patterns, api_app_name, api_namespace = api.urls
urlpatterns = [
    path("api/v1/docs", views.docs, name="api_docs"),
    path(
        "api/v1/",
        include((_token_authenticated(api_patterns), api_app_name), namespace=api_namespace),
    ),
]
