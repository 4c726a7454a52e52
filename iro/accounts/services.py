"""Roles, users and their permissions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from iro.audit.services import audit_record

from .access import ObjectDenied, child_visible_to
from .models import EnrolmentCode, User
from .roles import ACTIONS, ADMIN_PERMISSIONS, ROLE_LABELS, Role, permission_codename


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
            + _admin_permissions(role)
        )


def _admin_permissions(role: Role) -> list[Permission]:
    """The Django admin model permissions the role table gives a role (created here if their
    app has not been migrated far enough to make them yet)."""
    wanted = ADMIN_PERMISSIONS.get(role, {})
    found: list[Permission] = []
    for app_label, models in wanted.items():
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            continue
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
        for model, kinds in models.items():
            codenames = [f"{kind}_{model}" for kind in kinds]
            found.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
    return found


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
        validate_password(password, user)  # the same rules as every other way in
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user


def role_label(role: Role) -> str:
    return ROLE_LABELS[role]


def require_named_to_change_restriction(acting_user: User | None, child: Any) -> None:
    """A restricted record's restriction is lifted or changed only by someone named on it:
    otherwise anyone who may restrict records could open any restricted one."""
    if acting_user is None or not child.restricted:
        return
    if not child_visible_to(acting_user, child):
        raise ObjectDenied(
            "Only the people named on a restricted record can change who can open it or lift "
            "the restriction",
            object_type="child",
            object_id=child.pk,
            child_id=child.pk,
        )


@transaction.atomic
def child_restriction_set(
    *, acting_user: User | None, child: Any, restricted: bool, users: Iterable[User]
) -> None:
    """Restrict a child's record to named people (or lift the restriction), audited."""
    require_named_to_change_restriction(acting_user, child)
    chosen = sorted({u.pk: u for u in users}.values(), key=lambda u: u.username)
    if restricted and not chosen:
        raise ValidationError({"users": "Select at least one person who can open the record"})
    before_names = sorted(child.restricted_to.values_list("username", flat=True))
    before_restricted = child.restricted
    child.restricted = restricted
    child.full_clean(exclude=["restricted_to"])
    child.save(update_fields=["restricted"])
    child.restricted_to.set(chosen if restricted else [])
    after_names = [u.username for u in chosen] if restricted else []
    changes: dict[str, list[Any]] = {}
    if before_restricted != restricted:
        changes["restricted"] = [before_restricted, restricted]
    if before_names != after_names:
        changes["restricted_to"] = [before_names, after_names]
    audit_record(
        actor=acting_user,
        action="update",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=(
            f"Record restricted to {', '.join(after_names)}" if restricted else "Restriction lifted"
        )[:300],
        changes=changes,
    )


@transaction.atomic
def totp_device_start(*, acting_user: User) -> Any:
    """The unconfirmed authenticator-app device being set up (one at a time)."""
    device = TOTPDevice.objects.filter(user=acting_user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=acting_user, name="Authenticator app", confirmed=False
        )
    return device


@transaction.atomic
def totp_device_confirm(*, acting_user: User, device: Any, token: str) -> bool:
    """Confirm a new device with a code from it; it then replaces any earlier device."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=acting_user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=acting_user,
        action="update",
        object_type="user",
        object_id=acting_user.pk,
        summary="Two-factor sign-in set up with an authenticator app",
        changes={"two_factor": [None, "authenticator app"]},
    )
    return True


ENROLMENT_CODE_LIFETIME = timedelta(minutes=30)
ENROLMENT_CODE_ATTEMPTS = 5


def _enrolment_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def enrolment_code_issue(*, acting_user: User | None, user: User, issued_by: str) -> str:
    """A new one-time enrolment code for `user` (any earlier unused code stops working)."""
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    code = f"{secrets.randbelow(10**8):08d}"
    EnrolmentCode.objects.create(
        user=user,
        code_hash=_enrolment_hash(code),
        issued_by=issued_by,
        expires_at=timezone.now() + ENROLMENT_CODE_LIFETIME,
    )
    audit_record(
        actor=acting_user,
        action="update",
        object_type="user",
        object_id=user.pk,
        summary=f"Two-factor enrolment code issued ({issued_by})",
    )
    return code


def enrolment_code_send(*, user: User) -> bool:
    """E-mail a new enrolment code to the person's own address; False when they have none."""
    if not user.email:
        return False
    code = enrolment_code_issue(acting_user=user, user=user, issued_by="e-mail")
    send_mail(
        subject=f"{settings.OTP_TOTP_ISSUER}: your code to set up two-factor sign-in",
        message=(
            f"Your code to set up two-factor sign-in is {code}\n\n"
            f"It works once, for {int(ENROLMENT_CODE_LIFETIME.total_seconds() // 60)} minutes. "
            "If you did not try to sign in, tell the IRO service manager: "
            "someone may know your password."
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    return True


@transaction.atomic
def enrolment_code_check(*, user: User, code: str) -> bool:
    """Use up the person's current enrolment code if `code` matches it."""
    current = (
        EnrolmentCode.objects.select_for_update()
        .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if current is None or current.failed_attempts >= ENROLMENT_CODE_ATTEMPTS:
        return False
    if not hmac.compare_digest(current.code_hash, _enrolment_hash(code.strip())):
        current.failed_attempts += 1
        current.save(update_fields=["failed_attempts"])
        return False
    current.used_at = timezone.now()
    current.save(update_fields=["used_at"])
    return True


@transaction.atomic
def two_factor_reset(*, acting_user: User | None, user: User, issued_by: str) -> str:
    """An administrator's reset: the person's authenticator is removed and a one-time
    enrolment code returned for the administrator to pass on."""
    TOTPDevice.objects.filter(user=user).delete()
    return enrolment_code_issue(acting_user=acting_user, user=user, issued_by=issued_by)
