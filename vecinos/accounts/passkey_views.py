"""Passkey screens and the JSON steps of the browser's WebAuthn ceremonies."""

import logging

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from vecinos.core.ratelimit import rate_limited

from . import passkeys, services, stepup
from .forms import PasskeyNameForm
from .models import Passkey
from .views import next_url

logger = logging.getLogger(__name__)


def _options(payload: str) -> HttpResponse:
    return HttpResponse(payload, content_type="application/json")


SIGN_IN_LIMIT = 10
SIGN_IN_PERIOD = 60
TOO_MANY_SIGN_INS = gettext_lazy(
    "Too many sign-in attempts from here just now. Please wait a minute."
)
TOO_MANY_CODES = gettext_lazy(
    "Too many wrong codes. For your safety, wait 15 minutes before trying again."
)


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


@require_http_methods(["GET"])
def manage(request):
    return TemplateResponse(
        request,
        "accounts/passkeys.html",
        {
            "passkeys": Passkey.objects.filter(user=request.user, confirmed=True),
            "form": PasskeyNameForm(),
            "page_title": _("Passkeys"),
            "header_icon": "key",
        },
    )


@require_POST
def register_options(request):
    return _options(passkeys.registration_options(request.session, request.user))


@require_POST
def register(request):
    try:
        data = passkeys.parse_body(request.body)
        form = PasskeyNameForm({"name": data.get("name", "")})
        if not form.is_valid():
            return _refused(" ".join(form.errors["name"]))
        fields = passkeys.verify_registration(request.session, request.user, data.get("credential"))
    except passkeys.PasskeyRejected as error:
        logger.info("Passkey registration refused: %s", error)
        return _refused(_("The passkey could not be saved. Try again."))
    services.register_passkey(request.user, name=form.cleaned_data["name"], **fields)
    messages.success(request, _("Passkey saved."))
    return JsonResponse({"redirect": reverse("accounts:passkeys")})


@require_POST
def rename(request, passkey_id):
    passkey = get_object_or_404(Passkey, pk=passkey_id, user=request.user)
    form = PasskeyNameForm(request.POST)
    if form.is_valid():
        services.rename_passkey(passkey, form.cleaned_data["name"], actor=request.user)
        messages.success(request, _("Passkey renamed."))
    else:
        messages.error(request, _("Give the passkey a name first."))
    return redirect("accounts:passkeys")


@require_POST
def remove(request, passkey_id):
    passkey = get_object_or_404(Passkey, pk=passkey_id, user=request.user)
    services.remove_passkey(passkey, actor=request.user)
    messages.success(request, _("Passkey removed."))
    return redirect("accounts:passkeys")


@require_POST
def verify_options(request):
    if services.is_locked(request.user):
        return _refused(
            _("Too many wrong codes. For your safety, wait 15 minutes before trying again."), 429
        )
    return _options(passkeys.authentication_options(request.session, request.user))


@require_POST
def verify(request):
    """Accept a passkey as the second factor after the password, as a code would be."""
    user = request.user
    if user.is_verified() and stepup.verified_recently(request):
        return JsonResponse({"redirect": next_url(request)})
    if services.is_locked(user):
        return _refused(
            _("Too many wrong codes. For your safety, wait 15 minutes before trying again."), 429
        )
    try:
        data = passkeys.parse_body(request.body)
        passkey, count = passkeys.verify_authentication(
            request.session, data.get("credential"), user
        )
        passkey = services.record_passkey_use(passkey, sign_count=count, alone=False)
    except (passkeys.PasskeyRejected, services.CodeNotAccepted) as error:
        logger.info("Passkey second factor refused: %s", error)
        # A wrong passkey is a wrong code: it counts toward the same lockout.
        if services.record_failure(user):
            return _refused(TOO_MANY_CODES, 429)
        return _refused(_("That passkey could not be checked. Try again, or use a code instead."))
    stepup.login_second_factor(request, passkey)
    return JsonResponse({"redirect": next_url(request)})


def _sign_in_flooded(request, step: str) -> bool:
    """Count this step of a password-free sign-in; True past the limit for this address."""
    return rate_limited(
        request, f"accounts.passkey_sign_in.{step}", limit=SIGN_IN_LIMIT, period=SIGN_IN_PERIOD
    )


@require_POST
def sign_in_options(request):
    if _sign_in_flooded(request, "options"):
        return _refused(TOO_MANY_SIGN_INS, 429)
    return _options(passkeys.authentication_options(request.session))


@require_POST
def sign_in(request):
    """Sign in with a passkey alone: it stands for the password and the second factor.

    Rate-limited per address like the public forms; a wrong proof for a registered passkey
    counts toward its owner's lockout, and a locked owner cannot sign in with it.
    """
    if _sign_in_flooded(request, "answer"):
        return _refused(TOO_MANY_SIGN_INS, 429)
    try:
        data = passkeys.parse_body(request.body)
        passkey, count = passkeys.verify_authentication(request.session, data.get("credential"))
        if not passkey.user.is_active or services.is_locked(passkey.user):
            raise passkeys.PasskeyRejected("inactive or locked account")
        passkey = services.record_passkey_use(passkey, sign_count=count, alone=True)
    except (passkeys.PasskeyRejected, services.CodeNotAccepted) as error:
        logger.info("Passkey sign-in refused: %s", error)
        owner = getattr(getattr(error, "passkey", None), "user", None)
        if owner is not None:
            services.record_failure(owner)
        return _refused(_("That passkey could not sign you in. Try again, or use your password."))
    auth_login(request, passkey.user, backend="vecinos.accounts.backends.StaffBackend")
    stepup.login_second_factor(request, passkey)
    return JsonResponse({"redirect": next_url(request)})
