"""The administrator's users and roles, in Django's admin. Saves are audited by
iro.audit.admin_hooks; a change of roles (a many-to-many, saved after the user) is audited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from iro.audit.services import audit_record

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "job_title", "is_active", "roles")
    list_filter = ("groups", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Name and job", {"fields": ("first_name", "last_name", "email", "job_title")}),
        ("Roles", {"fields": ("groups", "is_active", "is_staff")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        ("Name and job", {"fields": ("first_name", "last_name", "email", "job_title")}),
        ("Roles", {"fields": ("groups",)}),
    )
    filter_horizontal = ("groups",)

    @admin.display(description="Roles")
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(obj.groups.values_list("name", flat=True)))

    def get_form(  # type: ignore[override]
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, **kwargs)
        if "groups" in form.base_fields:
            form.base_fields["groups"].label = "Roles"
            form.base_fields["groups"].help_text = "What this person may do: see Roles."
        return form

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        user = form.instance
        before = sorted(user.groups.values_list("name", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(user.groups.values_list("name", flat=True))
        if before != after:
            audit_record(
                actor=request.user,
                action="update",
                object_type="user",
                object_id=user.pk,
                summary=f"Roles of {user} set to {', '.join(after) or 'none'}",
                changes={"roles": [before, after]},
            )
