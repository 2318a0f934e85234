"""Two-factor pages of the staff admin: set up an authenticator app, see backup codes, verify."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services, stepup, totp
from .access import access_staff_account
from .forms import ConfirmDeviceForm, VerifyForm
from .models import Passkey
from .roles import requires_two_factor

# Backup codes wait in the session only between the confirmation and the page that shows them.
BACKUP_CODES_SESSION_KEY = "vecinos_backup_codes"


def next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def rejection_message(error: services.CodeNotAccepted, *, setting_up: bool = False) -> str:
    if isinstance(error, services.TwoFactorThrottled):
        return _("That came quickly after a wrong code. Wait a few seconds and try again.")
    if setting_up:
        return _("That code did not match. Check that your phone's clock is right and try again.")
    return _("That code is not right. Try again.")


def with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url(request)})}"


def has_confirmed_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_passkey(user) -> bool:
    return Passkey.objects.filter(user=user, confirmed=True).exists()


@require_http_methods(["GET", "POST"])
def setup(request):
    if has_confirmed_app(request.user):
        return redirect(with_next("accounts:two-factor-verify", request))
    device = services.start_totp_setup(request.user)
    form = ConfirmDeviceForm(request.POST or None)
    if form.is_valid():
        try:
            device = services.confirm_totp_device(device, code=form.cleaned_data["code"])
        except services.CodeNotAccepted as error:
            form.add_error("code", rejection_message(error, setting_up=True))
        else:
            stepup.login_second_factor(request, device)
            request.session[BACKUP_CODES_SESSION_KEY] = services.issue_backup_codes(request.user)
            return redirect(with_next("accounts:two-factor-backup-codes", request))
    return TemplateResponse(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": totp.qr_code_svg(device.config_url),
            "secret": totp.secret_for_display(device),
            "next": next_url(request),
        },
    )


@require_http_methods(["GET"])
def backup_codes(request):
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(next_url(request))
    return TemplateResponse(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes": codes, "next": next_url(request)},
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    # ?step_up=1 asks a verified user to prove the second factor again, for an action that
    # needs it fresh (stepup.verified_recently).
    step_up = bool(request.GET.get("step_up") or request.POST.get("step_up"))
    if not requires_two_factor(user) and not step_up:
        return redirect(next_url(request))
    if user.is_verified() and not (step_up and not stepup.verified_recently(request)):
        return redirect(next_url(request))
    if not has_confirmed_app(user) and not has_passkey(user):
        return redirect(with_next("accounts:two-factor-setup", request))
    form = VerifyForm(request.POST or None)
    if form.is_valid():
        try:
            device = services.verify_second_factor(user, code=form.cleaned_data["code"])
        except services.TwoFactorLocked:
            pass
        except services.CodeNotAccepted as error:
            form.add_error("code", rejection_message(error))
        else:
            stepup.login_second_factor(request, device)
            return redirect(next_url(request))
    locked = services.is_locked(user)
    return TemplateResponse(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "locked": locked,
            "next": next_url(request),
            "has_passkey": has_passkey(user),
            "step_up": step_up,
        },
        status=429 if locked and request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def reset(request, user_id):
    account = access_staff_account(request.user, user_id)
    if request.method == "POST":
        services.reset_two_factor(account, actor=request.user)
        messages.success(
            request,
            _(
                "Two-step sign-in was reset for %(name)s. "
                "They will set it up again at their next sign-in."
            )
            % {"name": account.get_username()},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/two_factor_reset.html",
        {
            "account": account,
            "has_app": has_confirmed_app(account),
            "page_title": _("Reset two-step sign-in"),
            "page_subtitle": account.get_username(),
            "header_icon": "key",
        },
    )
