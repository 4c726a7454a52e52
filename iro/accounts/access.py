"""Who may use each view: deny by default.

Every view is wrapped in `requires("action")` (an entry of `roles.ACTIONS`) or `public`.
`AccessMiddleware` refuses any view that declares neither, so a new view cannot be reached until
its access is decided.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import Resolver404, resolve

from iro.audit.services import audit_record

from .models import User
from .roles import (
    ACTIONS,
    ROLE_LABELS,
    Role,
    action_in_words,
    permission_codename,
    roles_for,
)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class SignedInRequest(HttpRequest):
    """The request a `requires` view receives: its user has signed in (a User, never anonymous),
    so the view can hand `request.user` to a service as the acting user."""

    user: User


PUBLIC = "public"


class ActionDenied(PermissionDenied):
    """Refused by the permission matrix: the user's roles do not have the view's action."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


REFUSED = "Refused: "


def refusal_summary(what: str) -> str:
    """The audit summary of a refusal: "Refused: raising a dispute" (the page adds who)."""
    return f"{REFUSED}{what}"[:300]


def user_can(user: Any, action: str) -> bool:
    if action not in ACTIONS or not user.is_authenticated or not user.is_active:
        return False
    # The permissions read once and kept on the user object, as Django's backends keep them:
    # a page asks eighty times about forty actions (its navigation, links and panels), and
    # each `has_perm` went through every authentication backend again. `get_all_permissions`
    # is the union `has_perm` tests (a superuser's holds every permission).
    held: frozenset[str] | None = user.__dict__.get("_iro_permissions")
    if held is None:
        held = frozenset(user.get_all_permissions())
        user.__dict__["_iro_permissions"] = held
    return f"accounts.{permission_codename(action)}" in held


def requires(*actions: str, object_type: str = "page") -> Callable[[View], View]:
    """Declare the action a view needs (or several, any one of which will do). Signed-out users
    go to sign in; anyone else without the action gets 403, and the attempt is written to the
    audit trail as "denied" (with `object_type` and the URL's pk), so tries are on the record."""
    if not actions:
        raise ValueError("requires() needs at least one action")
    for action in actions:
        if action not in ACTIONS:
            raise ValueError(f"{action!r} is not in the permission matrix (iro/accounts/roles.py)")

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not any(user_can(request.user, action) for action in actions):
                audit_record(
                    actor=request.user,
                    action="denied",
                    object_type=object_type,
                    object_id=kwargs.get("pk", ""),
                    # In words on the audit trail's page; the codes stay in its CSV.
                    summary=refusal_summary(" or ".join(action_in_words(a) for a in actions)),
                    changes={
                        "actions": list(actions),
                        "request": f"{request.method} {request.path}"[:300],
                    },
                )
                raise ActionDenied(actions[0])
            return view(request, *args, **kwargs)

        wrapped.iro_access = actions[0]  # type: ignore[attr-defined]
        wrapped.iro_access_any = actions  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def allowed_roles_in_words(action: str) -> str:
    """ "the IRO manager and Business support": who the role table lets use an action."""
    labels = [ROLE_LABELS[role] for role in Role if role in roles_for(action)]
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def whom_to_ask(user: Any) -> str:
    """Who gives access, by role — never the reader's own role: roles are given by the system
    administrator; an administrator asks the IRO service manager what someone needs."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in and user.groups.filter(name=Role.ADMINISTRATOR.value).exists():
        return "the IRO service manager"
    return "your system administrator"


def link_allowed(user: Any, path: str) -> bool:
    """Whether to show a link or button to `path`: the role table decides, from the action the
    page's view declares. Links to pages of no declared access are not shown."""
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    actions = getattr(match.func, "iro_access_any", None)
    if actions is None:
        return declared_access(match.func) == PUBLIC
    return any(user_can(user, action) for action in actions)


def public(view: View) -> View:
    """Declare a view open to anyone (sign-in page, one-time feedback links, health check)."""
    view.iro_access = PUBLIC  # type: ignore[attr-defined]
    return view


def declared_access(view: Callable[..., Any]) -> str | None:
    target = getattr(view, "view_class", None) or view
    return getattr(view, "iro_access", None) or getattr(target, "iro_access", None)


class RestrictedRecord(PermissionDenied):
    """A restricted child's record, asked for by someone not named on it."""

    def __init__(self, child: Any) -> None:
        super().__init__(f"Child {child.pk} is a restricted record")
        self.child = child


def child_visible_to(user: Any, child: Any) -> bool:
    """Whether this person may open this child's record: anyone with the action, unless the
    record is restricted — then only the people named on it (not even managers otherwise)."""
    if not child.restricted:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(child.restricted_to.filter(pk=user.pk).exists())


def user_id_of(user: Any) -> int | None:
    """The signed-in person's id, None for nobody: what the record checks compare."""
    return user.pk if getattr(user, "is_authenticated", False) else None


def _named_on(queryset: QuerySet[Any], user_id: int | None) -> Exists:
    through = queryset.model.restricted_to.through
    return Exists(through.objects.filter(child_id=OuterRef("pk"), user_id=user_id))


def visible_children(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Only the children this person may open (restricted records they are not named on go)."""
    return visible_to(queryset, user_id_of(user))


def visible_to(queryset: QuerySet[Any], user_id: int | None) -> QuerySet[Any]:
    """`visible_children` for a person known by id (a prepared query's value)."""
    return queryset.filter(Q(restricted=False) | _named_on(queryset, user_id))


def with_record_hidden(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Annotate `record_hidden`: list the child (its ID shows it exists) but not its content."""
    return record_hidden_for(queryset, user_id_of(user))


def record_hidden_for(queryset: QuerySet[Any], user_id: int | None) -> QuerySet[Any]:
    """`with_record_hidden` for a person known by id (a prepared query's value)."""
    return queryset.annotate(
        record_hidden=ExpressionWrapper(
            Q(restricted=True) & ~_named_on(queryset, user_id), output_field=BooleanField()
        )
    )


def restricted_response(request: HttpRequest, child: Any) -> HttpResponse:
    contacts = list(
        User.objects.filter(is_active=True, groups__name__in=sorted(roles_for("children.restrict")))
        .distinct()
        .order_by("first_name", "last_name")[:10]
    )
    return render(
        request,
        "accounts/restricted.html",
        {"la_child_id": child.la_child_id, "child_pk": child.pk, "contacts": contacts},
        status=403,
    )


class ObjectDenied(PermissionDenied):
    """Refused by a record-level check: the role may do this, but not to this record (a child
    held by another IRO, a dispute raised with someone else). `reason` is shown to the person;
    the middleware writes the refusal to the audit trail after the view's transaction has rolled
    back, so a refusal raised inside a service is recorded too."""

    def __init__(
        self,
        reason: str,
        *,
        object_type: str,
        object_id: Any = "",
        child_id: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.object_type = object_type
        self.object_id = object_id
        self.child_id = child_id


def object_denied_response(request: HttpRequest, refusal: ObjectDenied) -> HttpResponse:
    audit_record(
        actor=request.user,
        action="denied",
        object_type=refusal.object_type,
        object_id=refusal.object_id,
        child_id=refusal.child_id,
        summary=f"Refused: {refusal.reason} ({request.method} {request.path})"[:300],
    )
    return render(request, "accounts/object_denied.html", {"reason": refusal.reason}, status=403)


class AccessMiddleware:
    """Refuse views that have not declared who may use them (Django's admin guards itself)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if declared_access(view) is not None:
            return None
        module = getattr(view, "__module__", "") or ""
        if module.startswith(("django.contrib.admin", "django.views.static")):
            return None
        raise PermissionDenied("This page has not declared who may use it.")

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RestrictedRecord):
            return restricted_response(request, exception.child)
        if isinstance(exception, ObjectDenied):
            return object_denied_response(request, exception)
        return None
