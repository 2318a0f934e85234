"""One date format per language, on the web and in texts.

Pages and e-mails write a date with Django's DATE_FORMAT, which vecinos sets per language
(vecinos/core/formats): "Friday, December 4, 2026", "viernes, 4 de diciembre de 2026". A text
message has no room for the year of a date that is days away, so it says the same without it:
"Friday, December 4", "viernes, 4 de diciembre", and a time after a comma. Every SMS that
names a day uses sms_date or sms_datetime, so no text writes a date its own way.
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

SMS_DATE = {"en": "l, F j", "es": r"l, j \d\e F"}


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value, language: str | None = None) -> str:
    """ "Friday, December 4, 2026" / "viernes, 4 de diciembre de 2026"."""
    with translation.override(language or translation.get_language()):
        return date_format(_local(value), "DATE_FORMAT")


def sms_date(value, language: str | None = None) -> str:
    """ "Friday, December 4" / "viernes, 4 de diciembre": a text's date."""
    code = language or translation.get_language() or "en"
    with translation.override(code):
        return date_format(_local(value), SMS_DATE.get(code[:2], SMS_DATE["en"]))


def sms_datetime(value, language: str | None = None) -> str:
    """ "Friday, December 4, 6:30 p.m." / "viernes, 4 de diciembre, 18:30"."""
    code = language or translation.get_language() or "en"
    with translation.override(code):
        return f"{sms_date(value, code)}, {date_format(_local(value), 'TIME_FORMAT')}"
