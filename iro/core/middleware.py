"""Request-scoped reads of the council's settings (`iro.core.council.request_memo`)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .council import request_memo


class CouncilMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with request_memo():
            return self.get_response(request)
