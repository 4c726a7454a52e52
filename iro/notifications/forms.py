from __future__ import annotations

from django import forms

from iro.core.forms import GovukForm


class PreferenceForm(GovukForm):
    weekly_digest = forms.TypedChoiceField(
        label="Do you want the weekly digest of what is due?",
        choices=[("yes", "Yes, every Monday"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want the weekly digest"},
    )
