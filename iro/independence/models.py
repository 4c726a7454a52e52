"""The IRO service's independence: a protected record of pressure on an IRO, and the settings
that say who else may read it and when repeated challenges become a systemic issue.

- `PressureRecord` — who put pressure on an IRO, what they did and when. Append-only (a
  further note is a new row naming the first); on PostgreSQL a trigger also refuses UPDATE and
  DELETE. Seen only by the IRO who recorded it, the IRO service manager and the independent
  officer named in `IndependenceSettings` (iro.independence.access).
- `IndependenceSettings` — one row: the independent officer, and the recurring-challenge
  threshold and window.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from iro.accounts.roles import Role
from iro.disputes.models import AppendOnlyModel


class IndependenceSettings(models.Model):
    independent_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Someone outside children's services who may read records of pressure on "
        "IROs, for example the council's monitoring officer. Not an operational manager",
    )
    recurring_threshold = models.PositiveSmallIntegerField(
        "disputes that make a recurring challenge",
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text="This many disputes of one category about one team within the window prompt "
        "the IRO manager to raise a systemic issue",
    )
    recurring_window_months = models.PositiveSmallIntegerField(
        "window in months",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )

    class Meta:
        verbose_name = "independence settings"
        verbose_name_plural = "independence settings"

    def __str__(self) -> str:
        return "Independence settings"

    def clean(self) -> None:
        officer = self.independent_officer
        if officer is not None and officer.role_names & {
            Role.OPERATIONAL.value,
            Role.HEAD_OF_SERVICE.value,
        }:
            raise ValidationError(
                {
                    "independent_officer": "Choose someone who is not a social worker, team "
                    "manager or head of service"
                }
            )


class PressureRecord(AppendOnlyModel):
    """Pressure on an IRO's independence, in the IRO's words. A further note is a new record
    whose `addition_to` is the first one."""

    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="pressure_records"
    )
    addition_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="additions"
    )
    occurred_on = models.DateField("when it happened", db_index=True)
    who = models.CharField("who put pressure on you", max_length=200, blank=True)
    what = models.TextField("what happened")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"Record of pressure on independence {self.pk}"

    def clean(self) -> None:
        if self.addition_to_id is None and not self.who.strip():
            raise ValidationError({"who": "Enter who put pressure on you"})
        if self.addition_to is not None and self.addition_to.addition_to_id is not None:
            raise ValidationError("Add a note to the first record, not to a note")
