"""Optimistic locking for every form that edits an existing record.

When the form is shown, `protect` adds a hidden `edit_version`: a signed fingerprint of each
value the person started from (the form's initial values, read from the record). When it is
saved, `unchanged_since_shown` compares that with the record as it is now, read again inside
the saving transaction with the row locked. If someone else saved in between, the save is
refused with a GOV.UK error naming each field they changed and its value now, never merged;
the form then carries the new version, so saving again is a knowing choice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.core import signing
from django.db import models, transaction

FIELD = "edit_version"
_SALT = "iro.core.editlock"


def _digest(value: Any) -> str:
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, list | tuple | set | frozenset) and not isinstance(value, str):
        value = sorted(
            (_digest(v) for v in value),
        )
    text = json.dumps(value, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def version_of(values: Mapping[str, Any]) -> str:
    """The signed fingerprint of a record's values as a form shows them."""
    return signing.dumps({k: _digest(v) for k, v in values.items()}, salt=_SALT, compress=True)


def protect(form: forms.BaseForm, values: Mapping[str, Any]) -> None:
    """Give the form its hidden version field, fingerprinting `values` (what it shows)."""
    form.fields[FIELD] = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=version_of(values)
    )


def _display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, list | tuple | set):
        return ", ".join(_display(v) for v in value) or "(none)"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def unchanged_since_shown(form: forms.BaseForm, current: Mapping[str, Any]) -> bool:
    """True when the record still has the values the form was shown with. Otherwise adds a
    GOV.UK error listing what changed (with the value now) and moves the form's version on."""
    submitted = form.data.get(FIELD, "") if form.is_bound else ""
    getattr(form, "cleaned_data", {}).pop(FIELD, None)  # not a value for the service
    try:
        shown = signing.loads(submitted, salt=_SALT) if submitted else None
    except signing.BadSignature:
        shown = None
    now = {k: _digest(v) for k, v in current.items()}
    # No version (or a forged one): nothing can be assumed, so every field counts as changed.
    changed = list(current) if shown is None else [k for k in current if shown.get(k) != now[k]]
    if not changed:
        return True
    problems = [
        "Someone else changed this record while you were editing it, so your changes have not "
        "been saved. Check what they changed below, then save again to keep your version"
    ]
    for key in changed:
        field = form.fields.get(key)
        label = str(field.label) if field is not None and field.label else key.replace("_", " ")
        problems.append(f"{label} is now “{_display(current[key])}”")
    form.add_error(None, problems)
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data[FIELD] = version_of(current)
    form.data = data
    return False


def locked_row(instance: Any) -> Any:
    """The record read again with its row locked until the transaction ends (call inside
    transaction.atomic), so nobody can save it between the version check and the save."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def save_if_unchanged(
    form: forms.BaseForm,
    instance: Any,
    values: Callable[[Any], Mapping[str, Any]],
    save: Callable[[Any], Any],
) -> bool:
    """In one transaction: lock the record's row, check it still has the values the form was
    shown with (`values(record)`, the same function that filled the form), then `save(record)`
    with the record as read under the lock. False, with the error on the form, if it changed."""
    with transaction.atomic():
        fresh = locked_row(instance)
        if not unchanged_since_shown(form, values(fresh)):
            return False
        save(fresh)
        return True
