from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import can_broadcast
from .backoffice import urls


class BroadcastMenuItem(MenuItem):
    def is_shown(self, request):
        return can_broadcast(request.user)


@hooks.register("register_admin_urls")
def register_broadcast_urls():
    return [path("broadcasts/", include(urls, namespace="broadcasts"))]


@hooks.register("register_admin_menu_item")
def register_broadcast_menu_item():
    return BroadcastMenuItem(
        _("Broadcasts"), reverse("broadcasts:index"), icon_name="mail", order=350
    )
