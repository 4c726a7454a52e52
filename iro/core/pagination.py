"""A page of a list whose length is already known and whose rows one query reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


class CountedRows:
    """Rows for Django's paginator: the length from counts the page made anyway (the same rows,
    not counted again), and a page's rows from `fetch(offset, limit)`, one prepared query
    (`iro.core.prepared`)."""

    def __init__(self, fetch: Callable[[int, int], list[Any]], count: int) -> None:
        self.fetch, self.total = fetch, count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, rows: slice) -> list[Any]:
        start, stop = rows.start or 0, rows.stop
        return self.fetch(start, stop - start) if stop > start else []


def counted_page(
    fetch: Callable[[int, int], list[Any]], count: int, per_page: int, request: HttpRequest
) -> Page:
    """The page `?page=` asks for (the last one when past the end, as `get_page` does)."""
    paginator = Paginator(cast(Any, CountedRows(fetch, count)), per_page)
    return paginator.get_page(request.GET.get("page"))
