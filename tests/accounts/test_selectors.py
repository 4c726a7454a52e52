"""The IRO for a signed-in user: the one helper every "own work" page and service uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.accounts.selectors import own_reviewing_officer, reviewing_officer_for

pytestmark = pytest.mark.django_db


def test_an_iro_user_gets_their_own_record(make_iro: Callable[..., Any]) -> None:
    mine, _other = make_iro("Priya Shah"), make_iro("Tom Reid")
    assert reviewing_officer_for(mine.user) == mine
    assert own_reviewing_officer(mine.user) == mine


def test_a_manager_or_a_signed_out_visitor_has_none(make_user: Callable[..., User]) -> None:
    manager = make_user(Role.IRO_MANAGER)
    assert reviewing_officer_for(manager) is None
    assert reviewing_officer_for(AnonymousUser()) is None
    with pytest.raises(PermissionDenied):
        own_reviewing_officer(manager)
    with pytest.raises(PermissionDenied):
        own_reviewing_officer(AnonymousUser())
