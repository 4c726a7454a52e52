"""The default dispute ladder and timescales (domain.md section 5).

Created by data migration 0002; re-created after a flush (tests that empty the database) by the
post_migrate hook in apps.py, and only when there are none, so a council's own ladder is never
touched."""

from __future__ import annotations

from typing import Any

from django.db import connections

from .models import DisputeSettings, DisputeStage

DEFAULT_STAGES = (
    # key, name, order, is_formal, responder role, working days to respond
    ("informal", "Informal", 0, False, "Social worker and team manager", 5),
    ("stage_1", "Formal stage 1", 1, True, "Team manager", 5),
    ("stage_2", "Formal stage 2", 2, True, "Service manager", 5),
    ("stage_3", "Formal stage 3", 3, True, "Head of service or assistant director", 5),
)


def ensure_defaults(using: str = "default", **kwargs: Any) -> None:
    if DisputeStage._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated only part of the way
    if not DisputeStage.objects.using(using).exists():
        DisputeStage.objects.using(using).bulk_create(
            DisputeStage(
                key=key,
                name=name,
                order=order,
                is_formal=is_formal,
                responder_role=role,
                response_working_days=days,
            )
            for key, name, order, is_formal, role, days in DEFAULT_STAGES
        )
    if not DisputeSettings.objects.using(using).exists():
        DisputeSettings.objects.using(using).create()
