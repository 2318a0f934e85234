"""Create one group per staff role with the permissions that role needs in the Wagtail admin.

Later apps add their own permissions to these groups in their own migrations.
"""

from django.db import migrations

ROLES = ["admin", "organizer", "dispatcher", "editor", "fundraiser", "researcher"]

# (app_label, model, codename, name): created here if post_migrate has not run yet.
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
USER_MANAGEMENT = [
    ("auth", "user", "add_user", "Can add user"),
    ("auth", "user", "change_user", "Can change user"),
    ("auth", "user", "delete_user", "Can delete user"),
    ("auth", "user", "view_user", "Can view user"),
    ("auth", "group", "add_group", "Can add group"),
    ("auth", "group", "change_group", "Can change group"),
    ("auth", "group", "delete_group", "Can delete group"),
    ("auth", "group", "view_group", "Can view group"),
]
EDITOR_PAGE = [
    ("wagtailcore", "page", "add_page", "Can add page"),
    ("wagtailcore", "page", "change_page", "Can change page"),
    ("wagtailcore", "page", "publish_page", "Publish any page"),
]
EDITOR_COLLECTION = [
    ("wagtaildocs", "document", "add_document", "Can add document"),
    ("wagtaildocs", "document", "change_document", "Can change document"),
    ("wagtaildocs", "document", "choose_document", "Can choose document"),
    ("wagtailimages", "image", "add_image", "Can add image"),
    ("wagtailimages", "image", "change_image", "Can change image"),
    ("wagtailimages", "image", "choose_image", "Can choose image"),
]


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return perm


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = permission(apps, *ACCESS_ADMIN)
    groups = {}
    for name in ROLES:
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(access_admin)

    groups["admin"].permissions.add(*(permission(apps, *spec) for spec in USER_MANAGEMENT))

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for spec in EDITOR_PAGE:
            GroupPagePermission.objects.get_or_create(
                group=groups["editor"], page=root_page, permission=permission(apps, *spec)
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for spec in EDITOR_COLLECTION:
            GroupCollectionPermission.objects.get_or_create(
                group=groups["editor"],
                collection=root_collection,
                permission=permission(apps, *spec),
            )

    # Wagtail's starter groups would sit beside ours with overlapping names ("Editors" next to
    # "editor") and confuse whoever assigns roles; drop them while nobody belongs to them.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
