"""Posting an edit form as a browser would: with the version the form was shown with."""

from __future__ import annotations

import re
from typing import Any


def version_from(client: Any, url: str) -> dict[str, str]:
    """The hidden edit_version of the form at `url` (iro.core.editlock)."""
    page = client.get(url).content.decode()
    match = re.search(r'name="edit_version" value="([^"]*)"', page) or re.search(
        r'value="([^"]*)" name="edit_version"', page
    )
    assert match, f"no edit_version on {url}"
    return {"edit_version": match.group(1)}
