"""A council's dispute ladder and timescales are data the administrator changes here. Disputes
themselves are changed only through the pages (and their services), never in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DisputeSettings, DisputeStage


@admin.register(DisputeStage)
class DisputeStageAdmin(admin.ModelAdmin[DisputeStage]):
    list_display = ("order", "name", "key", "is_formal", "responder_role", "response_working_days")
    list_editable = ("response_working_days",)
    list_display_links = ("name",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A stage that disputes have passed through stays; switch it off with "active".
        return False


@admin.register(DisputeSettings)
class DisputeSettingsAdmin(admin.ModelAdmin[DisputeSettings]):
    list_display = (
        "__str__",
        "formal_total_working_days",
        "formal_meeting_by_working_day",
        "informal_default_working_days",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not DisputeSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
