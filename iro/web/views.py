from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from iro.accounts.access import allowed_roles_in_words, public, requires, user_can, whom_to_ask
from iro.core.council import council_settings
from iro.core.params import BadParameter


@requires("home.view")
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page their day starts with."""
    for action, url_name in (
        ("caseload.view_own", "children:my_children"),
        ("reviews.view_due", "children:reviews_due"),
        ("children.view", "children:list"),
        ("settings.manage", "web:settings"),
    ):
        if user_can(request.user, action):
            return HttpResponseRedirect(reverse(url_name))
    return render(request, "web/home.html", {})


@requires("settings.manage")
def settings_index(request: HttpRequest) -> HttpResponse:
    """The administrator's settings: each links to its page in the admin (audited there)."""
    row = council_settings()
    council = reverse("admin:core_councilsettings_change", args=[row.pk])
    groups = [
        {
            "heading": "People",
            "links": [
                {
                    "href": reverse("admin:accounts_user_changelist"),
                    "text": "Users and roles",
                    "hint": "Add staff, give them roles, switch off accounts of people who left",
                },
                {
                    "href": reverse("caseloads:staff"),
                    "text": "IRO staff",
                    "hint": "Each IRO's FTE and contract, for caseloads and the forecast",
                },
            ],
        },
        {
            "heading": "The council",
            "links": [
                {
                    "href": council,
                    "text": "Council settings",
                    "hint": "The council's name and website, the privacy notice and the "
                    "accessibility statement",
                },
                {
                    "href": reverse("admin:core_closureday_changelist"),
                    "text": "Closure days",
                    "hint": "Days the council is closed, or open on a bank holiday",
                },
            ],
        },
        {
            "heading": "Rules",
            "links": [
                {
                    "href": council + "#fieldset-0-2-heading",
                    "text": "Review timescales",
                    "hint": "Working days and months between reviews, letters and minutes",
                },
                {
                    "href": reverse("admin:disputes_disputestage_changelist"),
                    "text": "Dispute stages",
                    "hint": "The council's dispute ladder and each stage's working days",
                },
                {
                    "href": council + "#fieldset-0-3-heading",
                    "text": "Caseload band",
                    "hint": "The children per FTE an IRO should have (50 to 70 by default)",
                },
                {
                    "href": council + "#fieldset-0-5-heading",
                    "text": "Retention",
                    "hint": "How long records are kept after a child's birth (75 years)",
                },
            ],
        },
    ]
    return render(request, "web/settings.html", {"groups": groups})


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
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Only our own BadParameter messages are shown: other 400s may carry internal detail.
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


@public
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404.html", 404)


@public
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    action = getattr(exception, "action", None)
    return render(
        request,
        "403.html",
        {
            "allowed": allowed_roles_in_words(action) if action else "",
            "ask": whom_to_ask(getattr(request, "user", None)),
        },
        status=403,
    )


@public
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the database: the error may be the database itself. The reference lets
    # IT find the logged error (every log line of the request carries it).
    reference = getattr(request, "request_id", "")
    return render(request, "500.html", {"reference": reference}, status=500)
