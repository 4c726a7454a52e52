from __future__ import annotations

from django.conf import settings
from django.db import models


class ChildPageSettings(models.Model):
    """What the child's page says about reaching the IRO service, advocacy and complaints."""

    service_phone = models.CharField(max_length=40, default="01234 567890")
    service_email = models.EmailField(default="iro.service@example.org")
    advocacy_text = models.TextField(
        default=(
            "An advocate is someone who helps you say what you think. They do not work for "
            "social care. Ask your IRO or social worker, or call the service and ask for one."
        )
    )
    complaints_text = models.TextField(
        default=(
            "If you are not happy about something, you can tell your IRO, your social worker "
            "or the children's complaints team. They must listen and answer you."
        )
    )
    link_days = models.PositiveSmallIntegerField(
        default=60, help_text="How long a link works if no review is held first (days)"
    )

    class Meta:
        verbose_name = "child's page settings"
        verbose_name_plural = "child's page settings"

    def __str__(self) -> str:
        return "Child's page settings"


class ChildLink(models.Model):
    """A personal link to the child's page, with a short code the child is given. Only hashes
    are kept: the link and code are shown once, to the IRO who makes them."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="page_links")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    failed_codes = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Link for child {self.child_id} made {self.created_at:%Y-%m-%d}"


class ChildViews(models.Model):
    """What the child told their IRO through their page, in their own words."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "Not sure"

    link = models.ForeignKey(ChildLink, on_delete=models.CASCADE, related_name="views")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="own_views")
    consultation = models.OneToOneField(
        "voice.Consultation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    age_band = models.CharField(max_length=8)
    feeling = models.CharField(max_length=10, blank=True)
    going_well = models.TextField(max_length=2000, blank=True)
    worries = models.TextField(max_length=2000, blank=True)
    want_to_happen = models.TextField(max_length=2000, blank=True)
    who_at_review = models.TextField(max_length=500, blank=True)
    wants_advocate = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    wants_to_chair = models.CharField(max_length=8, choices=Answer.choices, blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Views from child {self.child_id} on {self.submitted_at:%Y-%m-%d}"
