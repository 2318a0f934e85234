"""Every SMS template of every app, in both languages, fits the segments it declares.

A template declares its budget on its first line: `{# segments: 1 #}`, measured as the text
is sent (every SMS follows one rule for accents, rendering.sms_text). This test
finds every `<app>/sms/*.txt` on its own, so a new template is covered the day it is added,
and fails when one has no declaration. It renders each with long sample values (long
Philadelphia place names, long organization names) so the budget holds for real data.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.base import TokenType, VariableNode
from django.template.loader import get_template
from django.templatetags.i18n import BlockTranslateNode

from vecinos.messaging.rendering import render_text, sms_text
from vecinos.messaging.sms_length import count_segments

DECLARATION = re.compile(r"^\{#\s*segments:\s*(\d+)\s*#\}")

# Realistic worst cases. Names not listed here get LONG_TEXT.
SAMPLES = {
    "org_name": "Vecinos Unidos de Kensington y Fairhill",
    "contact": "(215) 555-0134",
    "contact_phone": "(215) 555-0134",
    "contact_email": "organizadores@vecinosunidos.example.org",
    "place": "Kensington Ave & E Allegheny Ave, Philadelphia",
    "address": "3rd St & W Lehigh Ave, North Philadelphia",
    "street": "North Martin Luther King Jr Boulevard",
    "location": "Roosevelt Blvd & Rising Sun Ave (Feltonville)",
    "zone": "Hunting Park / Feltonville / Juniata Park",
    "zone_name": "Hunting Park / Feltonville / Juniata Park",
    "block": "4800 block of North Mascher Street",
    "block_name": "4800 block of North Mascher Street",
    "neighborhood": "Northern Liberties and South Kensington",
    "name": "María Guadalupe Hernández-Villanueva",
    "first_name": "María Guadalupe",
    "time": "11:45 p. m.",
    "date": "miércoles 30 de septiembre",
    "when": "miércoles 30 de septiembre, 11:45 p. m.",
    "minutes": 10,
    "count": 99999,
    "reports": 9999,
    "incidents": 999,
    "code": "Z7K-4QP",
    "url": "https://vecinosunidos.example.org/es/s/Z7K4QP/",
    "starters_en": "JOIN, REPORT",
    "starters_es": "UNIRME, REPORTAR",
}
LONG_TEXT = "Kensington Avenue & East Allegheny Avenue"


class Sample(str):
    """A long string that also answers attribute and item lookups (`{{ zone.name }}`)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Sample(SAMPLES.get(name, LONG_TEXT))

    def __getitem__(self, key):
        if isinstance(key, str):
            return Sample(SAMPLES.get(key, LONG_TEXT))
        return str.__getitem__(self, key)


def sms_templates() -> list[str]:
    """Return every `<app>/sms/*.txt` template name the template engines can load."""
    found = set()
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            for directory in loader.get_dirs():
                for path in Path(directory).glob("*/sms/*.txt"):
                    found.add(path.relative_to(directory).as_posix())
    return sorted(
        name for name in found if not name.startswith(("django/", "wagtail", "wagtailadmin"))
    )


def _name(expression) -> str | None:
    var = getattr(expression, "var", None)
    if isinstance(getattr(var, "var", None), str):
        return var.var.split(".")[0]
    return None


def variables(template_name: str) -> set[str]:
    """Return the top-level variable names a template uses, as far as they can be seen.

    Variables printed ({{ x }}), given to blocktranslate, and any sample name that appears
    in the source (so `{% if contact %}` gets its worst case too).
    """
    template = get_template(template_name).template
    names = {name for name in SAMPLES if re.search(rf"\b{name}\b", template.source)}

    def walk(nodelist):
        for node in nodelist:
            if isinstance(node, VariableNode):
                names.add(_name(node.filter_expression))
            if isinstance(node, BlockTranslateNode):
                for token in [*node.singular, *(node.plural or [])]:
                    if token.token_type == TokenType.VAR:
                        names.add(token.contents.split(".")[0])
                names.update(_name(value) for value in node.extra_context.values())
            for attr in node.child_nodelists:
                walk(getattr(node, attr, None) or [])

    walk(template.nodelist)
    return names - {None}


def sample_context(template_name: str) -> dict:
    return {
        name: SAMPLES[name] if name in SAMPLES else Sample(LONG_TEXT)
        for name in variables(template_name)
    }


def declaration(template_name: str) -> int:
    source = get_template(template_name).template.source
    match = DECLARATION.match(source)
    assert match, f"{template_name} must start with {{# segments: N #}}"
    return int(match.group(1))


TEMPLATES = sms_templates()


def test_every_messaging_keyword_reply_is_discovered():
    assert {
        "messaging/sms/stop.txt",
        "messaging/sms/start.txt",
        "messaging/sms/help.txt",
        "messaging/sms/language.txt",
        "messaging/sms/delete_confirm.txt",
        "messaging/sms/delete_done.txt",
        "messaging/sms/delete_cancelled.txt",
        "messaging/sms/menu.txt",
    } <= set(TEMPLATES)


def test_samples_reach_variables_inside_blocktranslate():
    assert {"org_name", "minutes"} <= variables("messaging/sms/delete_confirm.txt")
    assert {"org_name", "starters_en", "starters_es"} <= variables("messaging/sms/menu.txt")


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("template_name", TEMPLATES)
def test_sms_template_fits_its_declared_segments(template_name, language):
    limit = declaration(template_name)
    text = sms_text(render_text(template_name, sample_context(template_name), language))
    info = count_segments(text)
    assert text.strip()
    assert info.segments <= limit, (
        f"{template_name} in {language}: {info.segments} segments ({info.encoding}, "
        f"{info.units} units), declared {limit}:\n{text}"
    )
