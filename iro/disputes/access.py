"""Access for dispute pages: the shared `requires` (which audits refusals) under the dispute's
object type, and `refuse` for record-level refusals such as a restricted child's dispute."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from iro.accounts.access import ObjectDenied, refusal_summary, requires
from iro.accounts.roles import Role
from iro.audit.services import audit_record
from iro.children.access import holds_child
from iro.children.models import Team

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


# --- Who may move a dispute (issue 21 item 5, issue 18 item 1) ---------------------------------
# The matrix says which roles may respond, escalate or withdraw at all; these say which dispute.


def _uid(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return int(user.pk)


def _is_manager(user: Any) -> bool:
    return Role.IRO_MANAGER.value in (getattr(user, "role_names", None) or set())


def responder_managers(dispute: Any) -> set[int]:
    """The team managers over the named responder: of the responder's own team and of the team
    holding the child's case."""
    teams: list[Any] = []
    responder = dispute.responder
    social_worker = getattr(responder, "social_worker", None) if responder else None
    if social_worker is not None and social_worker.team_id:
        teams.append(social_worker.team_id)
    if dispute.child_id is not None and dispute.child.team_id:
        teams.append(dispute.child.team_id)
    return set(
        Team.objects.filter(pk__in=teams, manager__isnull=False).values_list(
            "manager_id", flat=True
        )
    )


def may_respond(user: Any, dispute: Any) -> bool:
    """The named responder, the person they delegated the response to, or their team manager."""
    uid = _uid(user)
    if uid is None:
        return False
    if uid in {dispute.responder_id, dispute.response_delegate_id}:
        return True
    return uid in responder_managers(dispute)


def may_delegate(user: Any, dispute: Any) -> bool:
    """The named responder or their team manager hands the response to someone else."""
    uid = _uid(user)
    return uid is not None and (uid == dispute.responder_id or uid in responder_managers(dispute))


def may_steer(user: Any, dispute: Any) -> bool:
    """Escalate, resolve, correct, note, record a meeting, refer: the IRO who raised it or who
    holds (or covers) the child, or an IRO manager."""
    uid = _uid(user)
    if uid is None:
        return False
    if _is_manager(user) or dispute.raised_by.user_id == uid:
        return True
    return dispute.child_id is not None and holds_child(user, dispute.child)


def may_withdraw(user: Any, dispute: Any) -> bool:
    """Only the IRO who raised it, or an IRO manager."""
    uid = _uid(user)
    return uid is not None and (_is_manager(user) or dispute.raised_by.user_id == uid)


RULES: dict[str, tuple[Callable[[Any, Any], bool], str]] = {
    "respond": (
        may_respond,
        "Only the person the dispute is raised with, their team manager or someone they "
        "delegated it to can respond to this dispute",
    ),
    "delegate": (
        may_delegate,
        "Only the person the dispute is raised with or their team manager can delegate the "
        "response",
    ),
    "steer": (
        may_steer,
        "Only the IRO who raised this dispute, the child's IRO (or an IRO covering them) or an "
        "IRO manager can change this dispute",
    ),
    "withdraw": (
        may_withdraw,
        "Only the IRO who raised this dispute or an IRO manager can withdraw it",
    ),
}


def require_dispute_move(user: Any, dispute: Any, move: str) -> None:
    """Raise `ObjectDenied` (403, audited) unless this person may make this move on this
    dispute. No user (a management command, the demo) is the system itself."""
    if user is None:
        return
    rule, reason = RULES[move]
    if not rule(user, dispute):
        raise ObjectDenied(
            reason, object_type="dispute", object_id=dispute.pk, child_id=dispute.child_id
        )
