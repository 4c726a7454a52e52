from __future__ import annotations

from django import forms

from iro.core.forms import GovukDateField, GovukForm

_TEXT = forms.Textarea(attrs={"rows": 6})


class PressureRecordForm(GovukForm):
    required_messages = {
        "occurred_on": "Enter the date it happened",
        "who": "Enter who put pressure on you",
        "what": "Enter what happened",
    }
    error_names = {"occurred_on": "Date it happened"}
    occurred_on = GovukDateField(label="When it happened", latest_today=True)
    who = forms.CharField(
        label="Who put pressure on you",
        max_length=200,
        help_text="Their name and role, for example the service manager of a children's team",
    )
    what = forms.CharField(
        label="What happened",
        widget=_TEXT,
        max_length=20000,
        help_text="What was said or done, and how it bore on your independence",
    )


class PressureNoteForm(GovukForm):
    required_messages = {
        "occurred_on": "Enter the date it happened",
        "what": "Enter the note",
    }
    error_names = {"occurred_on": "Date it happened"}
    occurred_on = GovukDateField(label="When it happened", latest_today=True)
    what = forms.CharField(label="Note", widget=_TEXT, max_length=20000)
