"""Reads about staff that every app needs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from iro.core.prepared import prepared

from .models import ReviewingOfficer


def reviewing_officer_for(user: Any) -> ReviewingOfficer | None:
    """The IRO staff record of this signed-in user, or None (a manager, or signed out)."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = _reviewing_officer(user_id=user.pk)
    return found[0] if found else None


@prepared
def _reviewing_officer(*, user_id: int) -> QuerySet[ReviewingOfficer]:
    # Ordered as `.first()` ordered it (one IRO record a user, by the model's constraint).
    return ReviewingOfficer.objects.filter(user_id=user_id).order_by("name", "pk")[:1]


def own_reviewing_officer(user: Any) -> ReviewingOfficer:
    """The IRO record of a user on an "own work" page; refuse anyone who is not an IRO."""
    iro = reviewing_officer_for(user)
    if iro is None:
        raise PermissionDenied("No IRO record for this user")
    return iro
