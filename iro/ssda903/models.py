"""A record of every 903 import: who, when, which files (with SHA-256), what each held, the
outcome and the data-quality report. Uploaded files are kept in the database in 1 MB chunks
so any process (web or task worker) can read them, and are deleted once the import finishes."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Checking"
        INVALID = "invalid", "Not imported: errors found"
        READY = "ready", "Checked: ready to import"
        QUEUED = "queued", "Waiting to import"
        LOADING = "loading", "Importing"
        LOADED = "loaded", "Imported"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Origin(models.TextChoices):
        UPLOAD = "upload", "Uploaded on the website"
        COMMAND = "command", "import_903 command"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.COMMAND)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Collection year chosen on upload (2023 = 2023-24)"
    )
    # [{"name", "sha256", "size", "table", "year", "rows"}]
    files = models.JSONField(default=list)
    # {"2023-24": {"episodes": 1705, ...}}
    row_counts = models.JSONField(default=dict)
    # What the import changed (or would change): {"children_created": 3, ...}
    changes = models.JSONField(default=dict)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    # Progress, for the progress page.
    stage = models.CharField(max_length=200, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"903 import {self.pk} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.QUEUED, self.Status.LOADING}

    @property
    def percent(self) -> int:
        if self.status == self.Status.LOADED:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))

    @property
    def file_names(self) -> str:
        return ", ".join(f["name"] for f in self.files)


class ImportIssue(models.Model):
    """One line of an import's report: an error (blocks the import) or a warning."""

    class Severity(models.TextChoices):
        ERROR = "error", "Error"
        WARNING = "warning", "Warning"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    severity = models.CharField(max_length=7, choices=Severity.choices)
    file = models.CharField(max_length=300, blank=True)
    row = models.PositiveIntegerField(null=True, blank=True)
    column = models.CharField(max_length=40, blank=True)
    value = models.CharField(max_length=100, blank=True)
    problem = models.CharField(max_length=400)

    class Meta:
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return f"{self.severity}: {self.problem}"


class ImportFile(models.Model):
    """An uploaded file waiting to be checked or imported."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return self.name


class ImportFileChunk(models.Model):
    file = models.ForeignKey(ImportFile, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["file", "seq"]
        constraints = [models.UniqueConstraint(fields=["file", "seq"], name="one_chunk_per_seq")]

    def __str__(self) -> str:
        return f"{self.file_id} part {self.seq}"


class YearReturn(models.Model):
    """One child's rows of one collection year's 903 return, as imported (values trimmed, the
    table's columns in order, one CSV line a row). The register holds each child's latest
    details; this keeps what each year said, so `export_903` gives back that year's return —
    MOTHER and MC_DOB, reasons for placement change as that year knew them, two reviews on one
    day — and re-importing the export changes nothing."""

    year = models.PositiveSmallIntegerField(help_text="Collection year (2023 = 2023-24)")
    la_child_id = models.CharField("child ID", max_length=10)
    # Order in the year's header file (children only in other tables come after).
    seq = models.PositiveIntegerField(default=0)
    header = models.TextField(blank=True)
    episodes = models.TextField(blank=True)
    reviews = models.TextField(blank=True)
    sw_episodes = models.TextField(blank=True)

    class Meta:
        ordering = ["year", "seq", "la_child_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "la_child_id"], name="one_return_per_child_year"
            )
        ]

    def __str__(self) -> str:
        return f"903 {self.year} child {self.la_child_id}"
