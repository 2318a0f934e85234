"""The Anonymous tips item of the admin menu, for tip readers only."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import can_read_tips
from .backoffice import urls


class TipReaderMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_tips(request.user)


@hooks.register("register_admin_urls")
def register_tips_urls():
    return [path("tips/", include(urls, namespace="tips_admin"))]


@hooks.register("register_admin_menu_item")
def register_tips_menu():
    return TipReaderMenuItem(
        _("Anonymous tips"), reverse("tips_admin:inbox"), icon_name="mail", order=650
    )
