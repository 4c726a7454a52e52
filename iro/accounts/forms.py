from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from iro.core.forms import GovukForm, apply_govuk_messages

from .models import User


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask the IRO service manager.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username"
        self.fields["password"].label = "Password"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        apply_govuk_messages(self)


class TokenForm(GovukForm):
    """The 6-digit code from an authenticator app."""

    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        help_text="The 6-digit code, for example 123456",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric"}
        )
        self.fields["token"].error_messages["required"] = (
            "Enter the code from your authenticator app"
        )

    def clean_token(self) -> str:
        token = "".join(str(self.cleaned_data.get("token", "")).split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("The code must be 6 numbers")
        return token


class EnrolmentCodeForm(GovukForm):
    """The one-time code that allows a first authenticator app to be set up."""

    required_messages = {"code": "Enter the code from the e-mail or your administrator"}

    code = forms.CharField(
        label="Code from the e-mail or your administrator",
        max_length=12,
        help_text="The 8-digit code, for example 12345678",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        )


class ChildRestrictionForm(GovukForm):
    required_messages = {"users": "Select the people who can open this record"}
    error_names = {"users": "Who can open this record"}
    restricted = forms.BooleanField(
        label="Restrict this record to the people named below", required=False
    )
    users = forms.ModelMultipleChoiceField(
        label="Who can open this record",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Nobody else can open it, including managers not "
        "named here",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "first_name", "last_name", "username"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("restricted") and not data.get("users"):
            self.add_error("users", "Select at least one person who can open the record")
        return data
