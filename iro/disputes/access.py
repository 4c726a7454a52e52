"""Access for dispute pages: the shared `requires` (which audits refusals) under the dispute's
object type, and `refuse` for record-level refusals such as a restricted child's dispute."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from iro.accounts.access import refusal_summary, requires
from iro.audit.services import audit_record

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def refuse(request: HttpRequest, action: str, object_type: str, object_id: Any = "") -> NoReturn:
    """Log the refused attempt, then raise 403."""
    audit_record(
        actor=request.user,
        action="denied",
        object_type=object_type,
        object_id=object_id,
        summary=refusal_summary(action),
        changes={"request": f"{request.method} {request.path}"[:300]},
    )
    raise PermissionDenied(action)


def requires_logged(*actions: str, object_type: str = "dispute") -> Callable[[View], View]:
    """`requires` for dispute pages: any one of the actions will do; refusals are audited."""
    return requires(*actions, object_type=object_type)
