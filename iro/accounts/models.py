from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .roles import ROLE_LABELS, Role


class StaffUserManager(UserManager["User"]):
    """create_user and create_superuser (so `createsuperuser`, even non-interactive with
    DJANGO_SUPERUSER_PASSWORD) run the password validators, as the services and forms do."""

    def _check(self, username: str, email: str | None, password: str | None) -> None:
        if password is not None:
            validate_password(password, self.model(username=username, email=email or ""))

    def create_user(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        self._check(username, email, password)
        return super().create_user(username, email, password, **extra)

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        self._check(username, email, password)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A member of staff. Roles are groups named after `Role` values."""

    objects: ClassVar[StaffUserManager] = StaffUserManager()

    job_title = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> set[str]:
        # Cached per instance: a page asks several times and must not query each time.
        cached: set[str] | None = getattr(self, "_role_names", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def role_labels(self) -> list[str]:
        return [label for role, label in ROLE_LABELS.items() if role.value in self.role_names]


class EnrolmentCode(models.Model):
    """A one-time code a person needs before setting up two-factor sign-in for the first time
    (or again after a reset), so that knowing the password alone cannot enrol an attacker's
    authenticator. E-mailed to the person, or issued by an administrator. Only a hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64)
    issued_by = models.CharField(max_length=150)  # "e-mail" or the administrator's username
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Enrolment code for {self.user} ({self.issued_by})"


class ReviewingOfficer(models.Model):
    """An Independent Reviewing Officer: a member of the IRO service's staff.

    Defined here, below children and reviews, because every app allocates to, reviews with or
    reports on an IRO; it stays in the caseloads app (`caseloads.ReviewingOfficer`: its table,
    migrations and every foreign key unchanged), which manages the staff list."""

    class Contract(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        FIXED_TERM = "fixed_term", "Fixed-term"
        AGENCY = "agency", "Agency"
        SECONDMENT = "secondment", "Secondment"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewing_officer",
    )
    name = models.CharField(max_length=120)
    fte = models.DecimalField(
        "FTE",
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1.00"))],
    )
    contract = models.CharField(max_length=12, choices=Contract.choices, default=Contract.PERMANENT)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    service_area = models.CharField("link service area", max_length=120, blank=True)
    other_duties = models.CharField(
        max_length=200, blank=True, help_text="For example chairing child protection conferences"
    )
    other_duties_weight = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.95"))],
        help_text="Share of this IRO's time taken by other duties (0 to 0.95)",
    )

    class Meta:
        app_label = "caseloads"
        ordering = ["name"]
        verbose_name = "IRO"
        verbose_name_plural = "IROs"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "End date must be the same as or after start date"})

    @property
    def fte_for_children_in_care(self) -> Decimal:
        """FTE left for children in care once other duties take their share."""
        return (self.fte * (Decimal("1") - self.other_duties_weight)).quantize(Decimal("0.01"))
