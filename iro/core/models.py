"""Settings a council changes, kept as data with the defaults of shared/domain.md."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from iro.timetable.dates import format_date

PRIVACY_NOTICE = """\
The council uses this service to keep the records of its Independent Reviewing Officer (IRO) service: the children in its care, their reviews, the IRO's oversight between reviews and the challenges IROs raise. The council is the data controller.

The records are held because the council must review each child's care plan (Children Act 1989, section 25B, and the Care Planning, Placement and Case Review (England) Regulations 2010). They are kept until the child's 75th birthday and then destroyed.

Only staff of the IRO service and the social workers, managers and auditors who need them can see the records; every time a record is read or changed it is recorded. Children, parents and carers may ask for a copy of what is held about them (a subject access request) by contacting the council's data protection officer."""

ACCESSIBILITY_STATEMENT = """\
The council wants as many people as possible to be able to use this service. You should be able to change colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the screen, navigate the whole service using just a keyboard or speech recognition software, and listen to it using a screen reader.

The service is built with the GOV.UK Design System and is tested against the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, with automated checks on every page at small and large screen sizes.

If you find a problem, or need a page in another format, tell the IRO service manager. If you are not happy with how the council responds, contact the Equality Advisory and Support Service (EASS)."""


class CouncilSettings(models.Model):
    """The one row of the council's settings (read through `iro.core.council`)."""

    council_name = models.CharField(max_length=120, default="Northshire County Council")
    service_name = models.CharField(max_length=120, default="IRO Oversight")
    phase = models.CharField(max_length=20, default="Beta", blank=True)
    council_website = models.URLField(
        blank=True, help_text="The council's own website; the footer links its name there."
    )
    privacy_notice = models.TextField(
        default=PRIVACY_NOTICE,
        help_text="Shown on the privacy notice page; a blank line starts a new paragraph.",
    )
    accessibility_statement = models.TextField(
        default=ACCESSIBILITY_STATEMENT,
        help_text="Shown on the accessibility statement page; a blank line starts a new paragraph.",
    )
    notification_working_days = models.PositiveSmallIntegerField(default=2)
    iro_allocation_working_days = models.PositiveSmallIntegerField(default=5)
    first_review_working_days = models.PositiveSmallIntegerField(default=20)
    second_review_months = models.PositiveSmallIntegerField(default=3)
    later_review_months = models.PositiveSmallIntegerField(default=6)
    due_soon_working_days = models.PositiveSmallIntegerField(default=10)
    convening_request_working_days_before = models.PositiveSmallIntegerField(default=10)
    reports_working_days_before = models.PositiveSmallIntegerField(default=3)
    recommendations_working_days = models.PositiveSmallIntegerField(default=5)
    minutes_written_working_days = models.PositiveSmallIntegerField(default=20)
    minutes_distributed_working_days = models.PositiveSmallIntegerField(default=20)
    care_plan_update_working_days = models.PositiveSmallIntegerField(default=10)
    caseload_lower = models.PositiveSmallIntegerField(default=50)
    caseload_upper = models.PositiveSmallIntegerField(default=70)
    oversights_between_reviews = models.PositiveSmallIntegerField(default=2)
    oversights_per_year = models.PositiveSmallIntegerField(default=4)
    retention_years_after_birth = models.PositiveSmallIntegerField(default=75)
    default_other_duties_weight = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("0.00")
    )
    # For the annual report: empty means not known, never 0.
    child_population = models.PositiveIntegerField(
        "children aged 0 to 17 in the council's area",
        null=True,
        blank=True,
        help_text="The ONS mid-year estimate; gives children in care per 10,000 children",
    )
    iro_establishment_fte = models.DecimalField(
        "IRO establishment (FTE)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Full-time equivalent IRO posts the service is funded for",
    )
    iro_vacancies = models.PositiveSmallIntegerField(
        "vacant IRO posts", null=True, blank=True, help_text="Posts not filled on the report's day"
    )

    class Meta:
        db_table = "web_councilsettings"  # made by the web app before settings moved to core
        verbose_name = "council settings"
        verbose_name_plural = "council settings"

    def __str__(self) -> str:
        return f"Settings for {self.council_name}"

    def clean(self) -> None:
        if self.caseload_lower > self.caseload_upper:
            raise ValidationError(
                {"caseload_lower": "Lower caseload bound must be no more than the upper bound"}
            )


class ClosureDay(models.Model):
    """A day the administrator adds as a closure (not a working day) or removes from the bank
    holidays (a working day after all) — for a one-off bank holiday the package does not know."""

    class Kind(models.TextChoices):
        CLOSED = "closed", "Closed (not a working day)"
        OPEN = "open", "Open (a working day, not a bank holiday)"

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.CLOSED)
    reason = models.CharField(max_length=200)

    class Meta:
        db_table = "web_closureday"  # made by the web app before settings moved to core
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{format_date(self.date)}: {self.get_kind_display()}"
