"""The council's independence settings are one row from the start (threshold 3 in 6 months,
no independent officer named), so reading them never writes."""

from typing import Any

from django.db import migrations


def create_row(apps: Any, schema_editor: Any) -> None:
    settings_model = apps.get_model("independence", "IndependenceSettings")
    if not settings_model.objects.exists():
        settings_model.objects.create()


class Migration(migrations.Migration):
    dependencies = [("independence", "0002_pressure_append_only_trigger")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
