"""Wide tables scroll inside a labelled, keyboard-focusable region the server writes (one macro,
web/macros.html scroll_region), so it works without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from iro.accounts.roles import Role

ROOT = Path(__file__).resolve().parents[2] / "iro"
# Printed documents (PDF), not pages: nothing to scroll or focus.
DOCUMENTS = {"subject_access.html"}


def test_every_table_on_a_page_is_inside_the_scroll_region_macro() -> None:
    unwrapped = []
    for path in ROOT.rglob("jinja2/**/*.html"):
        if path.name in DOCUMENTS:
            continue
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            before = text[: match.start()].rstrip()
            if not re.search(r"\{% call scroll_region\([^\n]*\) %\}$", before):
                unwrapped.append(
                    f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start())}"
                )
    assert unwrapped == []


def test_no_script_adds_the_regions() -> None:
    script = (ROOT.parent / "assets" / "init.js").read_text()
    assert 'setAttribute("role"' not in script and "tabindex" not in script


@pytest.mark.django_db
def test_the_monthly_scorecard_table_is_a_named_focusable_region(client_for: Any) -> None:
    page = client_for(Role.IRO_MANAGER).get("/scorecard/monthly").content.decode()
    regions = re.findall(r'<div class="iro-table-scroll"[^>]*>', page)
    assert regions, "the wide table sits in a region in the server's own markup"
    for region in regions:
        assert 'role="region"' in region and 'tabindex="0"' in region
    assert 'aria-label="Measures by month"' in page
