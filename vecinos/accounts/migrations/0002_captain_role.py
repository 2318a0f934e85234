"""Add the block captain's role: a group that may enter the admin, where the zones app shows
a captain their own block's members and nothing else."""

from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")


def create_captain_role(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, model, codename, name = ACCESS_ADMIN
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    access_admin, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    group, _ = Group.objects.get_or_create(name="captain")
    group.permissions.add(access_admin)


def remove_captain_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="captain").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_staff_roles")]

    operations = [migrations.RunPython(create_captain_role, remove_captain_role)]
