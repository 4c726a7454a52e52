"""Real-browser tests: Playwright drives Debian's Chromium; axe-core checks every page visited."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's database calls are
# made from the test thread only between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(request: Any, django_db_setup: Any) -> Iterator[Any]:
    """pytest-django's live server, started only once the test database exists.

    Its request threads each open their own connection to the test database file (see
    config/settings/test.py), so a request never shares a connection with the test or with
    another request: the tests meet the database as production's threads do.
    """
    from pytest_django import live_server_helper

    addr = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = live_server_helper.LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # bypass_csp lets the test inject axe-core; the product pages themselves run under the CSP.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


WIDTHS = (320, 1280)  # a phone (WCAG 1.4.10 reflow) and a desktop


def assert_accessible(page: Any) -> None:
    """Run axe-core on the page at 320 px and 1,280 px wide, and check that at each the page
    itself does not scroll sideways (wide tables scroll inside their own region); fail with
    the violations listed. Leaves the page at 1,280 px."""
    page.add_script_tag(content=AXE.read_text())
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # The table regions are fitted on resize; run the handler before measuring.
        overflow = page.evaluate(
            "() => { window.dispatchEvent(new Event('resize'));"
            " return document.documentElement.scrollWidth - window.innerWidth; }"
        )
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {width} px"
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert violations == [], f"{page.url} at {width} px: {json.dumps(violations, indent=1)}"


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/sign-in")
    assert_accessible(page)
    field = page.get_by_label("Username")
    try:
        field.wait_for(timeout=15_000)
    except Exception as error:  # say which page came instead of the sign-in form
        heading = page.locator("h1").all_inner_texts()
        raise AssertionError(f"no sign-in form at {page.url}: {heading}") from error
    field.fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def switch_user(page: Any, username: str, password: str) -> None:
    """Sign out by clearing cookies, then sign in as someone else. The page must have finished
    loading first: a response still arriving after the cookies are cleared sets the previous
    person's session cookie again, and the sign-in page then sees them still signed in."""
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    sign_in(page, username, password)
    page.wait_for_load_state("networkidle")
