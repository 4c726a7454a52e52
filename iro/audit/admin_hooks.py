"""A safety net for changes made through Django's admin: every ModelAdmin's save and delete is
wrapped so the change is audited field by field in the admin's own transaction. (Not a signal:
the product's services write their own entries; this covers the admin, which bypasses them.)"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import AuditEntry
from .services import audit_record, field_changes, snapshot


def _child_id(obj: models.Model) -> int | None:
    if obj._meta.label == "children.Child":
        return int(obj.pk) if obj.pk is not None else None
    value = getattr(obj, "child_id", None)
    return value if isinstance(value, int) else None


def _object_type(obj: models.Model) -> str:
    return obj._meta.label_lower[:60]


def audit_admin_save(request: HttpRequest, obj: models.Model, change: bool) -> None:
    """Audit an admin save; call with the object already saved and `before` stashed."""
    before = getattr(obj, "_audit_before", None)
    after = snapshot(obj)
    changes = field_changes(before if change else None, after)
    # A password is recorded as changed, never its hash.
    if "password" in changes:
        changes["password"] = ["(hidden)", "(changed)"]
    if change and not changes:
        return
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
        object_type=_object_type(obj),
        object_id=obj.pk,
        child_id=_child_id(obj),
        summary=f"{'Changed' if change else 'Added'} in the admin: {obj}"[:300],
        changes=changes,
    )


def audit_admin_delete(request: HttpRequest, obj: models.Model) -> None:
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.DELETE,
        object_type=_object_type(obj),
        object_id=obj.pk,
        child_id=_child_id(obj),
        summary=f"Deleted in the admin: {obj}"[:300],
        changes={
            name: ["(hidden)" if name == "password" else value, None]
            for name, value in snapshot(obj).items()
        },
    )


def _wrap(model_admin: admin.ModelAdmin[Any]) -> None:
    original_save = model_admin.save_model
    original_delete = model_admin.delete_model
    original_delete_queryset = model_admin.delete_queryset

    def save_model(request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            obj._audit_before = snapshot(stored) if stored is not None else None  # type: ignore[attr-defined]
        original_save(request, obj, form, change)
        audit_admin_save(request, obj, change)

    def delete_model(request: HttpRequest, obj: models.Model) -> None:
        audit_admin_delete(request, obj)
        original_delete(request, obj)

    def delete_queryset(request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit_admin_delete(request, obj)
        original_delete_queryset(request, queryset)

    model_admin.save_model = save_model  # type: ignore[method-assign]
    model_admin.delete_model = delete_model  # type: ignore[method-assign]
    model_admin.delete_queryset = delete_queryset  # type: ignore[method-assign]
    model_admin._iro_audited = True  # type: ignore[attr-defined]


def audit_every_model_admin(site: admin.AdminSite = admin.site) -> None:
    for model, model_admin in site._registry.items():
        if model is AuditEntry or getattr(model_admin, "_iro_audited", False):
            continue
        _wrap(model_admin)
