"""The organization's settings belong to core now (core.0002); their table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_newsindexpage_newspage_pressindexpage_pressitempage_and_more"),
        ("core", "0002_organizationsettings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OrganizationSettings")],
            database_operations=[],
        ),
    ]
