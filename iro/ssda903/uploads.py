"""Limits on 903 uploads, applied while the files arrive and before anything is checked.

- SSDA903_UPLOAD_MAX_FILE_BYTES and SSDA903_UPLOAD_MAX_TOTAL_BYTES: counted by an upload
  handler as the bytes are received, so an oversized upload is stopped part way, never stored.
- SSDA903_UPLOAD_MAX_UNPACKED_BYTES and SSDA903_UPLOAD_MAX_LINES: each file is unpacked (gzip)
  as a stream and refused as soon as it passes either, so a small gzip of a huge file (a "zip
  bomb") costs a moment, not minutes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

_READ = 1 << 20


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}MB"


class UploadLimitHandler(FileUploadHandler):
    """Counts bytes per file and in total while the request body is read; stops the upload
    (without reading the rest) as soon as a limit is passed, leaving the reason in `problem`."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.problem = ""
        self.total = 0
        self.file_bytes = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        # The declared length alone can settle it: no need to read any of the body.
        if content_length > settings.SSDA903_UPLOAD_MAX_TOTAL_BYTES + 1024 * 1024:
            self.problem = self._total_message()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file_bytes = 0
        if self.problem:
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.file_bytes += len(raw_data)
        self.total += len(raw_data)
        if self.file_bytes > settings.SSDA903_UPLOAD_MAX_FILE_BYTES:
            limit = megabytes(settings.SSDA903_UPLOAD_MAX_FILE_BYTES)
            self.problem = f"The selected file {self.file_name} must be smaller than {limit}"
        elif self.total > settings.SSDA903_UPLOAD_MAX_TOTAL_BYTES:
            self.problem = self._total_message()
        if self.problem:
            raise StopUpload(connection_reset=True)
        return raw_data  # the next handler (memory or temporary file) keeps the bytes

    def file_complete(self, file_size: int) -> None:
        return None

    @staticmethod
    def _total_message() -> str:
        limit = megabytes(settings.SSDA903_UPLOAD_MAX_TOTAL_BYTES)
        return f"The selected files must be smaller than {limit} in total"


def unpacked_problem(name: str, blocks: Iterable[bytes]) -> str:
    """Why a file would be too big once unpacked, or "" when it is within the limits. Reads
    the file as a stream and stops at the first limit passed."""
    max_bytes = settings.SSDA903_UPLOAD_MAX_UNPACKED_BYTES
    max_lines = settings.SSDA903_UPLOAD_MAX_LINES
    too_big = f"The selected file {name} must be smaller than {megabytes(max_bytes)} once unpacked"
    too_long = f"The selected file {name} must have fewer than {max_lines:,} lines"
    inflater: Any = None
    unpacked = lines = 0
    first = True
    for block in blocks:
        if first and block[:2] == b"\x1f\x8b":
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        first = False
        pending = block
        while pending:
            if inflater is None:
                data, pending = pending, b""
            else:
                try:
                    data = inflater.decompress(pending, _READ)
                except zlib.error:
                    return ""  # damaged: the check reports it with the row it stopped at
                pending = inflater.unconsumed_tail
            unpacked += len(data)
            lines += data.count(b"\n")
            if unpacked > max_bytes:
                return too_big
            if lines > max_lines:
                return too_long
    return ""
