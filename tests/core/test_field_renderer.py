"""Form fields are drawn once per set of parameters when they hold no one's data, and the HTML
is exactly what the GOV.UK macros draw each time."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.template import engines

from iro.core.forms import GovukDateField

env = engines["jinja2"].env  # type: ignore[attr-defined]
renderer = env.globals["field_html"]
macros = env.get_template("web/macros.html").module


class Example(forms.Form):
    on = GovukDateField(label="Date of the check")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "Visit"), ("b", "Call")], widget=forms.RadioSelect
    )
    notes = forms.CharField(label="What you checked", widget=forms.Textarea)


def _fresh(bound: forms.BoundField, overrides: dict | None = None) -> str:
    """Drawn without the renderer's memory."""
    from iro.core.templating import field_params

    return str(macros.component(field_params(bound, **(overrides or {}))))


def test_an_empty_field_is_drawn_once_and_the_same() -> None:
    renderer.drawn.clear()
    form = Example(initial={"on": date(2026, 12, 3)})
    first = str(renderer(form["on"]))
    assert len(renderer.drawn) == 1
    again = str(renderer(Example(initial={"on": date(2026, 12, 3)})["on"]))
    assert first == again == _fresh(form["on"])
    assert 'value="3"' in first and 'value="2026"' in first
    # Another day is another drawing.
    other = str(renderer(Example(initial={"on": date(2026, 12, 4)})["on"]))
    assert 'value="4"' in other and len(renderer.drawn) == 2


def test_overrides_are_part_of_what_is_remembered() -> None:
    renderer.drawn.clear()
    form = Example()
    plain = str(renderer(form["kind"]))
    small = str(renderer(form["kind"], {"classes": "govuk-radios--small"}))
    assert "govuk-radios--small" in small and "govuk-radios--small" not in plain
    assert small == _fresh(form["kind"], {"classes": "govuk-radios--small"})


def test_what_a_person_typed_or_a_record_holds_is_never_remembered() -> None:
    renderer.drawn.clear()
    typed = Example(data={"notes": "Spoke to the child's carer", "on_day": "3"})
    html = str(renderer(typed["notes"]))
    assert "Spoke to the child&#39;s carer" in html
    prefilled = Example(initial={"notes": "A record's own words"})
    assert "A record&#39;s own words" in str(renderer(prefilled["notes"]))
    assert renderer.drawn == {}
    # A bound form's errors show, each time.
    assert "govuk-error-message" in str(renderer(typed["kind"]))
    assert renderer.drawn == {}


def test_an_unknown_value_anywhere_inside_means_nothing_is_remembered() -> None:
    from config.jinja2 import _UNKNOWN, _frozen

    assert _frozen({"items": [{"value": object(), "text": "A"}]}) is _UNKNOWN
    assert _frozen([[object()]]) is _UNKNOWN
    assert _frozen({"items": [{"value": "a"}]}) != _frozen({"items": [{"value": "b"}]})


@pytest.mark.django_db
def test_radios_of_records_are_drawn_for_those_records() -> None:
    """A record's choice is keyed by its id: the radios of one set of records were once drawn
    from the memory of another's, so the form sent an id that no longer existed."""
    from django.contrib.auth import get_user_model

    User = get_user_model()

    class Pick(forms.Form):
        person = forms.ModelChoiceField(
            label="Raised with", queryset=User.objects.none(), widget=forms.RadioSelect
        )

    def drawn_for(user: object) -> str:
        form = Pick(initial={"person": user.pk})  # type: ignore[attr-defined]
        form.fields["person"].queryset = User.objects.filter(pk=user.pk)  # type: ignore[attr-defined]
        html = str(renderer(form["person"]))
        assert html == _fresh(form["person"])
        return html

    renderer.drawn.clear()
    first = User.objects.create(username="owen", first_name="Owen")
    html = drawn_for(first)
    assert f'value="{first.pk}"' in html
    first.delete()
    second = User.objects.create(username="owen", first_name="Owen")
    again = drawn_for(second)
    assert f'value="{second.pk}"' in again and f'value="{first.pk}"' not in again
