"""The IRO annual report: its saved narrative, its editions (frozen when approved) and the
comparators set beside its figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AnnualReport(models.Model):
    """One year's report (year = the April it starts). `narrative` maps section keys to text."""

    year = models.PositiveSmallIntegerField(unique=True)
    narrative = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"IRO annual report {self.year} to {self.year + 1}"


class AnnualReportEdition(models.Model):
    """One edition of a year's report. A draft shows the records as they are; approving it
    stores its content (every table, chart's figures, the narrative, the cover) as JSON and its
    documents as bytes, so what the Board saw can be reproduced whatever changes later. A later
    edition, started with a reason, supersedes it when that one is approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.CharField("Author", max_length=200)
    report_date = models.DateField("Date on the cover")
    audience = models.CharField("Audience", max_length=200, default="Corporate Parenting Board")
    reason = models.TextField(
        "Why a new edition is needed", blank=True, help_text="Required when it replaces one"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Frozen when approved; empty while a draft.
    content = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=12, blank=True)
    pdf = models.BinaryField(blank=True, default=b"")
    docx = models.BinaryField(blank=True, default=b"")
    xlsx = models.BinaryField(blank=True, default=b"")

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="annual_edition_number"),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(status="draft"),
                name="annual_edition_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"IRO annual report {self.year} to {self.year + 1}, edition {self.number}"

    @property
    def frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class Comparator(models.Model):
    """A published figure to set beside the council's: statistical neighbours, the region or
    England, for one measure and year, with where it came from. Entered, never estimated."""

    class Group(models.TextChoices):
        NEIGHBOURS = "neighbours", "Statistical neighbours"
        REGION = "region", "Region"
        ENGLAND = "england", "England"

    measure_key = models.CharField("Measure", max_length=80)
    year = models.PositiveSmallIntegerField("Year")
    group = models.CharField("Comparator", max_length=12, choices=Group.choices)
    value = models.DecimalField("Figure", max_digits=9, decimal_places=1)
    source = models.CharField("Source", max_length=300)
    source_date = models.DateField("Date published")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "measure_key", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure_key", "year", "group"], name="comparator_one_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.measure_key} {self.year}"


class Priority(models.Model):
    """A priority of the IRO service for one year (year = the April it starts): set in the
    report of the year before ("next year's priorities", with an owner and a date) and reported
    on in that year's report ("last year's priorities", with its status)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        PARTLY_ACHIEVED = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"
        CARRIED_FORWARD = "carried", "Carried forward"

    year = models.PositiveSmallIntegerField("year it is a priority for", db_index=True)
    title = models.CharField("priority", max_length=300)
    owner = models.CharField("who owns it", max_length=120)
    due_on = models.DateField("to be done by", null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.PLANNED)
    progress = models.TextField("what happened", max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "due_on", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return f"Priority for {self.year} to {self.year + 1}: {self.title}"
