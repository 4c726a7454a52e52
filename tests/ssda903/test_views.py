"""The upload journey through the Django test client: check, confirm, progress, history, report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iro.accounts.roles import Role
from iro.children.models import Child
from iro.ssda903.models import ImportFile, ImportRun
from iro.ssda903.services import import_run_cancel
from tests.ssda903.builders import REVIEWS, YEAR_2023

pytestmark = pytest.mark.django_db


def upload(name: str, rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(rows) + "\n").encode(), content_type="text/csv")


def good_files() -> list[SimpleUploadedFile]:
    return [upload(name, rows) for name, rows in YEAR_2023.items()]


def test_an_iro_cannot_import_or_see_imports(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.IRO)
    assert client.get(reverse("ssda903:upload")).status_code == 403
    assert client.get(reverse("ssda903:imports")).status_code == 403
    assert client.post(reverse("ssda903:upload"), {"year": "2023"}).status_code == 403


def test_choosing_no_file_shows_the_error_summary(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.IRO_MANAGER)

    response = client.post(reverse("ssda903:upload"), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Select one or more 903 CSV files" in html
    assert "Select the collection year" in html
    assert ImportRun.objects.count() == 0


@pytest.mark.parametrize("role", [Role.IRO_MANAGER, Role.BUSINESS_SUPPORT])
def test_upload_check_confirm_and_see_it_in_the_history(
    role: Role, client_for: Callable[..., Any]
) -> None:
    client = client_for(role)
    assert client.get(reverse("ssda903:upload")).status_code == 200

    response = client.post(reverse("ssda903:upload"), {"year": "2023", "csv_files": good_files()})

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ssda903:detail", args=[run.pk])
    assert run.status == ImportRun.Status.READY  # checked by the (immediate) task
    assert Child.objects.count() == 0  # nothing saved before confirming
    page = client.get(response["Location"]).content.decode()
    assert "Confirm and import" in page
    assert "Children created" in page

    client.post(reverse("ssda903:confirm", args=[run.pk]))

    run.refresh_from_db()
    assert run.status == ImportRun.Status.LOADED
    assert Child.objects.count() == 3
    assert not ImportFile.objects.filter(run=run).exists()  # the bytes are not kept
    history = client.get(reverse("ssda903:imports")).content.decode()
    assert reverse("ssda903:detail", args=[run.pk]) in history
    assert "Imported" in history


def test_a_file_with_errors_is_reported_and_can_be_downloaded(
    client_for: Callable[..., Any],
) -> None:
    client = client_for(Role.IRO_MANAGER)
    files = [*good_files()[:2], upload("reviews.csv", [REVIEWS, "1001,01/01/2012,31/02/2023,PN1"])]

    client.post(reverse("ssda903:upload"), {"year": "2023", "csv_files": files})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INVALID
    page = client.get(reverse("ssda903:detail", args=[run.pk])).content.decode()
    assert "Not imported: errors found" in page
    assert "Not a real date" in page
    assert "Confirm and import" not in page
    refused = client.post(reverse("ssda903:confirm", args=[run.pk]), follow=True)
    assert "Only a checked import without errors can be confirmed" in refused.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID
    assert Child.objects.count() == 0

    report = client.get(reverse("ssda903:report_csv", args=[run.pk]))
    body = b"".join(report.streaming_content).decode()
    assert report["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "severity,file,row,column,value,problem"
    assert 'error,reviews.csv,2,REVIEW,31/02/2023,"DfE rule 166: Not a real date' in body


def test_the_progress_page_refreshes_while_an_import_runs(
    client_for: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    client = client_for(Role.IRO_MANAGER)
    run = ImportRun.objects.create(
        status=ImportRun.Status.LOADING,
        stage="Reading 2023-24 episodes",
        rows_done=30,
        rows_total=120,
    )

    page = client.get(reverse("ssda903:detail", args=[run.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in page
    assert "25% done." in page
    assert "Reading 2023-24 episodes" in page
    assert 'width="25"' in page
    run.status = ImportRun.Status.LOADED
    run.save()
    assert "http-equiv" not in client.get(reverse("ssda903:detail", args=[run.pk])).content.decode()


def test_an_import_can_be_cancelled_before_confirming(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.IRO_MANAGER)
    client.post(reverse("ssda903:upload"), {"year": "2023", "csv_files": good_files()})
    run = ImportRun.objects.get()

    client.post(reverse("ssda903:cancel", args=[run.pk]))

    run.refresh_from_db()
    assert run.status == ImportRun.Status.CANCELLED
    assert not ImportFile.objects.filter(run=run).exists()
    assert Child.objects.count() == 0
    with pytest.raises(ValidationError, match="waiting for confirmation"):
        import_run_cancel(acting_user=None, run=run)


def test_the_history_page_makes_the_same_queries_for_3_and_30_imports(
    client_for: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    client = client_for(Role.IRO_MANAGER)
    user = make_user(Role.BUSINESS_SUPPORT)

    def count_queries(n: int) -> int:
        ImportRun.objects.all().delete()
        ImportRun.objects.bulk_create(
            [ImportRun(created_by=user, files=[{"name": "a.csv"}]) for _ in range(n)]
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("ssda903:imports")).status_code == 200
        return len(queries)

    count_queries(1)  # warm the per-user caches (permissions, council settings)
    assert count_queries(3) == count_queries(30)


def _menu(client: Any) -> str:
    """The service navigation of the home page (only the menu: the page itself may say more)."""
    body = client.get("/", follow=True).content.decode()
    start = body.index('class="govuk-service-navigation"')
    return body[start : body.index("</nav>", start)]


def test_data_imports_is_in_the_navigation_for_managers_only(
    client_for: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    link = f'href="{reverse("ssda903:imports")}"'
    # Data imports is a page of the Settings section: its sub-navigation lists it.
    for role in (Role.IRO_MANAGER, Role.BUSINESS_SUPPORT):
        page = client_for(role).get(reverse("ssda903:imports")).content.decode()
        assert link in page and "Data imports" in page
    auditor = client_for(make_user(Role.AUDITOR))
    assert "Data imports" not in _menu(auditor)
    assert link not in _menu(auditor)
    assert auditor.get(reverse("ssda903:imports")).status_code == 403


def test_gzip_uploads_are_read_back_from_the_database(client_for: Callable[..., Any]) -> None:
    import gzip

    client = client_for(Role.BUSINESS_SUPPORT)
    episodes = SimpleUploadedFile(
        "eps.csv.gz", gzip.compress(("\n".join(YEAR_2023["episodes.csv"]) + "\n").encode())
    )
    files = [upload("header.csv", YEAR_2023["header.csv"]), episodes]

    client.post(reverse("ssda903:upload"), {"year": "2023", "csv_files": files})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.READY, list(run.issues.values_list("problem", flat=True))
    assert {f["name"]: f.get("table") for f in run.files} == {
        "header.csv": "header",
        "eps.csv.gz": "episodes",
    }
