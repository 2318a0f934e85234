from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import can_dispatch
from .backoffice import urls as admin_urls


class HotlineMenuItem(MenuItem):
    def is_shown(self, request):
        return can_dispatch(request.user)


@hooks.register("register_admin_urls")
def register_hotline_urls():
    return [path("hotline/", include(admin_urls, namespace="hotline_admin"))]


@hooks.register("register_admin_menu_item")
def register_hotline_menu_item():
    return HotlineMenuItem(
        _("Hotline"), reverse("hotline_admin:console"), icon_name="warning", order=340
    )


@hooks.register("construct_homepage_panels")
def add_hotline_panels(request, panels):
    from .dashboard import add_panels

    add_panels(request, panels)
