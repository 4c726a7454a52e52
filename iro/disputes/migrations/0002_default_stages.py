"""The default dispute ladder and timescales of domain.md section 5, as data a council changes."""

from typing import Any

from django.db import migrations

DEFAULT_STAGES = (
    ("informal", "Informal", 0, False, "Social worker and team manager", 5),
    ("stage_1", "Formal stage 1", 1, True, "Team manager", 5),
    ("stage_2", "Formal stage 2", 2, True, "Service manager", 5),
    ("stage_3", "Formal stage 3", 3, True, "Head of service or assistant director", 5),
)


def create_defaults(apps: Any, schema_editor: Any) -> None:
    DisputeStage = apps.get_model("disputes", "DisputeStage")
    DisputeSettings = apps.get_model("disputes", "DisputeSettings")
    for key, name, order, is_formal, responder_role, days in DEFAULT_STAGES:
        DisputeStage.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "order": order,
                "is_formal": is_formal,
                "responder_role": responder_role,
                "response_working_days": days,
            },
        )
    if not DisputeSettings.objects.exists():
        DisputeSettings.objects.create(
            formal_total_working_days=20,
            formal_meeting_by_working_day=15,
            informal_default_working_days=5,
        )


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
