"""Each question gets the Design System control its answer needs (issue 27, findings 1, 2, 5)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.utils import timezone

from iro.accounts.forms import ChildRestrictionForm
from iro.accounts.roles import Role
from iro.core.templating import field_params
from iro.reviews.models import Invitee, Review
from iro.reviews.services import convening_start, invitee_add

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    many = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_select_all_that_apply_renders_checkboxes_and_one_answer_radios() -> None:
    form = _Form()
    assert field_params(form["many"])["macro"] == "checkboxes"
    assert field_params(form["one"])["macro"] == "radios"


def test_restriction_names_several_people_with_checkboxes(
    client_for: Any, make_user: Any, make_child: Any
) -> None:
    child = make_child()
    manager = make_user(Role.IRO_MANAGER)
    iro = make_user(Role.IRO)
    assert field_params(ChildRestrictionForm()["users"])["macro"] == "checkboxes"
    page = client_for(manager).get(f"/children/{child.pk}/restriction").content.decode()
    assert f'type="checkbox" value="{manager.pk}"' in page
    assert 'type="radio"' not in page
    response = client_for(manager).post(
        f"/children/{child.pk}/restriction", {"restricted": "on", "users": [iro.pk, manager.pk]}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert set(child.restricted_to.all()) == {iro, manager}
    # The manager named themselves, so can still open the record.
    assert client_for(manager).get(f"/children/{child.pk}/").status_code == 200


def test_who_attended_is_checkboxes_nothing_ticked_and_saves_every_attendee(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    child = make_child(
        start_date=today - timedelta(days=20),
        date_of_birth=today.replace(year=today.year - 10),
        iro=iro,
    )
    convening = convening_start(acting_user=iro.user, child=child, proposed_date=today)
    carer = invitee_add(
        acting_user=iro.user,
        convening=convening,
        role=Invitee.Role.CARER,
        name="Pat Osborne",
        invited=True,
    )
    client = client_for(iro.user)
    page = client.get(f"/children/{child.pk}/record-review").content.decode()
    attended = re.findall(r'<input[^>]*name="attended"[^>]*>', page)
    assert len(attended) == convening.invitees.count() >= 2
    assert all('type="checkbox"' in tag for tag in attended)
    assert not any("checked" in tag for tag in attended)
    permanence = re.findall(r'<input[^>]*name="permanence_plan_agreed"[^>]*>', page)
    assert len(permanence) == 3 and not any("checked" in tag for tag in permanence)
    everyone = [str(i.pk) for i in convening.invitees.all()]
    response = client.post(
        f"/children/{child.pk}/record-review",
        {
            "held_on_day": str(today.day),
            "held_on_month": str(today.month),
            "held_on_year": str(today.year),
            "participation_code": "PN1",
            "attended": everyone,
            "permanence_plan_agreed": "yes",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Review.objects.get(child=child).status == "held"
    assert convening.invitees.filter(attended=True).count() == len(everyone)
    carer.refresh_from_db()
    assert carer.attended


def test_a_failed_sign_in_never_writes_the_password_back(client: Any, make_user: Any) -> None:
    make_user(Role.IRO, username="priya")
    page = client.post(
        "/sign-in", {"username": "priya", "password": "typed-secret-123"}
    ).content.decode()
    assert "Enter a correct username and password" in page
    assert "typed-secret-123" not in page
    assert 'value="priya"' in page
