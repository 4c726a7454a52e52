"""Every page as every demo role, following every link: no page shows a link (or a form's
button) its reader may not use, so nobody is answered 403 by a link the service gave them."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from iro.accounts.access import link_allowed
from iro.accounts.models import User
from iro.seeding.demo import DemoContext

pytestmark = pytest.mark.django_db
ROLES = ["iro", "manager", "head", "socialworker", "teammanager", "support", "auditor", "admin"]
PER_ROUTE = 2  # distinct addresses visited per URL pattern
SKIP = ("/static/", "/admin/", "/sign-out", "/feedback/")
DOWNLOADS = (".csv", ".xlsx", ".pdf", ".docx", ".zip", "export", "download")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "form" and (values.get("method") or "get").lower() == "post":
            self.forms.append(values.get("action") or "")


def route_of(path: str) -> str | None:
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return None
    return match.route


def crawl(username: str) -> tuple[list[str], list[str], int]:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    queue: deque[tuple[str, str]] = deque([("/", "start")])
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    problems: list[str] = []
    refused_forms: list[str] = []
    visited = 0
    while queue:
        path, found_on = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        route = route_of(path)
        if route is None:
            problems.append(f"{path} (linked from {found_on}) does not exist")
            continue
        if per_route.get(route, 0) >= PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(path, follow=True)
        visited += 1
        if response.status_code != 200:
            problems.append(f"{path} (linked from {found_on}): {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.redirect_chain[-1][0] if response.redirect_chain else path
        parser = Links()
        parser.feed(response.content.decode())
        for action in parser.forms:
            target = action or page
            if target.startswith("/") and not link_allowed(user, target):
                refused_forms.append(f"{page}: a form posts to {target}")
        for href in parser.links:
            if not href.startswith("/") or href.startswith(SKIP):
                continue
            href = href.split("#", 1)[0]
            if any(marker in href for marker in DOWNLOADS):
                if not link_allowed(user, href):
                    problems.append(f"{page} links to a download it may not use: {href}")
                continue
            if href.startswith("?"):
                href = page.split("?", 1)[0] + href
            queue.append((href, page))
    return problems, refused_forms, visited


@pytest.mark.parametrize("username", ROLES)
def test_every_link_every_role_follows_opens(demo_service: DemoContext, username: str) -> None:
    problems, refused_forms, visited = crawl(username)
    assert visited >= 3
    assert not problems, "\n".join(problems)
    assert not refused_forms, "\n".join(refused_forms)
