"""903 uploads: size limits while receiving, in total, once unpacked, in lines; a time limit
on the check. Each refusal says which limit and stores nothing."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.test import override_settings
from django.urls import reverse

from iro.accounts.roles import Role
from iro.ssda903.models import ImportFile, ImportRun
from iro.ssda903.uploads import UploadLimitHandler, unpacked_problem
from tests.ssda903.builders import YEAR_2023

pytestmark = pytest.mark.django_db


def _gzip_of_blank_lines(gib: float = 1.0) -> bytes:
    """About 4.5MB: a gzip of `gib` GiB of newlines, built a block at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\n" * (1 << 24)
    parts = [packer.compress(block) for _ in range(int(gib * 64))]
    parts.append(packer.flush())
    return b"".join(parts)


def _post(client: Any, *files: SimpleUploadedFile) -> Any:
    return client.post(reverse("ssda903:upload"), {"year": "2023", "csv_files": list(files)})


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_small_gzip_of_a_gibibyte_of_blank_lines_is_refused_before_any_check(
    client_for: Callable[..., Any],
) -> None:
    bomb = _gzip_of_blank_lines()
    assert len(bomb) < 5 * 1024 * 1024
    response = _post(client_for(Role.IRO_MANAGER), _file("episodes.csv.gz", bomb))
    assert response.status_code == 200
    assert "The selected file episodes.csv.gz must have fewer than 2,000,000 lines" in (
        response.content.decode()
    )
    assert not ImportRun.objects.exists() and not ImportFile.objects.exists()


@override_settings(SSDA903_UPLOAD_MAX_UNPACKED_BYTES=10_000)
def test_a_file_too_big_once_unpacked_is_refused(client_for: Callable[..., Any]) -> None:
    packed = gzip.compress(b"x" * 50_000)
    response = _post(client_for(Role.IRO_MANAGER), _file("header.csv.gz", packed))
    assert "must be smaller than 0.00953674MB once unpacked" in response.content.decode()
    assert not ImportRun.objects.exists()


@override_settings(SSDA903_UPLOAD_MAX_FILE_BYTES=4096, SSDA903_UPLOAD_MAX_TOTAL_BYTES=1 << 20)
def test_an_oversized_file_is_stopped_while_it_arrives(client_for: Callable[..., Any]) -> None:
    response = _post(client_for(Role.IRO_MANAGER), _file("episodes.csv", b"a,b\n" * 5000))
    assert response.status_code == 413
    assert "The selected file episodes.csv must be smaller than 0.00390625MB" in (
        response.content.decode()
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not ImportRun.objects.exists()


@override_settings(SSDA903_UPLOAD_MAX_FILE_BYTES=3000, SSDA903_UPLOAD_MAX_TOTAL_BYTES=5000)
def test_the_files_together_have_a_size_cap(client_for: Callable[..., Any]) -> None:
    files = [_file(f"part{n}.csv", b"a,b\n" * 700) for n in range(3)]
    response = _post(client_for(Role.IRO_MANAGER), *files)
    assert response.status_code == 413
    assert "The selected files must be smaller than" in response.content.decode()
    assert "in total" in response.content.decode()
    assert not ImportRun.objects.exists()


@override_settings(SSDA903_UPLOAD_MAX_FILE_BYTES=100, SSDA903_UPLOAD_MAX_TOTAL_BYTES=1000)
def test_the_handler_stops_reading_at_the_limit_without_reading_the_rest() -> None:
    handler = UploadLimitHandler()
    handler.new_file("file", "big.csv", "text/csv", 0)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(b"x" * 60, 60)
    assert stopped.value.connection_reset
    assert "big.csv must be smaller than" in handler.problem
    # A body declared larger than the total cap is refused before any of it is read.
    declared = UploadLimitHandler()
    declared.handle_raw_input(None, {}, 10 << 20, b"--")
    with pytest.raises(StopUpload):
        declared.new_file("file", "a.csv", "text/csv", 0)


@override_settings(SSDA903_UPLOAD_MAX_LINES=3)
def test_line_limit_counts_plain_files_too() -> None:
    assert unpacked_problem("a.csv", [b"1\n2\n", b"3\n"]) == ""
    assert "fewer than 3 lines" in unpacked_problem("a.csv", [b"1\n2\n", b"3\n4\n"])


@override_settings(SSDA903_CHECK_TIME_LIMIT_SECONDS=0)
def test_a_check_that_runs_past_its_time_limit_is_stopped_with_a_message(
    client_for: Callable[..., Any],
) -> None:
    files = [_file(name, ("\n".join(rows) + "\n").encode()) for name, rows in YEAR_2023.items()]
    client = client_for(Role.IRO_MANAGER)
    response = _post(client, *files)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert run.status == ImportRun.Status.FAILED
    assert "The check was stopped after 1 minute" in run.message
    assert "Nothing was imported" in client.get(response["Location"]).content.decode()
