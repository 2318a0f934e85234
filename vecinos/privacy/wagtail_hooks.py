"""The unlock screen, its menu item while locked, the "locked" banner on every admin page, and
the admins' legal-hold switch and audit log (backoffice/)."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import crypto
from .backoffice.audit_log import AuditEntryViewSet
from .backoffice.held_posts import HeldPostsView
from .backoffice.legal_hold import LegalHoldView, is_admin
from .views import UnlockView


@hooks.register("register_admin_urls")
def register_unlock_url():
    return [path("unlock/", UnlockView.as_view(), name="privacy_unlock")]


class UnlockMenuItem(MenuItem):
    def is_shown(self, request):
        return crypto.is_locked()


@hooks.register("register_admin_menu_item")
def register_unlock_menu_item():
    return UnlockMenuItem(_("Unlock"), reverse("privacy_unlock"), icon_name="lock", order=50)


@hooks.register("insert_global_admin_css")
def locked_banner_css():
    return format_html('<link rel="stylesheet" href="{}">', static("privacy/admin.css"))


@hooks.register("insert_global_admin_js")
def locked_banner():
    # This hook's output lands at the end of <body> on every admin page, which is where a
    # banner can go without JavaScript.
    if not crypto.is_locked():
        return ""
    return render_to_string("privacy/admin/locked_banner.html")


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEntryViewSet("audit_log")


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return is_admin(request.user)


@hooks.register("register_admin_urls")
def register_legal_hold_url():
    return [path("legal-hold/", LegalHoldView.as_view(), name="vecinos_legal_hold")]


@hooks.register("register_settings_menu_item")
def register_legal_hold_menu_item():
    return AdminOnlyMenuItem(
        _("Legal hold"), reverse("vecinos_legal_hold"), icon_name="lock", order=900
    )


@hooks.register("construct_homepage_panels")
def add_retention_panel(request, panels):
    from .dashboard import add_panels

    add_panels(request, panels)


@hooks.register("register_admin_urls")
def register_held_posts_url():
    return [path("held-posts/", HeldPostsView.as_view(), name="vecinos_held_posts")]


@hooks.register("register_admin_menu_item")
def register_held_posts_menu_item():
    return AdminOnlyMenuItem(
        _("Held posts"), reverse("vecinos_held_posts"), icon_name="warning", order=860
    )
