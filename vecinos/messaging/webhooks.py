"""Twilio's webhooks: calls, delivery reports for what we sent, and the signature check that
every webhook passes first (incoming texts: inbound.py).

Every request is checked against Twilio's signature before anything else: the HMAC of the
URL Twilio called (VECINOS_PUBLIC_URL plus the path and query, since behind a proxy the
request's own host is not what Twilio saw) and the POST parameters, under TWILIO_AUTH_TOKEN.
A request without a valid signature gets 403 and nothing is stored or done.

Texts are stored once per MessageSid and answered with empty TwiML: replies go out through
the outbox, where they are recorded, paced and retried. Configure every webhook as POST.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vecinos.core.organization import message_context

from .voice import get_voice_option, twiml_response, voice_options

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
# A caller who presses nothing (or a wrong key) hears the menu this many times in all.
VOICE_TRIES = 2


def signed_by_twilio(view):
    """Answer 403 unless the request carries a valid X-Twilio-Signature."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from .channels.twilio_sms import validate_signature

        signature = request.headers.get("X-Twilio-Signature", "")
        url = settings.PUBLIC_URL + request.get_full_path()
        if not signature or not validate_signature(url, request.POST, signature):
            return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return wrapper


def xml_response(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


@signed_by_twilio
def status_webhook(request):
    from .outbox import record_status

    sid = request.POST.get("MessageSid") or request.POST.get("SmsSid")
    status = request.POST.get("MessageStatus") or request.POST.get("SmsStatus")
    if not (sid and status):
        return HttpResponseBadRequest()
    # Our status callback URL carries our message id (m), which finds the row even when the
    # callback beats the recording of Twilio's id.
    record_status(
        sid,
        status,
        error_code=request.POST.get("ErrorCode", ""),
        message_id=request.GET.get("m") or None,
    )
    return HttpResponse(status=204)


def _tries(request) -> int:
    try:
        return max(int(request.GET.get("tries", "1")), 1)
    except ValueError:
        return 1


def _voice_url(**query) -> str:
    return reverse("messaging:twilio-voice") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@signed_by_twilio
def voice_webhook(request):
    options = voice_options()
    if not options:
        return xml_response(_organization_voice("messaging/voice/no_options.txt"))
    step = request.GET.get("step", "")
    digit = request.POST.get("Digits", "")
    tries = _tries(request)
    language = request.GET.get("lang", "")
    if step == "option" and language in ("en", "es"):
        option = get_voice_option(digit)
        if option is not None:
            return option.handler(request, language)
        if tries >= VOICE_TRIES:
            return twiml_response("messaging/voice/goodbye.txt", {}, language)
        return _option_menu(options, language, tries + 1)
    if step == "language" and digit in ("1", "2"):
        language = "en" if digit == "1" else "es"
        if len(options) == 1:
            return options[0].handler(request, language)
        return _option_menu(options, language, 1)
    if step and tries >= VOICE_TRIES:
        return xml_response(_organization_voice("messaging/voice/no_options.txt"))
    return xml_response(
        render_to_string(
            "messaging/voice/language_menu.txt",
            {"action": _voice_url(step="language", tries=tries + 1 if step else 1)},
        )
    )


def _option_menu(options, language: str, tries: int) -> HttpResponse:
    return twiml_response(
        "messaging/voice/option_menu.txt",
        {"options": options, "action": _voice_url(step="option", lang=language, tries=tries)},
        language,
    )


def _organization_voice(template: str) -> str:
    # The template speaks both languages itself; English is only the starting point.
    with translation.override("en"):
        return render_to_string(template, message_context())
