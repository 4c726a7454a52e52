"""A 903 upload for the wrong collection year is refused with one message naming the year it
seems to be; an older year after a newer one says what it will and will not change before it is
confirmed (issue 27, finding 10)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iro.accounts.roles import Role
from iro.children.models import Child
from iro.ssda903.models import ImportIssue, ImportRun
from tests.ssda903.builders import YEAR_2023, YEAR_2024

pytestmark = pytest.mark.django_db


def _files(year: dict[str, list[str]]) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(name, ("\n".join(rows) + "\n").encode(), content_type="text/csv")
        for name, rows in year.items()
    ]


@pytest.mark.parametrize(
    ("files", "chosen", "seems"),
    [(YEAR_2024, "2023", "2024-25"), (YEAR_2023, "2024", "2023-24")],
)
def test_files_for_another_year_get_one_message_naming_it(
    client_for: Callable[..., Any], files: dict[str, list[str]], chosen: str, seems: str
) -> None:
    client = client_for(Role.IRO_MANAGER)
    client.post(reverse("ssda903:upload"), {"year": chosen, "csv_files": _files(files)})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INVALID
    errors = list(ImportIssue.objects.filter(run=run, severity="error"))
    assert len(errors) == 1
    assert errors[0].problem.startswith(f"These files look like the {seems} return, not ")
    page = client.get(reverse("ssda903:detail", args=[run.pk])).content.decode()
    assert f"These files look like the {seems} return" in page
    assert "is not a code for" not in page
    assert Child.objects.count() == 0


def test_files_for_the_chosen_year_are_checked_as_before(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.IRO_MANAGER)
    client.post(reverse("ssda903:upload"), {"year": "2023", "csv_files": _files(YEAR_2023)})
    assert ImportRun.objects.get().status == ImportRun.Status.READY


def test_an_older_year_after_a_newer_one_says_what_it_will_and_will_not_change(
    client_for: Callable[..., Any],
) -> None:
    client = client_for(Role.IRO_MANAGER)
    client.post(reverse("ssda903:upload"), {"year": "2024", "csv_files": _files(YEAR_2024)})
    newer = ImportRun.objects.get()
    client.post(reverse("ssda903:confirm", args=[newer.pk]))
    newer.refresh_from_db()
    assert newer.status == ImportRun.Status.LOADED

    client.post(reverse("ssda903:upload"), {"year": "2023", "csv_files": _files(YEAR_2023)})
    older = ImportRun.objects.exclude(pk=newer.pk).get()
    assert older.status == ImportRun.Status.READY
    page = client.get(reverse("ssda903:detail", args=[older.pk])).content.decode()
    assert "2023-24 is older than a year already imported (2024-25)" in page
    assert "It will not change what 2024-25 recorded" in page
    assert page.index("older-year") < page.index("Confirm and import")
    assert older.status == ImportRun.Status.READY  # nothing happens before confirming
