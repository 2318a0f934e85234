"""Durations as people say them, in both languages."""

from datetime import timedelta

from django.template import Context, Template
from django.utils import translation

from vecinos.core.durations import humane_duration


def test_english():
    with translation.override("en"):
        assert humane_duration(timedelta(minutes=9, seconds=50.188772)) == "9 minutes 50 seconds"
        assert humane_duration(timedelta(seconds=45)) == "45 seconds"
        assert humane_duration(timedelta(seconds=1)) == "1 second"
        assert humane_duration(timedelta(minutes=1)) == "1 minute"
        assert humane_duration(timedelta(hours=2, minutes=3, seconds=9)) == "2 hours 3 minutes"
        assert humane_duration(timedelta(days=1, hours=4, minutes=5)) == "1 day 4 hours"
        assert humane_duration(timedelta(hours=1, seconds=30)) == "1 hour"
        assert humane_duration(timedelta(0)) == "0 seconds"
        assert humane_duration(timedelta(seconds=-5)) == "0 seconds"
        assert humane_duration(None) == ""


def test_spanish():
    with translation.override("es"):
        assert humane_duration(timedelta(minutes=9, seconds=50)) == "9 minutos 50 segundos"
        assert humane_duration(timedelta(hours=1, minutes=1)) == "1 hora 1 minuto"
        assert humane_duration(timedelta(days=2)) == "2 días"


def test_the_template_filter():
    template = Template("{% load vecinos %}{{ value|duration|default:'—' }}")
    with translation.override("en"):
        rendered = template.render(Context({"value": timedelta(seconds=590.2)}))
        assert rendered == "9 minutes 50 seconds"
        assert template.render(Context({"value": None})) == "—"
