"""Importing 903 returns: check, then load all or nothing, and keep a record of every import."""

from __future__ import annotations

import hashlib
import io
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from iro.accounts.models import User
from iro.audit.services import audit_record
from iro.children.models import Child, Episode, PeriodOfCare
from iro.core import facts
from iro.reviews.models import Review

from .checking import CheckResult, Issue, Report, check_sources
from .loading import insert_rows, run_load
from .models import ImportFile, ImportFileChunk, ImportIssue, ImportRun
from .reading import Source, year_label
from .year_fit import year_problem

CHUNK_BYTES = 1 << 20
_IMPORT_LOCK_ID = 903_0001

ProgressHook = Callable[[str, int, int], None]


@dataclass
class ImportOutcome:
    """What an import found and did. `loaded` is False when errors stopped it (or dry run)."""

    report: Report
    files: list[dict[str, Any]]
    row_counts: dict[str, dict[str, int]]
    changes: dict[str, int] = field(default_factory=dict)
    loaded: bool = False
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return not self.report.errors


def _measure(source: Source) -> int:
    """Fill in the file's SHA-256 and size; return its line count (for the progress bar)."""
    digest = hashlib.sha256()
    size = lines = 0
    inflater: Any = None
    with source.open() as stream:
        for block in iter(lambda: stream.read(CHUNK_BYTES), b""):
            if size == 0 and block[:2] == b"\x1f\x8b":
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            digest.update(block)
            size += len(block)
            if inflater is not None:
                try:
                    lines += inflater.decompress(block, CHUNK_BYTES * 64).count(b"\n")
                except zlib.error:
                    inflater = None
            else:
                lines += block.count(b"\n")
    source.sha256, source.size = digest.hexdigest(), size
    return lines


class _Progress:
    """Counts rows as they are read and passes a throttled update to the hook."""

    def __init__(self, hook: ProgressHook | None, total: int) -> None:
        self.hook = hook
        self.total = total
        self.done = 0
        self.stage = ""
        self._last = 0.0

    def __call__(self, stage: str, rows: int) -> None:
        self.done += rows
        if stage:
            self.stage = stage
        now = time.monotonic()
        if self.hook is not None and (stage or now - self._last > 0.5):
            self._last = now
            self.hook(self.stage, self.done, self.total)


def ssda903_import(
    *,
    acting_user: User | None,
    sources: list[Source],
    dry_run: bool = False,
    run: ImportRun | None = None,
    progress: ProgressHook | None = None,
) -> ImportOutcome:
    """Check the files, then load them in one transaction: nothing is written when any error is
    found, re-importing the same files changes nothing, and a later year updates and extends an
    earlier one. With `dry_run` everything is checked and counted, then rolled back. One audit
    entry per import; the touched periods of care get their review timetable re-derived."""
    total = sum(_measure(source) for source in sources)
    tracker = _Progress(progress, total * 2)
    wrong_year = year_problem(sources)
    if wrong_year is not None:
        # One message naming the year the files seem to be, not a thousand row errors.
        checked = CheckResult(
            years={},
            report=Report(),
            files=[{"name": s.name, "sha256": s.sha256, "size": s.size} for s in sources],
        )
        checked.report.error("", None, "", "", wrong_year)
    else:
        checked = check_sources(sources, progress=tracker)
    row_counts = {
        year_label(year): dict(data.row_counts) for year, data in sorted(checked.years.items())
    }
    outcome = ImportOutcome(report=checked.report, files=checked.files, row_counts=row_counts)
    if checked.ok:
        tracker.done = max(tracker.done, total)
        tracker("Checking each child's history against what is already recorded", 0)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_ID])
            changes = run_load(
                checked.years, checked.report, acting_user=acting_user, progress=tracker
            )
            if changes is not None:
                outcome.changes = changes.as_dict()
                if dry_run:
                    # Due dates are derived, not checked: no need to work them out to roll back.
                    transaction.set_rollback(True)
                else:
                    tracker("Working out review due dates", 0)
                    _refresh_planner_statistics(changes.touched_periods)
                    facts.refresh(changes.touched_children)
                    outcome.loaded = True
                    audit_record(
                        actor=acting_user,
                        action="import",
                        object_type="ssda903_import",
                        object_id=run.pk if run else "",
                        summary=_summary(outcome),
                        changes={
                            "files": [[f["name"], f.get("sha256", "")] for f in outcome.files],
                            "rows": row_counts,
                            "changes": outcome.changes,
                        },
                    )
        tracker.done = tracker.total
        tracker("Finished", 0)
    if run is not None:
        import_run_record(run=run, outcome=outcome, dry_run=dry_run)
    return outcome


def _refresh_planner_statistics(touched: set[int]) -> None:
    """After a large load, PostgreSQL's statistics still describe the tables as they were (the
    rows are not committed yet, so autovacuum cannot see them) and it may plan the timetable's
    queries as if the tables were empty — minutes instead of seconds. ANALYZE inside the
    transaction counts its own new rows."""
    if connection.vendor != "postgresql" or len(touched) < 1000:
        return
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (Child, PeriodOfCare, Episode, Review)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")  # nosec B608  # model table names only


def _summary(outcome: ImportOutcome) -> str:
    years = ", ".join(outcome.row_counts) or "no year"
    rows = sum(sum(t.values()) for t in outcome.row_counts.values())
    return f"Imported 903 data for {years}: {rows:,} rows from {len(outcome.files)} files"


def import_run_record(*, run: ImportRun, outcome: ImportOutcome, dry_run: bool) -> ImportRun:
    """Store an import's outcome and report on its run."""
    if not outcome.ok:
        run.status = ImportRun.Status.INVALID
    elif dry_run:
        run.status = ImportRun.Status.READY
    else:
        run.status = ImportRun.Status.LOADED
    run.files = outcome.files
    run.row_counts = outcome.row_counts
    run.changes = outcome.changes
    run.error_count = len(outcome.report.errors)
    run.warning_count = outcome.report.warning_count
    run.message = outcome.report.stop_message() if outcome.report.stopped else ""
    run.stage = ""
    if run.status != ImportRun.Status.READY:
        run.finished_at = timezone.now()
    run.save()
    ImportIssue.objects.filter(run=run).delete()
    # executemany: thousands of warnings, written faster than bulk_create builds its SQL.
    insert_rows(ImportIssue, [_issue(run, issue) for issue in outcome.report.rows()])
    if run.status in {ImportRun.Status.INVALID, ImportRun.Status.LOADED}:
        ImportFile.objects.filter(run=run).delete()  # the bytes are not kept once finished
    return run


def _issue(run: ImportRun, issue: Issue) -> ImportIssue:
    return ImportIssue(
        run=run,
        severity=issue.severity,
        file=issue.file[:300],
        row=issue.row,
        column=issue.column[:40],
        value=issue.value[:100],
        problem=issue.problem[:400],
    )


# --- Uploads -----------------------------------------------------------------------------------


class _ChunkReader(io.RawIOBase):
    """An uploaded file read back from the database one chunk at a time."""

    def __init__(self, file_id: int) -> None:
        self._ids = list(
            ImportFileChunk.objects.filter(file_id=file_id)
            .order_by("seq")
            .values_list("pk", flat=True)
        )
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer and self._ids:
            data = ImportFileChunk.objects.filter(pk=self._ids.pop(0)).values_list(
                "data", flat=True
            )
            self._buffer = bytes(data[0])
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def upload_sources(run: ImportRun) -> list[Source]:
    """The files uploaded for a run, as sources any process can read."""
    return [
        Source(
            name=upload.name,
            open=(lambda pk=upload.pk: io.BufferedReader(_ChunkReader(pk), CHUNK_BYTES)),  # type: ignore[misc]
            year=run.year,
        )
        for upload in run.uploads.all()
    ]


@transaction.atomic
def import_run_start_upload(
    *, acting_user: User | None, files: Iterable[Any], year: int
) -> ImportRun:
    """Keep uploaded files (in the database, so any process can read them) for checking."""
    run = ImportRun.objects.create(
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        origin=ImportRun.Origin.UPLOAD,
        status=ImportRun.Status.CHECKING,
        year=year,
        stage="Waiting to check the files",
    )
    entries = []
    for uploaded in files:
        digest = hashlib.sha256()
        upload = ImportFile.objects.create(run=run, name=uploaded.name[:255], sha256="")
        size = 0
        for seq, block in enumerate(_blocks(uploaded)):
            digest.update(block)
            size += len(block)
            ImportFileChunk.objects.create(file=upload, seq=seq, data=block)
        upload.sha256, upload.size = digest.hexdigest(), size
        upload.save(update_fields=["sha256", "size"])
        entries.append({"name": upload.name, "sha256": upload.sha256, "size": size})
    run.files = entries
    run.save(update_fields=["files"])
    audit_record(
        actor=acting_user,
        action="import",
        object_type="ssda903_import",
        object_id=run.pk,
        summary=f"903 files uploaded for checking ({len(entries)} file(s))"[:300],
        changes={"files": [[e["name"], e["sha256"], e["size"]] for e in entries]},
    )
    return run


def _blocks(uploaded: Any) -> Iterable[bytes]:
    if hasattr(uploaded, "chunks"):
        yield from uploaded.chunks(CHUNK_BYTES)
        return
    stream: BinaryIO = uploaded
    yield from iter(lambda: stream.read(CHUNK_BYTES), b"")


class CheckTimeLimitExceeded(Exception):
    """The check of an upload ran past SSDA903_CHECK_TIME_LIMIT_SECONDS."""


def run_progress_hook(run: ImportRun, deadline: float | None = None) -> ProgressHook:
    """Save progress on the run, where the progress page reads it (outside transactions only:
    inside the import's transaction other processes could not see it anyway). Past `deadline`
    (time.monotonic()) the work is stopped."""

    def hook(stage: str, done: int, total: int) -> None:
        if deadline is not None and time.monotonic() >= deadline:
            raise CheckTimeLimitExceeded
        if connection.in_atomic_block:
            return
        ImportRun.objects.filter(pk=run.pk).update(
            stage=stage[:200], rows_done=done, rows_total=total
        )

    return hook


def import_run_check(*, run_id: int) -> ImportRun:
    """Check an uploaded run's files without writing (the validation step)."""
    run = ImportRun.objects.get(pk=run_id)
    limit = settings.SSDA903_CHECK_TIME_LIMIT_SECONDS
    try:
        ssda903_import(
            acting_user=run.created_by,
            sources=upload_sources(run),
            dry_run=True,
            run=run,
            progress=run_progress_hook(run, deadline=time.monotonic() + limit),
        )
    except CheckTimeLimitExceeded:
        minutes = max(1, round(limit / 60))
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED,
            finished_at=timezone.now(),
            stage="Stopped",
            message=(
                f"The check was stopped after {minutes} minute{'s' if minutes != 1 else ''}: "
                "the files are too large to check here. Nothing was imported. Import them "
                "with the import_903 command, or split them into smaller files"
            ),
        )
        run.refresh_from_db()
    return run


def import_run_confirm(*, acting_user: User | None, run: ImportRun) -> ImportRun:
    """Queue a checked upload for loading."""
    if run.status != ImportRun.Status.READY:
        raise ValidationError("Only a checked import without errors can be confirmed")
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.READY).update(
        status=ImportRun.Status.QUEUED, stage="Waiting to import", rows_done=0
    )
    if not updated:
        raise ValidationError("This import has already been confirmed")
    run.refresh_from_db()
    return run


def import_run_load(*, run_id: int) -> ImportRun:
    """Load a confirmed upload (re-checking it first: the database may have changed)."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportRun.Status.QUEUED:
        return run
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.LOADING)
    run.status = ImportRun.Status.LOADING
    try:
        ssda903_import(
            acting_user=run.created_by,
            sources=upload_sources(run),
            run=run,
            progress=run_progress_hook(run),
        )
    except Exception as error:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED,
            finished_at=timezone.now(),
            message=f"The import failed and nothing was saved ({type(error).__name__})",
        )
        raise
    run.refresh_from_db()
    return run


def import_run_cancel(*, acting_user: User | None, run: ImportRun) -> None:
    if run.status not in {ImportRun.Status.READY, ImportRun.Status.INVALID}:
        raise ValidationError("Only an import waiting for confirmation can be cancelled")
    run.status = ImportRun.Status.CANCELLED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    ImportFile.objects.filter(run=run).delete()
