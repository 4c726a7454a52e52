from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.password_validation import validate_password
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
