"""Reading 903 files as streams: plain or gzip (detected from the bytes, not the name), UTF-8
with or without a byte-order mark, any line ending. Nothing here holds a whole file in memory: a
line longer than `MAX_LINE_BYTES` stops the read, so a huge file of garbage cannot exhaust memory.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

MAX_LINE_BYTES = 1_000_000
_BOM = b"\xef\xbb\xbf"
_YEAR = re.compile(r"(?<!\d)(20\d{2})[-_](\d{2})(?!\d)")


class Unreadable(Exception):
    """The file cannot be read as 903 CSV; the message says why in plain English."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Source:
    """One file to import: its name as the user knows it, how to open its bytes, and the
    collection year (start year: 2023 means 2023-24) when known from its folder or the user."""

    name: str
    open: Callable[[], BinaryIO]
    year: int | None = None
    sha256: str = ""
    size: int = 0


def year_label(year: int) -> str:
    """2023 -> '2023-24'."""
    return f"{year}-{(year + 1) % 100:02d}"


def year_from_text(text: str) -> int | None:
    """The collection year named like '2023-24' (or 2023_24) in a folder or file name."""
    for match in _YEAR.finditer(text):
        start, end = int(match.group(1)), int(match.group(2))
        if (start + 1) % 100 == end:
            return start
    return None


def year_from_path(path: Path) -> int | None:
    """The nearest folder (or the file name) that names a collection year."""
    for part in [path.name, *(p.name for p in path.parents)]:
        year = year_from_text(part)
        if year is not None:
            return year
    return None


def sha256_of(open_bytes: Callable[[], BinaryIO]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open_bytes() as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def path_sources(paths: list[Path], year: int | None = None) -> list[Source]:
    """Files and folders (searched recursively for .csv and .csv.gz) as sources, in a stable
    order. The year comes from `year` when given, else from the folder names."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(_SUFFIXES))
            )
        else:
            files.append(path)
    return [
        Source(
            name=str(file),
            open=_opener(file),
            year=year if year is not None else year_from_path(file),
        )
        for file in files
    ]


def _opener(path: Path) -> Callable[[], BinaryIO]:
    def open_file() -> BinaryIO:
        return path.open("rb")

    return open_file


_SUFFIXES = (".csv", ".csv.gz", ".CSV", ".CSV.GZ")


def text_lines(raw: BinaryIO) -> Iterator[str]:
    """Decode a byte stream line by line (gzip or plain, BOM stripped, strict UTF-8)."""
    buffered: Any = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[type-var]
    magic = buffered.peek(2)[:2]
    stream: Any = gzip.GzipFile(fileobj=buffered) if magic == b"\x1f\x8b" else buffered
    number = 0
    while True:
        try:
            line = stream.readline(MAX_LINE_BYTES)
        except (OSError, EOFError, zlib.error) as error:
            raise Unreadable(
                "The file is compressed (gzip) but cannot be unpacked: it may be damaged",
                number + 1,
            ) from error
        if not line:
            return
        number += 1
        if len(line) >= MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise Unreadable(
                f"Line {number:,} is longer than 1 MB, so this is not a 903 CSV file", number
            )
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Unreadable(
                f"Line {number:,} is not UTF-8 text (byte 0x{line[error.start]:02X}). "
                "Save the file as 'CSV UTF-8' and import it again",
                number,
            ) from error


def csv_rows(raw: BinaryIO) -> Iterator[list[str]]:
    """Rows of a CSV byte stream; a malformed file raises Unreadable with the line."""
    reader = csv.reader(text_lines(raw), strict=False)
    try:
        yield from reader
    except csv.Error as error:
        raise Unreadable(f"Line {reader.line_num:,} is not valid CSV ({error})") from error
