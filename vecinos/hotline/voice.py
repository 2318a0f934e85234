"""Reports by phone call: the hotline's option on the organization's voice menu.

After the caller picks a language and this option, they choose: 1 to leave a recorded
message (filed as a report), 2 to be put through to the dispatcher on shift. When nobody is
on shift, or the dispatcher does not answer, the caller leaves a voicemail instead, which is
filed the same way. The caller's number is never stored. The recording is fetched from the
provider right after the call, stored encrypted and deleted there (services/recordings.py).
"""

from django.db import IntegrityError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from vecinos.messaging.voice import register_voice_option, twiml_response
from vecinos.messaging.webhooks import signed_by_twilio

from . import services
from .models import Report

VOICE_DIGIT = "1"
# Seconds the dispatcher's phone rings before the caller is sent to voicemail.
DIAL_TIMEOUT = 20
MAX_RECORDING_SECONDS = 180


def _language(request) -> str:
    language = request.GET.get("lang", "es")
    return language if language in ("en", "es") else "es"


def _url(name: str, language: str) -> str:
    return f"{reverse(name)}?lang={language}"


def hotline_menu(request, language: str) -> HttpResponse:
    """The hotline's own menu: record a message, or talk to the dispatcher."""
    return twiml_response(
        "hotline/voice/menu.txt",
        {"action": _url("hotline_voice:choice", language)},
        language,
    )


def _record(language: str, *, voicemail: bool) -> HttpResponse:
    return twiml_response(
        "hotline/voice/record.txt",
        {
            "action": _url("hotline_voice:recorded", language),
            "voicemail": voicemail,
            "max_length": MAX_RECORDING_SECONDS,
        },
        language,
    )


@signed_by_twilio
def choice(request):
    language = _language(request)
    digit = request.POST.get("Digits", "")
    if digit == "2":
        shift = services.on_shift()
        phone = shift.dispatcher.phone if shift else ""
        if phone:
            return twiml_response(
                "hotline/voice/dial.txt",
                {
                    "action": _url("hotline_voice:dialed", language),
                    "number": phone,
                    "timeout": DIAL_TIMEOUT,
                },
                language,
            )
        return _record(language, voicemail=True)
    if digit == "1":
        return _record(language, voicemail=False)
    return hotline_menu(request, language)


@signed_by_twilio
def dialed(request):
    language = _language(request)
    if request.POST.get("DialCallStatus") == "completed":
        return twiml_response("hotline/voice/goodbye.txt", {}, language)
    return _record(language, voicemail=True)


def recording_key(request) -> str | None:
    """A keyed hash of the provider's id for this recording, the same on every retry."""
    sid = request.POST.get("RecordingSid") or request.POST.get("CallSid")
    if not sid:
        return None
    return salted_hmac("vecinos.hotline.voice.recording", sid[:64], algorithm="sha256").hexdigest()


@signed_by_twilio
def recorded(request):
    """File a recorded message once, however many times the provider sends its callback."""
    language = _language(request)
    url = request.POST.get("RecordingUrl", "")
    key = recording_key(request)
    if url.startswith("https://") and not (
        key and Report.objects.filter(provider_key=key).exists()
    ):
        new = services.NewReport(
            channel="voice", language=language, recording_url=url[:300], provider_key=key
        )
        try:
            services.submit_report(new)
        except IntegrityError:
            pass  # the same callback, filed by a retry that arrived at the same moment
    return twiml_response("hotline/voice/thanks.txt", {}, language)


register_voice_option(VOICE_DIGIT, _("report a raid or immigration agents"), hotline_menu)
