from django.contrib import admin
from django.http import HttpRequest

from .models import ClosureDay, CouncilSettings


@admin.register(CouncilSettings)
class CouncilSettingsAdmin(admin.ModelAdmin):
    list_display = ("council_name", "service_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row of settings: the first read makes it.
        return not CouncilSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "reason")
    list_filter = ("kind",)
    date_hierarchy = "date"
