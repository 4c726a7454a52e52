"""Links to the child's page, the child's code, and the views they send."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from iro.accounts.models import User
from iro.audit.services import audit_record
from iro.children.access import require_child_records_change
from iro.children.models import Child
from iro.reviews.models import Convening, Review
from iro.voice.models import Consultation

from . import rules
from .models import ChildLink, ChildPageSettings, ChildViews

LOCK = timedelta(minutes=15)


def page_settings() -> ChildPageSettings:
    return ChildPageSettings.objects.get_or_create(pk=1)[0]


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))


def link_state(link: ChildLink) -> str:
    held_since = Review.objects.filter(
        child_id=link.child_id, status=Review.Status.HELD, recorded_at__gt=link.created_at
    ).exists()
    return rules.link_state(
        now=timezone.now(),
        expires_at=link.expires_at,
        withdrawn_at=link.withdrawn_at,
        opted_out_at=link.opted_out_at,
        review_held_since=held_since,
    )


@transaction.atomic
def child_link_create(*, acting_user: User | None, child: Child) -> tuple[ChildLink, str, str]:
    """A new link and code for the child (earlier links stop). Returns (link, token, code):
    the token and code are shown this once."""
    if acting_user is not None:
        require_child_records_change(acting_user, child, object_type="child_link")
    if child.current_period_id is None:
        raise ValidationError(
            {"child": "The child is not in care: there is no review to prepare for"}
        )
    now = timezone.now()
    ChildLink.objects.filter(
        child=child, withdrawn_at__isnull=True, opted_out_at__isnull=True
    ).update(withdrawn_at=now)
    token, code = secrets.token_urlsafe(24), _new_code()
    link = ChildLink(
        child=child,
        token_hash=_hash(token),
        code_hash=_hash(code),
        created_by=acting_user,
        expires_at=now + timedelta(days=page_settings().link_days),
    )
    link.full_clean()
    link.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="child_link",
        object_id=link.pk,
        child_id=child.pk,
        summary="Gave the child a link to their own page",
    )
    return link, token, code


@transaction.atomic
def child_link_withdraw(*, acting_user: User | None, link: ChildLink) -> ChildLink:
    require_child_records_change(
        acting_user, link.child, object_type="child_link", object_id=link.pk
    )
    if link.withdrawn_at is None:
        link.withdrawn_at = timezone.now()
        link.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=acting_user,
            action="update",
            object_type="child_link",
            object_id=link.pk,
            child_id=link.child_id,
            summary="Withdrew the child's link to their page",
        )
    return link


def link_for_token(token: str) -> ChildLink | None:
    return ChildLink.objects.select_related("child").filter(token_hash=_hash(token)).first()


@transaction.atomic
def code_check(*, link: ChildLink, code: str) -> str:
    """ "ok", "wrong" or "locked". Five wrong codes lock the link for 15 minutes."""
    link = ChildLink.objects.select_for_update().get(pk=link.pk)
    now = timezone.now()
    if link.locked_until and link.locked_until > now:
        return "locked"
    cleaned = "".join(code.split()).upper()
    if secrets.compare_digest(_hash(cleaned), link.code_hash):
        link.failed_codes = 0
        link.locked_until = None
        link.last_opened_at = now
        link.save(update_fields=["failed_codes", "locked_until", "last_opened_at"])
        audit_record(
            actor=None,
            action="view",
            object_type="child_link",
            object_id=link.pk,
            child_id=link.child_id,
            summary="The child opened their page",
        )
        return "ok"
    ChildLink.objects.filter(pk=link.pk).update(failed_codes=F("failed_codes") + 1)
    link.refresh_from_db(fields=["failed_codes"])
    if link.failed_codes >= rules.MAX_FAILED_CODES:
        link.locked_until = now + LOCK
        link.failed_codes = 0
        link.save(update_fields=["locked_until", "failed_codes"])
    audit_record(
        actor=None,
        action="denied",
        object_type="child_link",
        object_id=link.pk,
        child_id=link.child_id,
        summary="A wrong code was entered for the child's page",
    )
    return "locked" if link.locked_until and link.locked_until > now else "wrong"


def _summary(views: ChildViews) -> str:
    parts = [
        ("How things are", views.feeling),
        ("What is going well", views.going_well),
        ("What worries me", views.worries),
        ("What I want to happen", views.want_to_happen),
        ("Who I want at my review", views.who_at_review),
        ("I want an advocate", views.get_wants_advocate_display() if views.wants_advocate else ""),
        (
            "I want to chair part of my review",
            views.get_wants_to_chair_display() if views.wants_to_chair else "",
        ),
    ]
    return "\n".join(f"{label}: {text}" for label, text in parts if text)[:2000]


@transaction.atomic
def child_views_submit(*, link: ChildLink, age_band: str, **answers: str) -> ChildViews:
    """The child's views become their own consultation record for the next review."""
    if link_state(link) != "active":
        raise ValidationError("This link no longer works")
    views = ChildViews(link=link, child=link.child, age_band=age_band, **answers)
    views.full_clean(exclude=["consultation"])
    if not any(
        (views.feeling, views.going_well, views.worries, views.want_to_happen, views.who_at_review)
    ):
        raise ValidationError({"going_well": "Tell your IRO something before you send it"})
    consultation = Consultation(
        child=link.child,
        consulted_on=timezone.localdate(),
        method="own_words",
        views_summary=_summary(views),
    )
    consultation.full_clean()
    consultation.save()
    views.consultation = consultation
    views.save()
    audit_record(
        actor=None,
        action="create",
        object_type="child_views",
        object_id=views.pk,
        child_id=link.child_id,
        summary="The child sent their views to their IRO from their page",
    )
    return views


@transaction.atomic
def child_link_opt_out(*, link: ChildLink) -> ChildLink:
    if link.opted_out_at is None:
        link.opted_out_at = timezone.now()
        link.save(update_fields=["opted_out_at"])
        audit_record(
            actor=None,
            action="update",
            object_type="child_link",
            object_id=link.pk,
            child_id=link.child_id,
            summary="The child said they did not want their page: the link stopped",
        )
    return link


def page_facts(child: Child) -> dict[str, Any]:
    """What the child's page shows: nothing that could locate the child, nothing of anyone else."""
    iro = child.iro
    period = child.current_period
    convening = (
        Convening.objects.filter(
            child=child, review__isnull=True, proposed_date__gte=timezone.localdate()
        )
        .prefetch_related("invitees")
        .order_by("proposed_date")
        .first()
    )
    invited = []
    if convening is not None:
        for invitee in convening.invitees.all():
            if not invitee.invited or invitee.role == "child":
                continue
            name = (
                rules.first_name(invitee.name)
                if invitee.role in {"parent", "carer", "social_worker", "advocate"}
                else ""
            )
            invited.append(
                f"{name} ({invitee.get_role_display().lower()})"
                if name
                else invitee.get_role_display()
            )
    letter_review = (
        Review.objects.filter(
            child=child, status=Review.Status.HELD, minutes_written_on__isnull=False
        )
        .exclude(letter="")
        .order_by("-held_on")
        .first()
    )
    return {
        "child_first_name": child.first_name,
        "iro_first_name": rules.first_name(iro.name) if iro else "",
        "next_review_date": convening.proposed_date
        if convening
        else (period.next_review_due if period else None),
        "review_arranged": convening is not None,
        "review_format": convening.get_meeting_format_display() if convening else "",
        "review_venue": rules.venue_for_child(convening.venue) if convening else "",
        "invited": invited,
        "letter": letter_review.letter if letter_review else "",
        "letter_date": letter_review.held_on if letter_review else None,
        "page_settings": page_settings(),
    }
