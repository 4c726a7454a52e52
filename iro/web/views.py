from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from iro.accounts.access import public, requires, user_can
from iro.core.params import BadParameter


@requires("home.view")
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page their day starts with."""
    for action, url_name in (
        ("caseload.view_own", "children:my_children"),
        ("reviews.view_due", "children:reviews_due"),
        ("children.view", "children:list"),
    ):
        if user_can(request.user, action):
            return HttpResponseRedirect(reverse(url_name))
    return render(request, "web/home.html", {})


@requires("home.view")
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: the base template with nothing in it. It still costs what every
    page costs — the session, the user and their roles, the council's name, the navigation —
    so `make bench` compares each page with this page rather than with nothing."""
    return render(request, "web/base.html", {})


@public
def favicon(request: HttpRequest) -> HttpResponse:
    # No crown: the council's service has no icon of its own yet.
    return HttpResponse(status=204)


@public
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, {}, status=status)


@public
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Only our own BadParameter messages are shown: other 400s may carry internal detail.
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


@public
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404.html", 404)


@public
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "403.html", 403)


@public
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the database: the error may be the database itself. The reference lets
    # IT find the logged error (every log line of the request carries it).
    reference = getattr(request, "request_id", "")
    return render(request, "500.html", {"reference": reference}, status=500)
