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
    fieldsets = (
        ("Council", {"fields": ("council_name", "service_name", "phase", "council_website")}),
        ("Privacy and accessibility", {"fields": ("privacy_notice", "accessibility_statement")}),
        (
            "Review timescales",
            {
                "fields": (
                    "notification_working_days",
                    "iro_allocation_working_days",
                    "first_review_working_days",
                    "second_review_months",
                    "later_review_months",
                    "due_soon_working_days",
                    "convening_request_working_days_before",
                    "reports_working_days_before",
                    "recommendations_working_days",
                    "minutes_written_working_days",
                    "minutes_distributed_working_days",
                    "care_plan_update_working_days",
                )
            },
        ),
        (
            "Caseload band",
            {"fields": ("caseload_lower", "caseload_upper", "default_other_duties_weight")},
        ),
        ("Oversight standards", {"fields": ("oversights_between_reviews", "oversights_per_year")}),
        ("Retention", {"fields": ("retention_years_after_birth",)}),
        (
            "Annual report",
            {"fields": ("child_population", "iro_establishment_fte", "iro_vacancies")},
        ),
    )

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
