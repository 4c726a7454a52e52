"""Service navigation, drawn in the base template from each app's declared pages."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from iro.accounts.access import user_can


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """Service navigation: each app lists its pages (AppConfig.navigation) and the action each
    needs; a user sees only the pages their role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    entries: list[tuple[int, str, str, str]] = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "navigation", []))
    items = []
    path = request.path
    for _order, url_name, label, action in sorted(entries):
        if not user_can(user, action):
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        active = path == href or (href != "/" and path.startswith(href))
        items.append({"href": href, "text": label, "active": active})
    return items
