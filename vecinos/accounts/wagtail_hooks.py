from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import urls
from .roles import Role, has_role, requires_two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls, namespace="accounts"))]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if not has_role(request_user, Role.ADMIN):
        return []
    return [
        Button(
            _("Reset two-step sign-in"),
            reverse("accounts:two-factor-reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
    ]


@hooks.register("register_account_menu_item")
def passkeys_menu_item(request):
    if not requires_two_factor(request.user):
        return None
    return {
        "url": reverse("accounts:passkeys"),
        "label": _("Passkeys"),
        "help_text": _("Sign in with your fingerprint, face or a security key instead of a code."),
    }
