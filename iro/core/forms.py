"""Form pieces that speak the GOV.UK Design System's error-message patterns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from iro.timetable.dates import format_date


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
    'Enter the date of review', 'Date of review must include a month',
    'Date of review must be a real date'."""

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
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def _name(self) -> str:
        return str(self.label or "Date")

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list:
            return None
        day, month, year = ((str(v).strip() if v is not None else "") for v in data_list)
        name = self._name()
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
            raise ValidationError(
                self.error_messages.get("required_govuk")
                or f"Enter the {self._name()[0].lower() + self._name()[1:]}",
                code="required",
            )
        return super().clean(value) if value and any(str(v or "").strip() for v in value) else None


def govuk(value: dt.date) -> str:
    return format_date(value)


class GovukForm(forms.Form):
    """Required-field messages in the Design System's words: 'Enter …' for text, 'Select …' for
    choices."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        apply_govuk_messages(self)


class GovukModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        apply_govuk_messages(self)


def apply_govuk_messages(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        label = str(field.label or "this")
        lowered = label[0].lower() + label[1:] if label else label
        if "required" in field.error_messages and field.error_messages["required"] == str(
            forms.Field.default_error_messages["required"]
        ):
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                field.error_messages["required"] = f"Select {lowered}"
            else:
                field.error_messages["required"] = f"Enter {lowered}"
        if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
            field.error_messages["invalid_choice"] = f"Select {lowered}"
        if isinstance(field, forms.DecimalField | forms.IntegerField):
            field.error_messages["invalid"] = f"{label} must be a number"


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors beside their fields (or at the
    top when the form has no such field), other errors in the error summary."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
