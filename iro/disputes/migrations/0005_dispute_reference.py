"""Disputes get references of their own form (DR-2026-0042) instead of D00140, which looked like
a child's ID. Existing disputes are numbered within the year they were raised, in order."""

from django.db import migrations, models


def number_existing(apps, schema_editor):
    Dispute = apps.get_model("disputes", "Dispute")
    counts: dict[int, int] = {}
    for dispute in Dispute.objects.order_by("raised_on", "id").only("id", "raised_on"):
        year = dispute.raised_on.year
        counts[year] = counts.get(year, 0) + 1
        Dispute.objects.filter(pk=dispute.pk).update(reference=f"DR-{year}-{counts[year]:04d}")


class Migration(migrations.Migration):
    dependencies = [("disputes", "0004_dispute_delegate_and_withdraw")]

    operations = [
        migrations.AddField(
            model_name="dispute",
            name="reference",
            field=models.CharField(max_length=20, null=True, editable=False),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dispute",
            name="reference",
            field=models.CharField(max_length=20, unique=True, editable=False),
        ),
    ]
