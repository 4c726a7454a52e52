"""A record of each Children in Need census import: who, when, which file, what it held and
its report (refused imports too: their report says why nothing was written)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CinImport(models.Model):
    class Status(models.TextChoices):
        LOADED = "loaded", "Imported"
        REFUSED = "refused", "Refused: nothing imported"

    class Origin(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        COMMAND = "command", "Command line"

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.UPLOAD)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=8, choices=Status.choices)
    # {"children": n, "enquiries": n, "plans": n, "conferences": n, "created": n, "changed": n,
    #  "unchanged": n}
    counts = models.JSONField(default=dict, blank=True)
    # [{"severity", "path", "child", "field", "value", "problem"}], the first MAX_ISSUES.
    issues = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "CIN census import"

    def __str__(self) -> str:
        return f"CIN import {self.pk} of {self.file_name}"
