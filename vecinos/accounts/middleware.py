"""Middleware that keeps staff without a verified second factor out of the admin."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Passkey
from .roles import requires_two_factor

# Pages reachable before the second factor: signing in and out, the two-factor pages
# themselves, and the assets those pages load.
EXEMPT_VIEW_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "accounts:two-factor-setup",
        "accounts:two-factor-backup-codes",
        "accounts:two-factor-verify",
        "accounts:passkey-verify-options",
        "accounts:passkey-verify",
        "accounts_sign_in:passkey-options",
        "accounts_sign_in:passkey",
    }
)


class RequireTwoFactorMiddleware:
    """Send admin users who need a second factor to set one up, or to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_VIEW_NAMES:
            return None
        if match.view_name.startswith("wagtailadmin_password_reset"):
            return None
        user = request.user
        # Someone without admin access gets Wagtail's own refusal rather than a setup page.
        if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
            return None
        if not requires_two_factor(user) or user.is_verified():
            return None
        has_app = (
            TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or Passkey.objects.filter(user=user, confirmed=True).exists()
        )
        target = "accounts:two-factor-verify" if has_app else "accounts:two-factor-setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class AdminContentSecurityPolicyMiddleware:
    """Loosen the Content-Security-Policy for the Wagtail admin only; the public site stays strict.

    Wagtail 8 still writes inline <script> elements for its date pickers, choosers and inline
    panels (wagtail/admin/widgets/chooser.py, templates/wagtailadmin/widgets/*), which a
    script-src without 'unsafe-inline' blocks; and its live preview shows the page in a
    same-origin frame, which frame-ancestors 'none' blocks. Staff pages load nothing from other
    origins either way. Must sit after csp.middleware.CSPMiddleware in MIDDLEWARE, so that it
    marks the response before that middleware writes the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            # A nonce in script-src would make browsers ignore 'unsafe-inline'; the admin's
            # templates never ask for one.
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
            response._csp_replace = {"frame-ancestors": ["'self'"]}
            # A preview renders the public page through a second, internal request whose
            # response already carries the public policy; CSPMiddleware never replaces a
            # header, so drop it and let the admin's policy be written.
            if "Content-Security-Policy" in response:
                del response["Content-Security-Policy"]
        return response
