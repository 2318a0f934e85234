"""The legal hold moves from core to privacy, beside the retention it stops: the same table,
only Django's record of which app owns it changes (and its content type)."""

from django.db import migrations, models


def move_content_type(apps, schema_editor, old="core", new="privacy"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="legalhold").exists():
        ContentType.objects.filter(app_label=old, model="legalhold").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="privacy", new="core")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LegalHold",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "enabled",
                            models.BooleanField(default=False, verbose_name="legal hold is on"),
                        ),
                        (
                            "reason",
                            models.CharField(blank=True, max_length=300, verbose_name="reason"),
                        ),
                        (
                            "changed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="changed at"),
                        ),
                        (
                            "changed_by_id",
                            models.PositiveBigIntegerField(
                                null=True, verbose_name="changed by (staff user ID)"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "legal hold",
                        "verbose_name_plural": "legal hold",
                        "db_table": "core_legalhold",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("pk", 1)), name="legal_hold_is_a_singleton"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
