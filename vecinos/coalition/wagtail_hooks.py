"""The Coalition menu of the admin: sign-on letters and their verification queue."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import can_coordinate
from .backoffice import urls


class CoalitionMenuItem(MenuItem):
    def is_shown(self, request):
        return can_coordinate(request.user)


@hooks.register("register_admin_urls")
def register_coalition_urls():
    return [path("coalition/", include(urls, namespace="coalition_admin"))]


@hooks.register("register_admin_menu_item")
def register_coalition_menu():
    return CoalitionMenuItem(
        _("Coalition"), reverse("coalition_admin:index"), icon_name="group", order=360
    )
