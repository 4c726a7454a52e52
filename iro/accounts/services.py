"""Roles, users and their permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import User
from .roles import ACTIONS, ROLE_LABELS, Role, permission_codename


@transaction.atomic
def roles_synchronise() -> None:
    """Make each role's group hold exactly the permissions the matrix gives it."""
    content_type = ContentType.objects.get_for_model(User)
    permissions: dict[str, Permission] = {}
    for action, (description, _roles) in ACTIONS.items():
        permission, _ = Permission.objects.update_or_create(
            content_type=content_type,
            codename=permission_codename(action),
            defaults={"name": description[:255]},
        )
        permissions[action] = permission
    stale = Permission.objects.filter(content_type=content_type, codename__contains="__").exclude(
        codename__in=[permission_codename(a) for a in ACTIONS]
    )
    stale.delete()
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(
            [permissions[action] for action, (_d, roles) in ACTIONS.items() if role in roles]
        )


def roles_synchronise_after_migrate(**kwargs: Any) -> None:
    roles_synchronise()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    first_name: str,
    last_name: str,
    roles: list[Role],
    email: str = "",
    job_title: str = "",
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        is_staff=Role.ADMINISTRATOR in roles,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user


def role_label(role: Role) -> str:
    return ROLE_LABELS[role]
