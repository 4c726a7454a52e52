from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from iro.timetable import care

from . import codes


class Team(models.Model):
    """A social work team that holds children's cases."""

    name = models.CharField(max_length=120, unique=True)
    # The team manager: may answer a dispute raised with anyone in the team (issue 21).
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_managed",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SocialWorker(models.Model):
    """A child's social worker or personal adviser (903 SW_ID where imported)."""

    name = models.CharField(max_length=120)
    sw_id = models.CharField("social worker ID", max_length=20, blank=True, db_index=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_worker",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def display_name(first_name: str, last_name: str, la_child_id: str) -> str:
    """How a child is named on every page: their names, or their ID when none is held."""
    name = f"{first_name} {last_name}".strip()
    return name or f"Child {la_child_id}"


class Child(models.Model):
    """A child known to the IRO service. `la_child_id` is the council's 903 CHILD id."""

    la_child_id = models.CharField("child ID", max_length=10, unique=True)
    first_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=list(codes.SEX.items()), blank=True)
    ethnicity = models.CharField(max_length=4, blank=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    sibling_group = models.CharField(
        max_length=40, blank=True, db_index=True, help_text="Children sharing a value are siblings"
    )
    # Current position, kept in step by the services so lists need no per-child queries.
    current_period = models.OneToOneField(
        "PeriodOfCare", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="IRO",
    )
    social_worker = models.ForeignKey(
        SocialWorker, null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # Restricted records (high-profile, a staff member's relative): only the named users open it.
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_children"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The latest 903 collection year (2023 = 2023-24) whose header set the details above, so an
    # older year imported later does not overwrite newer details.
    ssda903_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "la_child_id"]
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.la_child_id)

    def age_on(self, on: date) -> int:
        return care.age_on(self.date_of_birth, on)

    @property
    def is_looked_after(self) -> bool:
        return self.current_period_id is not None


class PeriodOfCare(models.Model):
    """Continuous time looked after, made of episodes; the review cycle restarts with each.

    The `next_review_*`, `last_review_date`, `iro_notification_due` and `iro_allocation_due`
    columns are derived by
    `iro.reviews.schedule` from the timetable rules and stored so lists can sort and filter by
    due date in SQL.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="periods")
    start_date = models.DateField(null=True, blank=True, help_text="Empty when before the data")
    start_known = models.BooleanField(default=True)
    end_date = models.DateField(null=True, blank=True)
    reason_ceased = models.CharField(max_length=3, blank=True)
    short_breaks_only = models.BooleanField(default=False)
    first_known_date = models.DateField(help_text="Start of the earliest known episode")
    # When the IRO service was told the child had come into care (recorded with the first
    # allocation; a 903 return does not carry it, so empty means not recorded, never late).
    iro_notified_on = models.DateField(null=True, blank=True)
    # Derived and stored.
    last_review_date = models.DateField(null=True, blank=True)
    reviews_held = models.PositiveSmallIntegerField(default=0)
    next_review_number = models.PositiveSmallIntegerField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True, db_index=True)
    next_review_basis = models.CharField(max_length=200, blank=True)
    iro_notification_due = models.DateField(null=True, blank=True)
    iro_allocation_due = models.DateField(null=True, blank=True)
    # Once the period has ended: when the review that was next on leaving was due. The review
    # history (each held review's due date) and this answer "was the child's review overdue on
    # day d" for any past day, after `next_review_due` is cleared on leaving.
    review_due_when_left = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "first_known_date"]
        verbose_name_plural = "periods of care"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "first_known_date"], name="one_period_per_start"
            )
        ]
        indexes = [models.Index(fields=["end_date", "next_review_due"])]

    def __str__(self) -> str:
        start = self.start_date.isoformat() if self.start_date else "before the data"
        return f"{self.child.la_child_id} from {start}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class Episode(models.Model):
    """One 903 episode: a stretch with one legal status and one placement."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="episodes")
    start_date = models.DateField("start (DECOM)")
    reason_new = models.CharField("reason for new episode (RNE)", max_length=1)
    legal_status = models.CharField("legal status (LS)", max_length=2)
    category_of_need = models.CharField("category of need (CIN)", max_length=2, blank=True)
    placement = models.CharField("placement type (PLACE)", max_length=3)
    placement_provider = models.CharField(max_length=4, blank=True)
    end_date = models.DateField("end (DEC)", null=True, blank=True)
    reason_ended = models.CharField("reason episode ceased (REC)", max_length=3, blank=True)
    reason_place_change = models.CharField(max_length=6, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True)
    placement_postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    # The latest 903 collection year whose episodes file held this episode (empty when typed in).
    ssda903_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["child", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["child", "start_date"], name="one_episode_per_start")
        ]

    def __str__(self) -> str:
        return f"{self.child.la_child_id} {self.start_date} {self.legal_status}/{self.placement}"

    def clean(self) -> None:
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "End date must be the same as or after start date"})

    @property
    def legal_status_label(self) -> str:
        return codes.LEGAL_STATUS.get(self.legal_status, self.legal_status)

    @property
    def placement_label(self) -> str:
        return codes.PLACEMENT.get(self.placement, self.placement)

    @property
    def reason_new_label(self) -> str:
        return codes.REASON_NEW_EPISODE.get(self.reason_new, self.reason_new)

    @property
    def reason_ended_label(self) -> str:
        return codes.REASON_EPISODE_CEASED.get(self.reason_ended, self.reason_ended)


class IROAllocation(models.Model):
    """One entry in a child's IRO history (append-only: a transfer ends one and starts another)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="iro_allocations")
    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="allocations"
    )
    start_date = models.DateField("allocated on")
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "start_date", "id"]
        indexes = [models.Index(fields=["iro", "end_date"])]

    def __str__(self) -> str:
        return f"{self.child.la_child_id}: {self.iro} from {self.start_date}"


class SocialWorkerEpisode(models.Model):
    """A spell of one social worker on a child's case (903 social worker table, or a form)."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="social_worker_episodes"
    )
    social_worker = models.ForeignKey(SocialWorker, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason_ended = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["child", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "start_date", "social_worker"], name="one_sw_episode_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.child.la_child_id}: {self.social_worker} from {self.start_date}"


class IROCover(models.Model):
    """While an IRO is away, another IRO covers their children (or one child) between two dates,
    set by the IRO manager: the covering IRO may then change those children's records."""

    absent_iro = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        on_delete=models.PROTECT,
        related_name="covered_by",
        verbose_name="IRO being covered",
    )
    covering_iro = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        on_delete=models.PROTECT,
        related_name="covering",
        verbose_name="covering IRO",
    )
    child = models.ForeignKey(
        Child,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="iro_covers",
        help_text="Empty: every child allocated to the IRO being covered",
    )
    start_date = models.DateField("cover starts")
    end_date = models.DateField("cover ends")
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "IRO cover arrangement"
        indexes = [models.Index(fields=["covering_iro", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.covering_iro} covers {self.absent_iro} {self.start_date}-{self.end_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "Date cover ends must be the same as or after the date it starts"}
            )
        if self.absent_iro_id and self.absent_iro_id == self.covering_iro_id:
            raise ValidationError({"covering_iro": "Select a different IRO to cover"})

    def is_current(self, on: date) -> bool:
        return self.start_date <= on <= self.end_date


class RestrictionLiftRequest(models.Model):
    """Someone not named on a restricted record asks for the restriction to be lifted; only a
    person named on it may approve (which lifts it) or refuse."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="lift_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Request to lift the restriction on {self.child_id}"

    @property
    def is_pending(self) -> bool:
        return self.approved is None
