"""Form pieces that speak the GOV.UK Design System's error-message patterns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from iro.timetable.dates import format_date

T = TypeVar("T")


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes named `<field>_day`, `<field>_month`, `<field>_year`."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput},
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def parts_for(self, value: Any) -> dict[str, str]:
        if isinstance(value, dt.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, list | tuple):
            return dict(zip(("day", "month", "year"), [str(v or "") for v in value], strict=False))
        return {"day": "", "month": "", "year": ""}


class GovukDateField(forms.MultiValueField):
    """A date entered as three boxes, with the Design System's error messages:
    'Enter the date of review' (written per field, as the form's `required_messages`),
    'Date of review must include a month', 'Date of review must be a real date'."""

    widget = GovukDateWidget

    def __init__(
        self,
        *,
        earliest: dt.date | None = None,
        latest_today: bool = False,
        **kwargs: Any,
    ) -> None:
        self.earliest = earliest
        self.latest_today = latest_today
        # The name that starts this field's messages; set from the form (see apply_govuk_messages).
        self.error_name = str(kwargs.get("label") or "")
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list:
            return None
        day, month, year = ((str(v).strip() if v is not None else "") for v in data_list)
        name = self.error_name
        if not (day or month or year):
            return None
        missing = [part for part, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"{name} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{name} must be a real date")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{name} must be a real date") from error
        if self.earliest and value < self.earliest:
            raise ValidationError(f"{name} must be the same as or after {govuk(self.earliest)}")
        if self.latest_today and value > dt.date.today():
            raise ValidationError(f"{name} must be today or in the past")
        return value

    def clean(self, value: Any) -> dt.date | None:
        if self.required and (not value or not any(str(v or "").strip() for v in value)):
            raise ValidationError(self.error_messages["required"], code="required")
        return super().clean(value) if value and any(str(v or "").strip() for v in value) else None


def govuk(value: dt.date) -> str:
    return format_date(value)


class GovukMessages:
    """Messages in the Design System's words, written for each field by the form:

    - `required_messages`: what an empty answer says, per field ("Enter why the review is
      moving", "Select how the child took part");
    - `error_names`: the words that start a field's other messages ("Reason must be 300
      characters or less", "Date of review must be a real date"). A plain label (no question
      mark, no "(optional)") is used as it is when a form names none.

    A field with no message written keeps Django's wording, which the all-forms test refuses.
    """

    required_messages: ClassVar[dict[str, str]] = {}
    error_names: ClassVar[dict[str, str]] = {}

    def full_clean(self) -> None:
        # At validation, not construction: forms add fields and change labels in __init__.
        apply_govuk_messages(self)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]


class GovukForm(GovukMessages, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class GovukModelForm(GovukMessages, forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _plain(label: str) -> bool:
    return bool(label) and "?" not in label and "(optional)" not in label


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value.normalize())


def apply_govuk_messages(form: forms.BaseForm) -> None:
    written: dict[str, str] = getattr(form, "required_messages", {})
    names: dict[str, str] = getattr(form, "error_names", {})
    django_defaults = {str(m) for m in forms.Field.default_error_messages.values()}
    for key, field in form.fields.items():
        messages = field.error_messages
        if key in written:
            messages["required"] = written[key]
        label = str(field.label or "")
        name = (
            names.get(key)
            or getattr(field, "error_name_override", "")
            or (label if _plain(label) else "")
        )
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) and (
            str(messages.get("required", "")) not in django_defaults
        ):
            # A value not offered (a stale page, a tampered form) reads as an empty answer.
            messages["invalid_choice"] = messages["required"]
            messages["invalid_pk_value"] = messages["required"]
            messages["invalid_list"] = messages["required"]
        if isinstance(field, GovukDateField):
            field.error_name = name
        if not name:
            continue  # nothing written for this field: Django's words stay, and the test says so
        if isinstance(field, forms.CharField) and field.max_length:
            messages["max_length"] = f"{name} must be {field.max_length:,} characters or less"
        if isinstance(field, forms.DecimalField | forms.IntegerField):
            messages["invalid"] = f"{name} must be a number"
            if field.min_value is not None:
                messages.setdefault(
                    "min_value", f"{name} must be {_number(field.min_value)} or more"
                )
            if field.max_value is not None:
                most = f"{name} must be {_number(field.max_value)} or less"
                messages.setdefault("max_value", most)
                messages.setdefault("max_digits", most)
                messages.setdefault("max_whole_digits", most)
        if isinstance(field, forms.DecimalField) and field.decimal_places is not None:
            messages.setdefault(
                "max_decimal_places",
                f"{name} must have no more than {field.decimal_places} decimal places",
            )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors beside their fields (or at the
    top when the form has no such field), other errors in the error summary."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a service returned for a submitted form (truthy even when the service returns None)."""

    value: T


def submitted(
    request: HttpRequest,
    form: forms.BaseForm,
    service: Callable[[], T],
    done: str | Callable[[T], str],
) -> Saved[T] | None:
    """The one path from a valid POSTed form to a service and the message that says it worked.

    Call it after `form.is_valid()`. The service runs in its own transaction; when it refuses
    (ValidationError) its errors go on the form beside their fields, nothing is saved and None
    comes back so the page is shown again with the input kept. Otherwise the success message
    (`done`, or `done(result)`) is flashed and the result returned."""
    try:
        result = service()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return Saved(result)
