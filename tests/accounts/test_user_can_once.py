"""`user_can` reads a person's permissions once and answers every action from them, exactly as
the permission matrix says."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iro.accounts.access import user_can
from iro.accounts.models import User
from iro.accounts.roles import ACTIONS, Role

pytestmark = pytest.mark.django_db


def test_every_action_answered_from_one_read_as_the_matrix_says(make_user: Any) -> None:
    user = make_user(Role.IRO)
    with CaptureQueriesContext(connection) as captured:
        answers = {action: user_can(user, action) for action in ACTIONS}
        again = {action: user_can(user, action) for action in ACTIONS}
    # The user's own permissions and their roles' permissions: two queries, not one per action.
    assert len(captured.captured_queries) <= 2
    assert answers == again
    assert answers == {action: Role.IRO in roles for action, (_, roles) in ACTIONS.items()}


def test_a_superuser_may_do_everything_and_an_inactive_user_nothing(make_user: Any) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    assert all(user_can(admin, action) for action in ACTIONS)
    gone = make_user(Role.IRO_MANAGER)
    gone.is_active = False
    assert not any(user_can(gone, action) for action in ACTIONS)
    assert not user_can(make_user(Role.IRO_MANAGER), "no.such_action")
