from __future__ import annotations

from typing import Any

from django import forms

from iro.core.forms import GovukDateField, GovukForm


class AuditSearchForm(GovukForm):
    error_names = {"date_from": "From date", "date_to": "To date"}
    child = forms.CharField(
        label="Child ID",
        required=False,
        max_length=20,
        help_text="The council's child ID, as shown on the child's record",
    )
    user = forms.CharField(
        label="Username", required=False, max_length=150, help_text="Who saw or changed a record"
    )
    date_from = GovukDateField(label="From", required=False, help_text="For example, 1 11 2026")
    date_to = GovukDateField(label="To", required=False, help_text="For example, 30 11 2026")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return data
