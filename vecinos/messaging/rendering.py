"""Render message bodies from templates, each in its recipient's language.

Templates live at `<app>/sms/<name>.txt` and `<app>/email/<name>.txt`; an e-mail's subject
comes from `<app>/email/<name>_subject.txt` when the caller gives none. Rendering happens
inside `translation.override(language)`, so `{% translate %}` and dates follow the recipient,
not whoever triggered the message. Every template gets `organization`, `org_name` and
`contact` (vecinos.core.organization) on top of the caller's context, so no app looks the
organization up itself; what the caller passes under those names wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

from vecinos.core.organization import message_context

from .sms_length import GSM7_BASIC, GSM7_EXTENSION

# Typography that slips in from word processors and forces a whole text into UCS-2.
_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u00ba": "o",
        "\u00aa": "a",
    }
)
_BLANK_LINES = re.compile(r"\n{3,}")


def template_path(template: str, kind: str) -> str:
    """Return the template file for `template`: a full path as given, or `app/name` expanded.

    `kind` is "sms" or "email": "zones/welcome" becomes "zones/sms/welcome.txt".
    """
    if template.endswith((".txt", ".html")):
        return template
    app, _, name = template.partition("/")
    if not name:
        raise ValueError(f"Name a message template as 'app/name', not {template!r}")
    return f"{app}/{kind}/{name}.txt"


def strip_accents(text: str) -> str:
    """Replace each character outside the GSM-7 alphabet by its nearest GSM-7 form.

    á, í, ó, ú and curly quotes become a, i, o, u and straight quotes, so a Spanish text
    travels in 160-character segments instead of 70. Characters already in GSM-7 (é, ñ, ü,
    ¿, ¡) are kept; what has no GSM-7 form (an emoji) is kept too, and the text stays UCS-2.
    """
    out = []
    for ch in text.translate(_LOOKALIKES):
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(c in GSM7_BASIC for c in base) else ch)
    return "".join(out)


def _tidy(text: str) -> str:
    # Template tags leave blank lines behind; a text message should not pay for them.
    return _BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.strip().splitlines()))


def render_text(template: str, context: dict | None, language: str) -> str:
    """Render a template file in `language`, with the organization's details, and tidy it.

    A text message or a plain-text e-mail is not HTML: its templates render without
    autoescaping, so "Workers' rights" stays itself instead of "Workers&#x27; rights" and a block
    called "10th & Christian" stays that, not "10th &amp; Christian".
    """
    values = {**message_context(), **(context or {})}
    with translation.override(language):
        compiled = get_template(template)
        if template.endswith(".txt"):
            return _tidy(compiled.template.render(Context(values, autoescape=False)))
        return _tidy(compiled.render(values))


def sms_text(text: str) -> str:
    """Return an SMS body as it is sent: the one rule for accents in every text message.

    Every SMS, in every language, keeps the accented letters the GSM-7 alphabet has (é, ñ,
    ü, à, ¿, ¡) and writes the others without their accent (á, í, ó, ú as a, i, o, u), so a
    Spanish text travels in 160-character segments instead of 70 (docs/translating.md).
    E-mails and web pages keep every accent.
    """
    return strip_accents(text)


def render_sms(template: str, context: dict | None, language: str) -> str:
    """Render an SMS body in `language`, as it is sent (sms_text: accents by the one rule)."""
    return sms_text(render_text(template_path(template, "sms"), context, language))


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str


def render_email(
    template: str, context: dict | None, language: str, *, subject: str = ""
) -> RenderedEmail:
    """Render an e-mail's text (and its subject, unless given) in `language`."""
    path = template_path(template, "email")
    body = render_text(path, context, language)
    if not subject:
        try:
            subject = render_text(path.removesuffix(".txt") + "_subject.txt", context, language)
        except TemplateDoesNotExist:
            subject = ""
    # A header cannot hold a line break.
    return RenderedEmail(subject=" ".join(subject.split()), body=body)
