import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from vecinos.accounts.roles import Role, has_role, requires_two_factor

from .conftest import make_staff

pytestmark = pytest.mark.django_db


def codenames(group):
    return sorted(group.permissions.values_list("codename", flat=True))


def test_every_role_has_a_group_with_admin_access():
    for role in Role:
        group = Group.objects.get(name=role.value)
        assert "access_admin" in codenames(group)


def test_admin_role_manages_users_and_groups():
    assert codenames(Group.objects.get(name="admin")) == [
        "access_admin",
        "add_group",
        "add_user",
        "change_group",
        "change_user",
        "delete_group",
        "delete_user",
        "view_group",
        "view_user",
    ]


def test_editor_role_edits_and_publishes_the_whole_page_tree():
    editor = Group.objects.get(name="editor")
    root = Page.get_first_root_node()
    granted = GroupPagePermission.objects.filter(group=editor)
    assert {p.page_id for p in granted} == {root.pk}
    assert sorted(p.permission.codename for p in granted) == [
        "add_page",
        "change_page",
        "publish_page",
    ]


def test_editor_role_adds_documents_and_images_everywhere():
    editor = Group.objects.get(name="editor")
    granted = GroupCollectionPermission.objects.filter(group=editor)
    assert {p.collection_id for p in granted} == {Collection.get_first_root_node().pk}
    assert sorted(p.permission.codename for p in granted) == [
        "add_document",
        "add_image",
        "change_document",
        "change_image",
        "choose_document",
        "choose_image",
    ]


@pytest.mark.parametrize("role", ["organizer", "dispatcher", "fundraiser", "researcher"])
def test_other_roles_only_enter_the_admin_for_now(role):
    group = Group.objects.get(name=role)
    assert codenames(group) == ["access_admin"]
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_wagtail_starter_groups_are_gone():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_role_labels_are_translated():
    from django.utils import translation

    with translation.override("es"):
        assert str(Role.ORGANIZER.label) == "Organizador/a"


def test_has_role_reads_groups_and_counts_superusers_as_admins():
    organizer = make_staff("o", "organizer")
    boss = make_staff("b", superuser=True)
    assert has_role(organizer, Role.ORGANIZER)
    assert has_role(organizer, Role.DISPATCHER, Role.ORGANIZER)
    assert not has_role(organizer, Role.ADMIN)
    assert has_role(boss, Role.ADMIN)
    assert not has_role(boss, Role.RESEARCHER)
    assert not has_role(AnonymousUser(), Role.ORGANIZER)


def test_has_role_ignores_inactive_users():
    organizer = make_staff("o", "organizer")
    organizer.is_active = False
    assert not has_role(organizer, Role.ORGANIZER)


def test_only_editors_alone_skip_two_factor():
    assert not requires_two_factor(make_staff("e", "editor"))
    assert requires_two_factor(make_staff("eo", "editor", "organizer"))
    assert requires_two_factor(make_staff("r", "researcher"))
    assert requires_two_factor(make_staff("s", superuser=True))
    assert requires_two_factor(make_staff("nobody"))
    assert not requires_two_factor(AnonymousUser())
