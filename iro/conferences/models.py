"""Child protection records (Working Together to Safeguard Children 2023): the strategy
discussion that started section 47 enquiries, the initial and review conferences, and the plan.

A child here need not be looked after: `Child` allows a child with no period of care, and a
child in care can be on a plan too. The `*_due`, `number`, `in_timescale` and `long_plan_from`
columns are derived by `iro.conferences.schedule` from `iro.timetable.conferences` and stored so
lists sort and measures count in SQL.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Category(models.TextChoices):
    """The plan's category of abuse or neglect; the codes are the CIN census's."""

    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    SEXUAL = "SAB", "Sexual abuse"
    MULTIPLE = "MUL", "More than one category"


class Source(models.TextChoices):
    FORM = "form", "Recorded in the product"
    CIN = "cin", "Children in Need census"


class Section47Enquiry(models.Model):
    """Section 47 enquiries, started at a strategy discussion (CIN census Section47)."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="section47_enquiries"
    )
    strategy_discussion_on = models.DateField("date of the strategy discussion")
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="section47_enquiries",
        verbose_name="conference chair",
    )
    icpc_not_required = models.BooleanField("initial conference not required", default=False)
    # Derived and stored: the ICPC's due date, and when it was held (from the conference).
    icpc_due = models.DateField(null=True, blank=True, db_index=True)
    icpc_held_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.FORM)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-strategy_discussion_on"]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "strategy_discussion_on"], name="one_enquiry_per_strategy_day"
            )
        ]
        indexes = [models.Index(fields=["icpc_held_on", "icpc_not_required", "icpc_due"])]

    def __str__(self) -> str:
        return f"Section 47 enquiries for {self.child_id} from {self.strategy_discussion_on}"

    @property
    def awaiting_icpc(self) -> bool:
        return self.icpc_held_on is None and not self.icpc_not_required


class EndReason(models.TextChoices):
    NO_LONGER_AT_RISK = "no_risk", "The child is no longer at risk of significant harm"
    MOVED_AREA = "moved", "The child moved to another council, which took over the plan"
    TURNED_18 = "adult", "The child turned 18"
    LOOKED_AFTER = "in_care", "The child is looked after and the care plan now keeps them safe"
    OTHER = "other", "Another reason"


class ChildProtectionPlan(models.Model):
    """A child protection plan, from the initial conference that decided it to its end (CIN
    census ChildProtectionPlans)."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="protection_plans"
    )
    enquiry = models.ForeignKey(
        Section47Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protection_plans",
        verbose_name="conference chair",
    )
    start_date = models.DateField("plan started")
    end_date = models.DateField("plan ended", null=True, blank=True)
    end_reason = models.CharField(max_length=8, choices=EndReason.choices, blank=True)
    end_notes = models.CharField("why the plan ended", max_length=500, blank=True)
    initial_category = models.CharField(max_length=3, choices=Category.choices)
    latest_category = models.CharField(max_length=3, choices=Category.choices)
    previous_plans = models.PositiveSmallIntegerField(
        "number of previous plans", null=True, blank=True
    )
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.FORM)
    # Derived and stored.
    reviews_held = models.PositiveSmallIntegerField(default=0)
    last_conference_on = models.DateField(null=True, blank=True)
    next_review_number = models.PositiveSmallIntegerField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True, db_index=True)
    next_review_basis = models.CharField(max_length=200, blank=True)
    long_plan_from = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-start_date"]
        verbose_name = "child protection plan"
        constraints = [
            models.UniqueConstraint(fields=["child", "start_date"], name="one_plan_per_start")
        ]
        indexes = [
            models.Index(fields=["end_date", "next_review_due"]),
            models.Index(fields=["chair", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"Child protection plan for {self.child_id} from {self.start_date}"

    def clean(self) -> None:
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "Date the plan ended must be the same as or after the date it started"}
            )

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    @property
    def second_or_later(self) -> bool | None:
        return None if self.previous_plans is None else self.previous_plans > 0


class Attendee(models.TextChoices):
    CHILD = "child", "The child"
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    OTHER_CARER = "carer", "Another parent or carer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    POLICE = "police", "Police"
    HEALTH = "health", "Health (health visitor, school nurse, GP)"
    EDUCATION = "education", "School or early years setting"
    PROBATION = "probation", "Probation"
    OTHER_AGENCY = "other", "Another agency"


class ReportFrom(models.TextChoices):
    """The reports a conference expects before the meeting."""

    SOCIAL_WORKER = "social_worker", "Social worker's report"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "School or early years setting"
    OTHER = "other", "Another agency"


class Decision(models.TextChoices):
    PLAN = "plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    CONTINUES = "continues", "The plan continues"
    ENDS = "ends", "The plan ends"


INITIAL_DECISIONS = (Decision.PLAN, Decision.NO_PLAN)
REVIEW_DECISIONS = (Decision.CONTINUES, Decision.ENDS)


class Conference(models.Model):
    """An initial or review child protection conference that was held."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial conference"
        REVIEW = "review", "Review conference"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    enquiry = models.ForeignKey(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conferences",
    )
    plan = models.ForeignKey(
        ChildProtectionPlan,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conferences",
    )
    held_on = models.DateField("date of the conference")
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences_chaired",
    )
    attended = models.JSONField("who attended", default=list, blank=True)
    # {ReportFrom value: "YYYY-MM-DD" received}; a report not received is absent.
    reports = models.JSONField("reports received before the conference", default=dict, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    category = models.CharField(max_length=3, choices=Category.choices, blank=True)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.FORM)
    # Derived and stored: 0 for the initial conference, 1, 2, ... for review conferences.
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    in_timescale = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "held_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind", "held_on"], name="one_conference_of_a_kind_a_day"
            )
        ]
        indexes = [models.Index(fields=["kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child_id} on {self.held_on}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        allowed = INITIAL_DECISIONS if self.kind == self.Kind.INITIAL else REVIEW_DECISIONS
        if self.decision and self.decision not in allowed:
            errors["decision"] = "Select the conference's decision"
        if self.kind == self.Kind.INITIAL and self.enquiry_id is None:
            errors["enquiry"] = "An initial conference follows section 47 enquiries"
        if self.kind == self.Kind.REVIEW and self.plan_id is None:
            errors["plan"] = "A review conference reviews a child protection plan"
        unknown = set(self.attended or []) - set(Attendee.values)
        if unknown:
            errors["attended"] = "Select who attended from the list"
        if set(self.reports or {}) - set(ReportFrom.values):
            errors["reports"] = "Select which reports were received from the list"
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        if self.kind == self.Kind.INITIAL:
            return "Initial conference"
        return f"Review conference {self.number}" if self.number else "Review conference"

    def attended_labels(self) -> list[str]:
        labels = dict(Attendee.choices)
        return [str(labels[a]) for a in Attendee.values if a in (self.attended or [])]

    def report_rows(self) -> list[tuple[str, date]]:
        """(report, date received) in the list's order."""
        labels = dict(ReportFrom.choices)
        return [
            (str(labels[r]), date.fromisoformat(self.reports[r]))
            for r in ReportFrom.values
            if r in self.reports
        ]
