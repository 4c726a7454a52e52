"""Council settings and closure days move from the web app to core; their tables stay."""

from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("web", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='ClosureDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True)),
                ('kind', models.CharField(choices=[('closed', 'Closed (not a working day)'), ('open', 'Open (a working day, not a bank holiday)')], default='closed', max_length=6)),
                ('reason', models.CharField(max_length=200)),
            ],
            options={
                'db_table': 'web_closureday',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='CouncilSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('council_name', models.CharField(default='Northshire County Council', max_length=120)),
                ('service_name', models.CharField(default='IRO Oversight', max_length=120)),
                ('phase', models.CharField(blank=True, default='Beta', max_length=20)),
                ('notification_working_days', models.PositiveSmallIntegerField(default=2)),
                ('iro_allocation_working_days', models.PositiveSmallIntegerField(default=5)),
                ('first_review_working_days', models.PositiveSmallIntegerField(default=20)),
                ('second_review_months', models.PositiveSmallIntegerField(default=3)),
                ('later_review_months', models.PositiveSmallIntegerField(default=6)),
                ('due_soon_working_days', models.PositiveSmallIntegerField(default=10)),
                ('convening_request_working_days_before', models.PositiveSmallIntegerField(default=10)),
                ('reports_working_days_before', models.PositiveSmallIntegerField(default=3)),
                ('recommendations_working_days', models.PositiveSmallIntegerField(default=5)),
                ('minutes_written_working_days', models.PositiveSmallIntegerField(default=20)),
                ('minutes_distributed_working_days', models.PositiveSmallIntegerField(default=20)),
                ('care_plan_update_working_days', models.PositiveSmallIntegerField(default=10)),
                ('caseload_lower', models.PositiveSmallIntegerField(default=50)),
                ('caseload_upper', models.PositiveSmallIntegerField(default=70)),
                ('oversights_between_reviews', models.PositiveSmallIntegerField(default=2)),
                ('oversights_per_year', models.PositiveSmallIntegerField(default=4)),
                ('retention_years_after_birth', models.PositiveSmallIntegerField(default=75)),
                ('default_other_duties_weight', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=3)),
            ],
            options={
                'db_table': 'web_councilsettings',
                'verbose_name': 'council settings',
                'verbose_name_plural': 'council settings',
            },
        )
            ],
        ),
    ]
