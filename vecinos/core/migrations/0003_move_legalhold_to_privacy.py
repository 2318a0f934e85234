"""The legal hold belongs to privacy now (privacy.0002); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_organizationsettings"),
        ("privacy", "0002_legalhold"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LegalHold")],
            database_operations=[],
        ),
    ]
