"""Council settings and closure days now belong to core (its 0001); the tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("web", "0001_initial"), ("core", "0001_council_settings_from_web")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ClosureDay"),
                migrations.DeleteModel(name="CouncilSettings"),
            ],
        ),
    ]
