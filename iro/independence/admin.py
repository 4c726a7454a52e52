"""The independence settings are the administrator's; records of pressure are never in the
admin (they are read only through their own audited pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import IndependenceSettings


@admin.register(IndependenceSettings)
class IndependenceSettingsAdmin(admin.ModelAdmin[IndependenceSettings]):
    list_display = (
        "__str__",
        "independent_officer",
        "recurring_threshold",
        "recurring_window_months",
    )
    autocomplete_fields = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not IndependenceSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
