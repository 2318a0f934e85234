"""Passkey screens and the JSON steps of the browser's WebAuthn ceremonies."""

import logging

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import passkeys, services, stepup
from .forms import PasskeyNameForm
from .models import Passkey
from .views import next_url

logger = logging.getLogger(__name__)


def _options(payload: str) -> HttpResponse:
    return HttpResponse(payload, content_type="application/json")


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


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
        return _refused(_("That passkey could not be checked. Try again, or use a code instead."))
    stepup.login_second_factor(request, passkey)
    return JsonResponse({"redirect": next_url(request)})


@require_POST
def sign_in_options(request):
    return _options(passkeys.authentication_options(request.session))


@require_POST
def sign_in(request):
    """Sign in with a passkey alone: it stands for the password and the second factor."""
    try:
        data = passkeys.parse_body(request.body)
        passkey, count = passkeys.verify_authentication(request.session, data.get("credential"))
        if not passkey.user.is_active or services.is_locked(passkey.user):
            raise passkeys.PasskeyRejected("inactive or locked account")
        passkey = services.record_passkey_use(passkey, sign_count=count, alone=True)
    except (passkeys.PasskeyRejected, services.CodeNotAccepted) as error:
        logger.info("Passkey sign-in refused: %s", error)
        return _refused(_("That passkey could not sign you in. Try again, or use your password."))
    auth_login(request, passkey.user, backend="django.contrib.auth.backends.ModelBackend")
    stepup.login_second_factor(request, passkey)
    return JsonResponse({"redirect": next_url(request)})
