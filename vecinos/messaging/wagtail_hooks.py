"""The Test phone page in the admin menu, while messages stay on this machine."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .backoffice.test_phone import TestPhoneThreadsView, TestPhoneView, can_use_test_phone


@hooks.register("register_admin_urls")
def register_test_phone_urls():
    return [
        path("test-phone/", TestPhoneView.as_view(), name="messaging_test_phone"),
        path(
            "test-phone/threads/",
            TestPhoneThreadsView.as_view(),
            name="messaging_test_phone_threads",
        ),
    ]


class TestPhoneMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_test_phone(request.user)


@hooks.register("register_admin_menu_item")
def register_test_phone_menu_item():
    return TestPhoneMenuItem(
        _("Test phone"), reverse("messaging_test_phone"), icon_name="mobile-alt", order=900
    )


@hooks.register("construct_homepage_panels")
def add_outbox_panel(request, panels):
    from .dashboard import add_panels

    add_panels(request, panels)
