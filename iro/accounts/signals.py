"""Sign-in, failed sign-in and sign-out go into the audit trail (receivers only record)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from iro.audit.services import audit_record, failed_sign_in_count

from .middleware import stamp_sign_in
from .models import User


def record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_sign_in(request.session)
    backend = getattr(user, "backend", "") or ""
    how = "single sign-on" if "oidc" in backend.lower() else "password"
    audit_record(
        actor=user,
        action="sign_in",
        object_type="user",
        object_id=user.pk,
        summary=f"Signed in with {how}",
    )


def record_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(
        actor=user, action="sign_out", object_type="user", object_id=user.pk, summary="Signed out"
    )


def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    if not User.objects.filter(username=username).exists():
        # No such account: counted, not each written (anyone can type any username).
        failed_sign_in_count(username=username, address=_address(request))
        return
    audit_record(
        actor=username or "unknown",
        action="sign_fail",
        object_type="user",
        summary="Sign-in refused: account locked after too many failed attempts"
        if locked
        else "Sign-in failed: wrong username or password",
    )


def _address(request: Any) -> str:
    address = getattr(request, "axes_ip_address", None) or (
        request.META.get("REMOTE_ADDR", "") if request is not None else ""
    )
    return str(address or "")[:45]


def connect() -> None:
    user_logged_in.connect(record_sign_in, dispatch_uid="iro_audit_sign_in")
    user_logged_out.connect(record_sign_out, dispatch_uid="iro_audit_sign_out")
    user_login_failed.connect(record_failed_sign_in, dispatch_uid="iro_audit_sign_in_failed")
