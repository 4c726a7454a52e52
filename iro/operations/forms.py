from __future__ import annotations

from django import forms

from iro.core.forms import GovukForm


class RetentionDeletionForm(GovukForm):
    required_messages = {
        "reason": "Enter why these records can be deleted now",
        "confirm": "Select that you have checked these records",
    }
    error_names = {"reason": "Why these records can be deleted now"}
    reason = forms.CharField(
        label="Why these records can be deleted now",
        help_text="For example: reviewed against the retention schedule; no legal hold or inquiry.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        error_messages={
            "required": "Enter why these records can be deleted now",
            "max_length": "Why these records can be deleted now must be 300 characters or less",
        },
    )
    confirm = forms.BooleanField(
        label="I have checked that these records are past retention and no longer needed",
        error_messages={"required": "Select that you have checked these records"},
    )
