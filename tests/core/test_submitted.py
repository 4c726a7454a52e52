"""The one path from a valid form to a service and its message (iro.core.forms.submitted)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from iro.core.forms import submitted


class NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/", {"name": "Ash"})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_service_that_succeeds_flashes_the_message_and_returns_its_result():
    request, form = _request(), NameForm({"name": "Ash"})
    assert form.is_valid()
    saved = submitted(request, form, lambda: 42, lambda value: f"Saved {value}")
    assert saved is not None and saved.value == 42
    assert [str(m) for m in get_messages(request)] == ["Saved 42"]


def test_a_service_returning_none_still_counts_as_saved():
    request, form = _request(), NameForm({"name": "Ash"})
    assert form.is_valid()
    assert submitted(request, form, lambda: None, "Done")


@pytest.mark.parametrize(
    ("error", "field"),
    [
        (ValidationError({"name": "Enter a name that is not taken"}), "name"),
        (ValidationError({"unknown": "Enter something"}), None),
        (ValidationError("The child has left care"), None),
    ],
)
def test_a_refusal_goes_on_the_form_and_nothing_is_said(error, field):
    request, form = _request(), NameForm({"name": "Ash"})
    assert form.is_valid()

    def refuse():
        raise error

    assert submitted(request, form, refuse, "Done") is None
    assert form.errors[field if field else "__all__"]
    assert list(get_messages(request)) == []
