"""Service navigation, grouped by the service's tasks: a top-level item per section the reader
may use (never more than 7 for any role: tested), and the section's pages as sub-navigation on
its pages. Exactly one item is current — the section holding the longest path that matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from iro.accounts.access import user_can


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str
    action: str


@dataclass(frozen=True)
class Section:
    label: str
    pages: tuple[Page, ...]
    # Other paths that belong to the section (a child's record belongs to Children).
    prefixes: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "My work",
        (
            Page("children:my_children", "My children", "caseload.view_own"),
            Page("reviews:my_reviews", "My reviews", "reviews.view_own"),
            Page("conferences:mine", "My conferences", "conferences.view_own"),
            Page("monitoring:my_drift", "My drift", "drift.view_own"),
            Page("disputes:follow_ups", "My follow-ups", "disputes.escalate"),
            Page("independence:pressure_list", "Pressure on independence", "independence.pressure"),
            Page("fostering:my_reviews", "My foster carer reviews", "fostering.view_own"),
            Page("orders:my_orders", "My supervision orders", "orders.view_own"),
            Page("reviews:my_recommendations", "My recommendations", "recommendations.view_own"),
            Page("disputes:raised_with_me", "Disputes raised with me", "disputes.raised_with_me"),
        ),
    ),
    Section(
        "Children",
        (Page("children:list", "Children in care", "children.view"),),
        ("/children/", "/oversight/", "/consultations/", "/advocacy/", "/independent-visitors/"),
    ),
    Section(
        "Reviews",
        (
            Page("children:reviews_due", "Reviews due", "reviews.view_due"),
            Page("reviews:convening_queue", "Convening", "reviews.convening_queue"),
            Page("conferences:due", "Child protection conferences", "conferences.view_due"),
            Page("fostering:households", "Foster carer reviews", "fostering.view_service"),
            Page("orders:orders", "Supervision orders", "orders.view_service"),
        ),
        (
            "/reviews/",
            "/recommendations/",
            "/feedback-requests/",
            "/conferences/",
            "/section-47/",
            "/protection-plans/",
            "/fostering/",
            "/supervision-orders/",
        ),
    ),
    Section(
        "Disputes",
        (
            Page("disputes:list", "All disputes", "disputes.list"),
            Page("disputes:meeting", "Dispute meeting", "disputes.manage_meeting"),
        ),
        ("/disputes/", "/dispute-meeting/"),
    ),
    Section(
        "Quality and voice",
        (
            Page("monitoring:service_drift", "Drift", "drift.view_service"),
            Page("monitoring:standards", "Oversight standards", "oversight.view"),
            Page("monitoring:dip_sample", "Dip sampling", "qa.dip_sample"),
            Page("monitoring:feedback", "Dip-sample feedback", "qa.view_feedback"),
            Page("voice:summary", "Voice and feedback", "voice.summary"),
            Page("voice:representations", "Compliments and complaints", "complaints.manage"),
        ),
        ("/quality/", "/voice/", "/complaints/", "/compliments/"),
    ),
    Section(
        "Service performance",
        (
            Page("reporting:scorecard", "Scorecard", "reporting.scorecard"),
            Page("reporting:annual_reports", "Annual report", "reporting.annual_report_view"),
            Page("independence:indicators", "Independence", "independence.indicators"),
            Page("caseloads:overview", "Caseloads", "caseloads.view"),
            Page("caseloads:forecast", "Forecast", "forecast.view"),
        ),
        ("/scorecard/", "/annual-report/", "/caseloads/", "/independence/"),
    ),
    Section(
        "Settings",
        (
            Page("web:settings", "Settings", "settings.manage"),
            Page("caseloads:staff", "IRO staff", "staff.manage"),
            Page("caseloads:weights", "Workload weights", "caseloads.weights"),
            Page("ssda903:imports", "Data imports", "ssda903.view_imports"),
            Page("cin:imports", "CIN census imports", "cin.import"),
            Page("audit:search", "Audit trail", "audit.search"),
            Page("children:iro_covers", "IRO cover", "children.cover"),
            Page("operations:retention", "Retention review", "retention.review"),
            Page("operations:status", "Service status", "operations.view_status"),
            Page(
                "notifications:failures",
                "Notifications not delivered",
                "notifications.view_failures",
            ),
        ),
        (
            "/caseloads/iros/",
            "/caseloads/weights",
            "/imports/",
            "/cin-imports/",
            "/audit/",
            "/iro-cover/",
            "/retention/",
            "/service-status",
        ),
    ),
)


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    active: bool = False


def _visible(user: Any) -> list[tuple[Section, list[Link]]]:
    sections = []
    for section in SECTIONS:
        links = []
        for page in section.pages:
            if not user_can(user, page.action):
                continue
            try:
                links.append(Link(reverse(page.url_name), page.label))
            except NoReverseMatch:
                continue
        if links:
            sections.append((section, links))
    return sections


def _current(path: str, sections: list[tuple[Section, list[Link]]]) -> tuple[int, str] | None:
    """(index of the current section, the matched path): the longest match wins."""
    best: tuple[int, str] | None = None
    for index, (section, links) in enumerate(sections):
        for candidate in [link.href for link in links] + list(section.prefixes):
            matches = path == candidate or path.startswith(candidate)
            if matches and (best is None or len(candidate) > len(best[1])):
                best = (index, candidate)
    return best


def navigation(request: HttpRequest) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """(top-level items for the GOV.UK service navigation, the current section's sub-navigation
    or None). A section links to the first of its pages its reader may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return [], None
    sections = _visible(user)
    current = _current(request.path, sections)
    items = [
        {
            "href": links[0].href,
            "text": section.label,
            # The section is current (aria-current="true"); a one-page section's page is the
            # current page itself (aria-current="page").
            "active": current is not None and current[0] == index,
            "current": current is not None
            and current[0] == index
            and len(links) == 1
            and request.path == links[0].href,
        }
        for index, (section, links) in enumerate(sections)
    ]
    sub = None
    if current is not None:
        section, links = sections[current[0]]
        if len(links) > 1:
            sub = {
                "label": section.label + " pages",
                "items": [
                    Link(link.href, link.text, active=link.href == current[1]) for link in links
                ],
            }
    return items, sub


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    return navigation(request)[0]
