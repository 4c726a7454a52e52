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


class ChildYearFacts(models.Model):
    """What the per-child measures count, for one child and one collection year, stored by one
    writer (`iro.reporting.facts`, through `iro.core.facts.refresh`): the child's answers to the
    live queries of the oversight standard (`domain_measures._children_in_care`), the reviews
    per child (`report_measures._children_reviewed`) and the continuity of IRO
    (`report_measures._in_care_all_period`) for the year from 1 April to ``window_to`` (its
    31 March, or the day the row was written for the year under way). A row is kept only for a
    child in at least one of those sets.

    The scorecard and the annual report read these rows instead of re-running the queries over
    every child, but only when every row of the year was written for the period's last day
    (`iro.reporting.stored.years_answered`); otherwise they ask the live queries."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="year_facts")
    year_start = models.DateField(help_text="1 April of the collection year")
    window_to = models.DateField(help_text="The last day the row counts: 31 March, or to date")
    # `_children_in_care`: looked after at some time in the window.
    in_care_in_period = models.BooleanField(default=False)
    days_looked_after = models.DurationField(null=True, blank=True)
    oversights_in_period = models.PositiveIntegerField(default=0)
    # `_children_reviewed`: held reviews in the window (0: not in that set).
    reviews_in_period = models.PositiveIntegerField(default=0)
    # `_in_care_all_period`: looked after on the window's first and last days without a break.
    in_care_all_period = models.BooleanField(default=False)
    iros_in_period = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "year_start"], name="child_year_facts_once")
        ]
        indexes = [models.Index(fields=["year_start", "window_to"])]

    def __str__(self) -> str:
        return f"Facts of child {self.child_id} for the year from {self.year_start}"
