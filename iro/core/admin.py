from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import facts
from .models import ClosureDay, CouncilSettings


class RefreshesFacts(admin.ModelAdmin):
    """Timescales, oversight standards and closure days are inputs of the stored facts: every
    change saved here recomputes them in the same transaction (the admin's own)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        facts.refresh()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        facts.refresh()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        facts.refresh()


@admin.register(CouncilSettings)
class CouncilSettingsAdmin(RefreshesFacts):
    list_display = ("council_name", "service_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row of settings: the first read makes it.
        return not CouncilSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ClosureDay)
class ClosureDayAdmin(RefreshesFacts):
    list_display = ("date", "kind", "reason")
    list_filter = ("kind",)
    date_hierarchy = "date"
