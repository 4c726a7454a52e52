"""Access for dispute pages: like `iro.accounts.access.requires`, but a refusal is also written to
the audit trail, so an attempt by someone outside the IRO service to change a dispute is seen."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from iro.accounts.access import user_can
from iro.accounts.roles import ACTIONS
from iro.audit.services import audit_record

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def refuse(request: HttpRequest, action: str, object_type: str, object_id: Any = "") -> NoReturn:
    """Log the refused attempt, then raise 403."""
    audit_record(
        actor=request.user,
        action="denied",
        object_type=object_type,
        object_id=object_id,
        summary=f"Refused {action}: {request.method} {request.path}"[:300],
    )
    raise PermissionDenied(action)


def requires_logged(*actions: str, object_type: str = "dispute") -> Callable[[View], View]:
    """Declare the actions a view accepts (any one of them); refusals are audited as 'denied'."""
    for action in actions:
        if action not in ACTIONS:
            raise ValueError(f"{action!r} is not in the permission matrix (iro/accounts/roles.py)")

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not any(user_can(request.user, action) for action in actions):
                refuse(request, " or ".join(actions), object_type, kwargs.get("pk", ""))
            return view(request, *args, **kwargs)

        wrapped.iro_access = actions[0]  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate
