"""The API's documentation for signed-in staff: a GOV.UK page drawn from the OpenAPI document
(no third-party script, so it keeps the content security policy)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from iro.accounts.access import requires

from .api import api
from .models import SCOPES


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for route, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            rows.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "body": ref.rsplit("/", 1)[-1] if ref else "",
                    "tag": (operation.get("tags") or [""])[0],
                }
            )
    return rows


@requires("api.docs")
def docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    components = schema.get("components", {}).get("schemas", {})
    return render(
        request,
        "api/docs.html",
        {
            "schema": schema,
            "operations": _operations(schema),
            "components": components,
            "scopes": SCOPES,
            "rate": settings.API_RATE_LIMIT_PER_MINUTE,
        },
    )
