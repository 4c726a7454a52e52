"""The REST API for the council's case system, under /api/v1/, described by the OpenAPI 3.1
document django-ninja generates from these type hints (/api/v1/openapi.json).

Every call authenticates with a client's bearer token, is limited to the client's scopes,
addresses and rate, and is written to the audit trail with the client's name. Errors are
RFC 9457 problem details naming the field."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer

from iro.audit.models import AuditEntry
from iro.audit.services import audit_record
from iro.children.models import Child, Team
from iro.children.selectors import schedule_context, with_review_status
from iro.children.services import child_admit, period_of_care_start
from iro.disputes.models import Dispute
from iro.reviews.models import Review

from . import care_events, schemas
from .clients import client_for_token, rate_limited
from .models import ApiClient, ApiEvent

PAGE_SIZE = 100
PROBLEM = "application/problem+json"
ERRORS = {code: schemas.Problem for code in (400, 401, 403, 404, 409, 422, 429)}
EVENT = {201: schemas.EventAccepted, **ERRORS}


class ClientToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = client_for_token(token, request.META.get("REMOTE_ADDR", ""))
        if client is None:
            return None
        if rate_limited(client, settings.API_RATE_LIMIT_PER_MINUTE):
            raise HttpError(429, "Too many calls this minute: slow down and try again")
        return client


class ServiceApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Errors are documented as application/problem+json, as they are sent (RFC 9457)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        content[PROBLEM] = content.pop("application/json")
        return schema


api = ServiceApi(
    title="IRO Oversight API",
    version="1",
    description=(
        "For the council's case system: send care events the day they happen; read children, "
        "reviews, recommendations and disputes; pull everything changed since a cursor."
    ),
    urls_namespace="api",
    auth=ClientToken(),
    docs_url=None,
    openapi_url="/openapi.json",
)


def _problem(
    request: HttpRequest, status: int, title: str, detail: str = "", errors: Any = None
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM
    return response


@api.exception_handler(SchemaError)
def schema_error(request: HttpRequest, error: SchemaError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(p) for p in item.get("loc", [])[1:]) or "body",
            "message": item.get("msg", ""),
        }
        for item in error.errors
    ]
    return _problem(request, 422, "The request is not valid", "See errors for each field.", errors)


@api.exception_handler(ValidationError)
def service_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = [
        {"field": field, "message": message}
        for field, messages in getattr(error, "message_dict", {"body": error.messages}).items()
        for message in messages
    ]
    return _problem(
        request, 422, "The event could not be applied", "See errors for each field.", errors
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = _problem(
        request, 401, "Unauthorised", "Send a valid client token: Authorization: Bearer …"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    titles = {
        400: "Bad request",
        403: "Forbidden",
        404: "Not found",
        409: "Conflict",
        429: "Too many requests",
    }
    return _problem(request, error.status_code, titles.get(error.status_code, "Error"), str(error))


def _client(request: HttpRequest) -> ApiClient:
    client = request.auth  # type: ignore[attr-defined]
    assert isinstance(client, ApiClient)
    return client


def _need(request: HttpRequest, scope: str) -> ApiClient:
    client = _client(request)
    if scope not in client.scopes:
        _audit(client, "denied", f"refused {request.method} {request.path}: needs {scope}")
        raise HttpError(403, f"This client does not have the {scope} scope")
    return client


def _audit(client: ApiClient, action: str, what: str, child_id: int | None = None) -> None:
    audit_record(
        actor=None,
        action=action,
        object_type="api_client",
        object_id=client.pk,
        child_id=child_id,
        summary=f"API client {client.name}: {what}"[:300],
    )


def _children(client: ApiClient) -> QuerySet[Child]:
    children = Child.objects.select_related("iro", "current_period")
    if "restricted:read" not in client.scopes:
        children = children.filter(restricted=False)
    return children


def _child(client: ApiClient, child_id: str) -> Child:
    child = _children(client).filter(la_child_id=child_id).first()
    if child is None:
        raise HttpError(404, f"No child {child_id} is on the register")
    return child


def _child_out(child: Any) -> dict[str, Any]:
    period = child.current_period
    return {
        "child_id": child.la_child_id,
        "in_care": period is not None,
        "iro": {"id": child.iro.pk, "name": child.iro.name} if child.iro_id else None,
        "care_started": period.start_date if period else None,
        "iro_allocation_due": period.iro_allocation_due if period else None,
        "next_review_due": period.next_review_due if period else None,
        "review_status": getattr(child, "review_status", None)
        or ("ceased" if period is None else ""),
    }


def _with_status(queryset: QuerySet[Child]) -> QuerySet[Child]:
    return with_review_status(queryset, schedule_context(timezone.localdate()))


def _replay(client: ApiClient, event_id: str) -> ApiEvent | None:
    return ApiEvent.objects.filter(client=client, event_id=event_id).first()


def _apply(request: HttpRequest, kind: str, event_id: str, apply: Any) -> Any:
    """Apply a care event once: the same event id again returns the first answer unchanged."""
    client = _need(request, "care-events:write")
    earlier = _replay(client, event_id)
    if earlier is not None:
        if earlier.kind != kind:
            raise HttpError(409, f"Event {event_id} was already received as {earlier.kind}")
        return earlier.status_code, earlier.response
    try:
        with transaction.atomic():
            child = apply(client)
            child = _with_status(
                Child.objects.filter(pk=child.pk).select_related("iro", "current_period")
            ).get()
            body = {"event_id": event_id, "child": _child_out(child)}
            ApiEvent.objects.create(
                client=client, event_id=event_id, kind=kind, status_code=201, response=body
            )
            _audit(client, "create", f"{kind} {event_id} for child {child.la_child_id}", child.pk)
    except IntegrityError:
        earlier = _replay(client, event_id)  # the same event, sent twice at once
        if earlier is None:
            raise
        return earlier.status_code, earlier.response
    return 201, body


def _label(client: ApiClient) -> str:
    return f"API client {client.name}: "


@api.post(
    "/care-events/came-into-care",
    response=EVENT,
    tags=["care events"],
)
def came_into_care(request: HttpRequest, event: schemas.CameIntoCare) -> Any:
    """A child came into care (or came back into care: a child already on the register gets a
    new period of care, their details kept)."""

    def apply(client: ApiClient) -> Child:
        details = event.child
        care_events.codes_check(
            legal_status=event.legal_status,
            placement=event.placement,
            category_of_need=event.category_of_need,
            sex=details.sex,
            ethnicity=details.ethnicity,
        )
        worker = None
        team = (
            Team.objects.get_or_create(name=event.social_worker.team)[0]
            if event.social_worker and event.social_worker.team
            else None
        )
        existing = Child.objects.filter(la_child_id=details.child_id).first()
        if existing is not None:
            if existing.restricted and "restricted:read" not in client.scopes:
                raise HttpError(404, f"No child {details.child_id} is on the register")
            period_of_care_start(
                acting_user=None,
                child=existing,
                start_date=event.start_date,
                legal_status=event.legal_status,
                placement=event.placement,
                category_of_need=event.category_of_need,
                team=team,
            )
            child = existing
        else:
            child = child_admit(
                acting_user=None,
                la_child_id=details.child_id,
                first_name=details.first_name,
                last_name=details.last_name,
                date_of_birth=details.date_of_birth,
                sex=details.sex,
                ethnicity=details.ethnicity,
                start_date=event.start_date,
                legal_status=event.legal_status,
                placement=event.placement,
                category_of_need=event.category_of_need,
                team=team,
                social_worker=worker,
            )
        if event.social_worker:
            care_events.social_worker_change(
                acting_user=None,
                child=child,
                start_date=event.start_date,
                sw_id=event.social_worker.sw_id,
                name=event.social_worker.name,
                team_name=event.social_worker.team,
                actor_label=_label(client),
            )
        return child

    return _apply(request, "came_into_care", event.event_id, apply)


@api.post(
    "/care-events/episode-changed",
    response=EVENT,
    tags=["care events"],
)
def episode_changed(request: HttpRequest, event: schemas.EpisodeChanged) -> Any:
    """A placement move or a change of legal status (a new 903 episode)."""

    def apply(client: ApiClient) -> Child:
        child = _child(client, event.child_id)
        care_events.episode_change(
            acting_user=None,
            child=child,
            start_date=event.date,
            reason_new=event.reason_new,
            legal_status=event.legal_status,
            placement=event.placement,
            actor_label=_label(client),
        )
        return child

    return _apply(request, "episode_changed", event.event_id, apply)


@api.post(
    "/care-events/period-ended",
    response=EVENT,
    tags=["care events"],
)
def period_ended(request: HttpRequest, event: schemas.PeriodEnded) -> Any:
    """The child left care."""

    def apply(client: ApiClient) -> Child:
        child = _child(client, event.child_id)
        care_events.period_of_care_end(
            acting_user=None,
            child=child,
            end_date=event.date,
            reason_ceased=event.reason_ceased,
            actor_label=_label(client),
        )
        return child

    return _apply(request, "period_ended", event.event_id, apply)


@api.post(
    "/care-events/social-worker-changed",
    response=EVENT,
    tags=["care events"],
)
def social_worker_changed(request: HttpRequest, event: schemas.SocialWorkerChanged) -> Any:
    """A new social worker was allocated to the child."""

    def apply(client: ApiClient) -> Child:
        child = _child(client, event.child_id)
        care_events.social_worker_change(
            acting_user=None,
            child=child,
            start_date=event.date,
            sw_id=event.social_worker.sw_id,
            name=event.social_worker.name,
            team_name=event.social_worker.team,
            actor_label=_label(client),
        )
        return child

    return _apply(request, "social_worker_changed", event.event_id, apply)


@api.post(
    "/care-events/details-corrected",
    response=EVENT,
    tags=["care events"],
)
def details_corrected(request: HttpRequest, event: schemas.DetailsCorrected) -> Any:
    """The child's details were corrected in the case system."""

    def apply(client: ApiClient) -> Child:
        child = _child(client, event.child_id)
        changes = event.model_dump(exclude={"event_id", "child_id"}, exclude_none=True)
        if not changes:
            raise ValidationError({"body": "Give at least one detail to correct"})
        return care_events.child_details_correct(
            acting_user=None, child=child, actor_label=_label(client), **changes
        )

    return _apply(request, "details_corrected", event.event_id, apply)


def _page(queryset: QuerySet[Any], page: int) -> QuerySet[Any]:
    start = (max(page, 1) - 1) * PAGE_SIZE
    return queryset[start : start + PAGE_SIZE]


@api.get("/children", response={200: list[schemas.ChildOut], **ERRORS}, tags=["read"])
def children(
    request: HttpRequest, page: int = Query(1, ge=1, le=100_000), in_care: bool = True
) -> Any:
    """Children with their IRO, next review and its status, 100 a page."""
    client = _need(request, "children:read")
    queryset = _children(client)
    if in_care:
        queryset = queryset.filter(current_period__isnull=False)
    rows = [_child_out(c) for c in _page(_with_status(queryset).order_by("la_child_id"), page)]
    _audit(client, "view", f"read {len(rows)} children (page {page})")
    return rows


@api.get("/children/{child_id}", response={200: schemas.ChildOut, **ERRORS}, tags=["read"])
def child(request: HttpRequest, child_id: str) -> Any:
    client = _need(request, "children:read")
    found = _with_status(_children(client).filter(la_child_id=child_id)).first()
    if found is None:
        raise HttpError(404, f"No child {child_id} is on the register")
    _audit(client, "view", f"read child {child_id}", found.pk)
    return _child_out(found)


def _review_out(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "child_id": review.child.la_child_id,
        "held_on": review.held_on,
        "status": review.status,
        "number": review.number,
        "in_timescale": review.in_timescale,
        "participation_code": review.participation_code or "",
        "decisions": review.decisions,
        "recommendations": [
            {"action": r.action, "owner": r.owner_name, "due_date": r.due_date, "status": r.status}
            for r in review.recommendations.all()
        ],
    }


@api.get("/reviews", response={200: list[schemas.ReviewOut], **ERRORS}, tags=["read"])
def reviews(
    request: HttpRequest, child_id: str | None = None, page: int = Query(1, ge=1, le=100_000)
) -> Any:
    """Reviews, newest first: date, number, in timescale, participation, decisions and
    recommendations with their owner and due date."""
    client = _need(request, "reviews:read")
    queryset = (
        Review.objects.filter(child__in=_children(client))
        .select_related("child")
        .prefetch_related("recommendations")
    )
    if child_id:
        queryset = queryset.filter(child__la_child_id=child_id)
    rows = [_review_out(r) for r in _page(queryset.order_by("-held_on", "-id"), page)]
    _audit(client, "view", f"read {len(rows)} reviews (page {page})")
    return rows


@api.get("/reviews/{review_id}", response={200: schemas.ReviewOut, **ERRORS}, tags=["read"])
def review(request: HttpRequest, review_id: int) -> Any:
    client = _need(request, "reviews:read")
    found = (
        Review.objects.filter(pk=review_id, child__in=_children(client))
        .select_related("child")
        .prefetch_related("recommendations")
        .first()
    )
    if found is None:
        raise HttpError(404, f"No review {review_id}")
    _audit(client, "view", f"read review {review_id}", found.child_id)
    return _review_out(found)


def _dispute_out(dispute: Dispute) -> dict[str, Any]:
    return {
        "reference": getattr(dispute, "reference", "") or str(dispute.pk),
        "child_id": dispute.child.la_child_id if dispute.child else None,
        "category": dispute.category,
        "stage": dispute.current_stage.name,
        "status": dispute.status,
        "raised_on": dispute.raised_on,
        "response_due": dispute.response_due,
        "responded_on": dispute.responded_on,
        "formal_due": dispute.formal_due,
        "resolved_on": dispute.resolved_on,
    }


@api.get("/disputes", response={200: list[schemas.DisputeOut], **ERRORS}, tags=["read"])
def disputes(
    request: HttpRequest, status: str | None = None, page: int = Query(1, ge=1, le=100_000)
) -> Any:
    """Disputes: stage, deadlines and status (not what was said: that stays in the product)."""
    client = _need(request, "disputes:read")
    queryset = Dispute.objects.select_related("child", "current_stage")
    if "restricted:read" not in client.scopes:
        queryset = queryset.filter(Q(child__isnull=True) | Q(child__restricted=False))
    if status:
        queryset = queryset.filter(status=status)
    rows = [_dispute_out(d) for d in _page(queryset.order_by("-raised_on", "-id"), page)]
    _audit(client, "view", f"read {len(rows)} disputes (page {page})")
    return rows


CHANGE_KINDS = {
    "children:read": ("child", "period_of_care", "episode", "iro_allocation"),
    "reviews:read": ("review", "recommendation", "convening"),
    "disputes:read": ("dispute",),
}


@api.get("/changes", response={200: schemas.ChangesPage, **ERRORS}, tags=["read"])
def changes(
    request: HttpRequest,
    cursor: int = Query(0, ge=0, le=2**62),
    limit: int = Query(500, ge=1, le=1000),
) -> Any:
    """Everything changed since `cursor` (0 for the start), oldest first, from the audit trail:
    pull the records named and keep `next_cursor` for next time."""
    client = _client(request)
    kinds = [
        kind for scope, names in CHANGE_KINDS.items() if scope in client.scopes for kind in names
    ]
    if not kinds:
        raise HttpError(403, "This client has no read scope")
    entries = AuditEntry.objects.filter(
        pk__gt=cursor, object_type__in=kinds, action__in=["create", "update", "delete"]
    )
    if "restricted:read" not in client.scopes:
        restricted = Child.objects.filter(restricted=True).values("pk")
        entries = entries.exclude(child_id__in=restricted)
    page = list(entries.order_by("pk")[:limit])
    child_ids = dict(
        Child.objects.filter(pk__in={e.child_id for e in page if e.child_id}).values_list(
            "pk", "la_child_id"
        )
    )
    rows = [
        {
            "cursor": e.pk,
            "at": e.at,
            "kind": e.object_type,
            "action": e.action,
            "id": e.object_id,
            "child_id": child_ids.get(e.child_id) if e.child_id else None,
        }
        for e in page
    ]
    next_cursor = page[-1].pk if page else cursor
    _audit(client, "view", f"pulled {len(rows)} changes after {cursor}")
    return {"changes": rows, "next_cursor": next_cursor}
