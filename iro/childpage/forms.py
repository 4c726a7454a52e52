from __future__ import annotations

from django import forms

from iro.core.forms import GovukForm

from .models import ChildViews

ANSWERS = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]
FEELINGS = [("good", "Good"), ("ok", "OK"), ("not_good", "Not good")]


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Your code",
        help_text="The 6 letters and numbers your IRO gave you, for example K7PM4Q",
        max_length=12,
        error_messages={
            "required": "Enter your code",
            "max_length": "Your code must be 6 letters and numbers",
        },
    )


def _text(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ViewsForm(GovukForm):
    """The questions for 8 to 12 and 13 and over; younger children get fewer words."""

    error_names = {
        "going_well": "What is going well",
        "worries": "What worries you",
        "want_to_happen": "What you want to happen",
        "who_at_review": "Who you want at your review",
    }

    feeling = forms.ChoiceField(
        label="How are things at the moment?",
        choices=FEELINGS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select how things are from the list"},
    )
    going_well = _text("What is going well?")
    worries = _text("What worries you?")
    want_to_happen = _text("What do you want to happen?")
    who_at_review = forms.CharField(
        label="Who do you want at your review?",
        required=False,
        max_length=500,
    )
    wants_advocate = forms.ChoiceField(
        label="Do you want an advocate to help you?",
        choices=ANSWERS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select yes, no or not sure"},
    )
    wants_to_chair = forms.ChoiceField(
        label="Do you want to chair part of your review?",
        help_text="Chairing means you lead that part of the meeting. Your IRO will help you.",
        choices=ANSWERS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select yes, no or not sure"},
    )

    def __init__(self, *args: object, band: str = "13_plus", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if band == "under_8":
            self.fields["feeling"].label = "How do you feel?"
            self.fields["going_well"].label = "What is good?"
            self.fields["worries"].label = "What is not good?"
            self.fields["want_to_happen"].label = "What would make it better?"
            self.fields["who_at_review"].label = "Who do you want at your meeting?"
            self.fields[
                "wants_advocate"
            ].label = "Do you want someone to help you talk to your IRO?"
            del self.fields["wants_to_chair"]
        elif band == "8_to_12":
            self.fields["wants_to_chair"].label = "Do you want to lead part of your meeting?"


assert set(ViewsForm.base_fields) <= {f.name for f in ChildViews._meta.fields}
