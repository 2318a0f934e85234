"""Calls to the organization's number: a bilingual menu whose options other apps register.

The hotline registers what a caller can do in its `voice.py` (`register_voice_option("1",
_("report a raid"), handler)`); the webhook first asks for a language (1 English, 2
Spanish), then lists the options in that language, and hands the call to the chosen option's
handler, which answers with TwiML of its own (render it with `twiml_response`). With nothing
registered, a caller hears in both languages how to text HELP, and the call ends. TwiML is
rendered from Django templates (messaging/voice/*.txt, .txt so their words reach the
translation catalogue), never built with Twilio's library, which only channels/twilio_sms.py
imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from vecinos.core.registry import Registry

# Twilio's text-to-speech languages for our two: US English and Mexican Spanish, which every
# Twilio voice speaks.
SAY_LANGUAGES = {"en": "en-US", "es": "es-MX"}

VoiceHandler = Callable[[HttpRequest, str], HttpResponse]


@dataclass(frozen=True)
class VoiceOption:
    digit: str
    label: str  # a lazy translation: what pressing the digit does, e.g. "report a raid"
    handler: VoiceHandler


# Each app declares its options in `<app>/voice.py`, found when the menu is first asked for.
_options = Registry[VoiceOption]("voice", key="digit")


def register_voice_option(digit: str, label, handler: VoiceHandler) -> VoiceOption:
    """Offer `digit` on the call menu; `handler(request, language)` answers with TwiML."""
    if len(digit) != 1 or not digit.isdigit():
        raise ValueError("A voice option is one digit, 0 to 9.")
    return _options.register(VoiceOption(digit=digit, label=label, handler=handler))


def unregister_voice_option(digit: str) -> None:
    _options.unregister(digit)


def voice_options() -> list[VoiceOption]:
    return _options.registered()


def get_voice_option(digit: str) -> VoiceOption | None:
    return _options.get(digit)


def twiml_response(
    template: str, context: dict | None = None, language: str = "en"
) -> HttpResponse:
    """Render a TwiML template in `language` and answer with it as XML."""
    with translation.override(language):
        body = render_to_string(
            template, {"say_language": SAY_LANGUAGES.get(language, "en-US"), **(context or {})}
        )
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
