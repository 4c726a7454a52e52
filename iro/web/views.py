from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from iro.accounts.access import public, requires, user_can
from iro.core.council import council_settings


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
def privacy_notice(request: HttpRequest) -> HttpResponse:
    # Public: a child, parent or carer given a feedback link may read it without signing in.
    text = council_settings().privacy_notice
    return render(request, "web/council_page.html", {"heading": "Privacy notice", "text": text})


@public
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    text = council_settings().accessibility_statement
    return render(
        request, "web/council_page.html", {"heading": "Accessibility statement", "text": text}
    )


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
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404.html", 404)


@public
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "403.html", 403)


@public
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the database: the error may be the database itself.
    return render(request, "500.html", {}, status=500)
