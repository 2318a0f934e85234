"""The organization's settings move from content to core: the same table, only Django's
record of which app owns it changes (and the content type, so editors keep their rights)."""

from django.db import migrations, models


def move_content_type(apps, schema_editor, old="content", new="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="organizationsettings").exists():
        ContentType.objects.filter(app_label=old, model="organizationsettings").update(
            app_label=new
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="core", new="content")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0002_newsindexpage_newspage_pressindexpage_pressitempage_and_more"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OrganizationSettings",
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
                            "name",
                            models.CharField(default="vecinos", max_length=120, verbose_name="name"),
                        ),
                        (
                            "tagline_en",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="tagline in English"
                            ),
                        ),
                        (
                            "tagline_es",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="tagline in Spanish"
                            ),
                        ),
                        (
                            "address",
                            models.CharField(blank=True, max_length=200, verbose_name="address"),
                        ),
                        (
                            "contact_email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="public contact e-mail"
                            ),
                        ),
                        (
                            "contact_phone",
                            models.CharField(
                                blank=True, max_length=40, verbose_name="public contact phone"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "organization",
                        "db_table": "content_organizationsettings",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
