"""One JSON line per request and per background task, with no child's name or other personal
data: the view's name and URL pattern are logged, never the path or the query string, and the
user by database id only."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty
from django_tasks.signals import task_finished
from pythonjsonlogger.json import JsonFormatter

from iro.audit.context import current_request_id

request_logger = logging.getLogger("iro.request")
task_logger = logging.getLogger("iro.task")


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record logged while it is handled (errors too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id.get() or None
        # django.request attaches the request object: never serialise it (it holds the path,
        # cookies and form data).
        if hasattr(record, "request"):
            del record.request
        return True


class ServiceJsonFormatter(JsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        user = _loaded_user(request)
        request_logger.info(
            "request",
            extra={
                "request_id": getattr(request, "request_id", None),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "view": match.view_name if match else None,
                "route": match.route if match else None,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def _loaded_user(request: HttpRequest) -> Any:
    """The user if the request already loaded them; never a query just for the log line."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:  # type: ignore[attr-defined]
        return None
    return user


def log_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    started, finished = task_result.started_at, task_result.finished_at
    duration = (finished - started).total_seconds() * 1000 if started and finished else None
    task_logger.info(
        "task",
        extra={
            "task_id": str(task_result.id),
            "task": task_result.task.module_path,
            "status": str(task_result.status),
            "duration_ms": round(duration, 1) if duration is not None else None,
            "worker_ids": list(task_result.worker_ids or []),
        },
    )


task_finished.connect(log_task_finished, dispatch_uid="iro.operations.logs.task_finished")
