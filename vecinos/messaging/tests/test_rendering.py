"""Message bodies rendered in the recipient's language, and kept in GSM-7 when asked."""

import datetime

import pytest

from vecinos.messaging.rendering import (
    render_email,
    render_sms,
    sms_text,
    strip_accents,
    template_path,
)
from vecinos.messaging.sms_length import count_segments, is_gsm7

TEMPLATES = {
    "demo/sms/meeting.txt": (
        "{% load i18n %}{% get_current_language as lang %}[{{ lang }}] "
        "{{ when|date:'F' }} · {{ place }}\n\n\n\n{{ note }}   \n"
    ),
    "demo/email/meeting.txt": "{{ place }}: {{ when|date:'l' }}",
    "demo/email/meeting_subject.txt": "{{ when|date:'F' }}\n{{ place }}",
}


@pytest.fixture(autouse=True)
def demo_templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }
    ]


CONTEXT = {"when": datetime.date(2025, 1, 6), "place": "Iglesia San José", "note": "Tráiganlo"}


def test_render_sms_uses_the_recipients_language_not_the_current_one():
    assert render_sms("demo/meeting", CONTEXT, "es") == "[es] enero · Iglesia San José\n\nTraiganlo"
    assert render_sms("demo/meeting", CONTEXT, "en").startswith("[en] January")


def test_every_sms_follows_one_rule_for_accents():
    """é, ñ, ü kept (GSM-7 has them); á, í, ó, ú written without their accent; in every text,
    whoever sends it; e-mails keep every accent."""
    text = render_sms("demo/meeting", CONTEXT, "es")
    assert text == "[es] enero · Iglesia San José\n\nTraiganlo"
    assert sms_text("Tráiganlo a la reunión, José; año, pingüino") == (
        "Traiganlo a la reunion, José; año, pingüino"
    )
    # The middle dot has no GSM-7 form, so this text would stay UCS-2; without it, GSM-7.
    assert is_gsm7(strip_accents("Tráiganlo a la reunión, José"))


def test_strip_accents_keeps_what_gsm7_has_and_replaces_the_rest():
    assert strip_accents("Área cerrada: ¿están bien? Ñandú, pingüino, café") == (
        "Area cerrada: ¿estan bien? Ñandu, pingüino, café"
    )
    assert strip_accents("“Alto” — no abran… ‘ya’") == "\"Alto\" - no abran... 'ya'"
    assert strip_accents("ÍÓÚíóú") == "IOUiou"


def test_strip_accents_leaves_characters_with_no_gsm7_form():
    assert strip_accents("Listo 👍") == "Listo 👍"


def test_a_long_spanish_alert_fits_one_segment_only_without_accents():
    alert = (
        "ALERTA: agentes de inmigración vistos en Avenida Martín Luther King y Calle Benítez, "
        "frente a la panadería. No abran la puerta. Información: línea 24h."
    )
    assert count_segments(alert).segments == 3
    assert count_segments(strip_accents(alert)).segments == 1


def test_render_email_renders_the_subject_template_on_one_line():
    rendered = render_email("demo/meeting", CONTEXT, "es")
    assert rendered.subject == "enero Iglesia San José"
    assert rendered.body == "Iglesia San José: lunes"


def test_render_email_keeps_a_given_subject():
    assert render_email("demo/meeting", CONTEXT, "en", subject="Hi").subject == "Hi"


def test_template_path_expands_app_and_name_per_kind():
    assert template_path("zones/welcome", "sms") == "zones/sms/welcome.txt"
    assert template_path("zones/welcome", "email") == "zones/email/welcome.txt"
    assert template_path("zones/sms/other.txt", "sms") == "zones/sms/other.txt"
    with pytest.raises(ValueError):
        template_path("welcome", "sms")


def test_a_text_is_not_html_escaped():
    context = {**CONTEXT, "place": "10th & Christian", "note": "Workers' rights <today>"}
    assert render_sms("demo/meeting", context, "en").endswith(
        "10th & Christian\n\nWorkers' rights <today>"
    )
