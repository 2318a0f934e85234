"""The Zones menu of the admin: coverage for admins, organizers and researchers; members for
organizers and block captains; setting zones up for admins and organizers."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .access import can_manage_members, can_see_coverage, can_see_members
from .backoffice import urls


class RoleMenuItem(MenuItem):
    """A menu item shown only to users for whom `allowed(user)` is true."""

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def is_shown(self, request):
        return self.allowed(request.user)


@hooks.register("register_admin_urls")
def register_zones_urls():
    return [path("zones/", include(urls, namespace="zones_admin"))]


@hooks.register("register_admin_menu_item")
def register_zones_menu():
    items = [
        RoleMenuItem(
            _("Coverage"),
            reverse("zones_admin:index"),
            icon_name="site",
            order=100,
            allowed=can_see_coverage,
        ),
        RoleMenuItem(
            _("Members"),
            reverse("zones_admin:members"),
            icon_name="group",
            order=200,
            allowed=can_see_members,
        ),
        RoleMenuItem(
            _("Import shapes"),
            reverse("zones_admin:import"),
            icon_name="upload",
            order=300,
            allowed=can_manage_members,
        ),
        RoleMenuItem(
            _("Consent texts"),
            reverse("zones_admin:consent"),
            icon_name="doc-full",
            order=400,
            allowed=can_manage_members,
        ),
    ]
    # Shown when any of its items is: a researcher sees only Coverage, a captain only Members.
    return SubmenuMenuItem(_("Zones"), Menu(items=items), icon_name="site", order=300)


@hooks.register("construct_homepage_panels")
def add_zones_panels(request, panels):
    from .dashboard import add_panels

    add_panels(request, panels)
