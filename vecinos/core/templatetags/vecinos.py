"""Template tags shared by every public page."""

from functools import partial

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from vecinos.core import pagecache
from vecinos.core.durations import humane_duration

register = template.Library()


@register.filter
def duration(value):
    """A timedelta as people say it ("9 minutes 50 seconds"), in the active language."""
    return humane_duration(value)


@register.inclusion_tag("core/language_switch.html", takes_context=True)
def language_switch(context):
    """Link to this same page in each other language.

    A Wagtail page links to its translation (its slug differs per language); any other view
    links to the same URL under the other language prefix. A page with no translation yet
    links to the other language's home page.
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = None
        if page is not None and hasattr(page, "get_translations"):
            url = pagecache.remember(
                ("translation-url", page.pk, code), partial(_translation_url, page, code)
            )
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url})
    return {"links": links}


def _translation_url(page, code: str) -> str:
    # A page's translations change only by publishing, which purges the page cache.
    translation = page.get_translations().live().filter(locale__language_code=code).first()
    return translation.url if translation else f"/{code}/"


def display_phone(number: str) -> str:
    """Write a phone number as people in its country dial it: "(215) 555-0142"."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def dial_phone(number: str) -> str:
    """The number for a tel: link: digits and a leading +."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return "".join(c for c in number if c.isdigit() or c == "+")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@register.inclusion_tag("core/site_actions.html", takes_context=True)
def site_actions(context):
    """The header's urgent actions: report a raid and the hotline number first, then joining a
    zone, the workshops and giving.

    The number is the platform's own (texts and calls reach the hotline), or the organization's
    public phone where the platform has none yet.
    """
    from vecinos.core.organization import organization

    org = organization()
    number = org.hotline_number or org.contact_phone
    request = context.get("request")
    return {
        "hotline_display": display_phone(number) if number else "",
        "hotline_dial": dial_phone(number) if number else "",
        "path": request.path if request is not None else "",
    }


class RememberNode(template.Node):
    def __init__(self, nodelist, name: str, parts: list):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        parts = tuple(part.resolve(context) for part in self.parts)
        if None in parts:
            return self.nodelist.render(context)
        request = context.get("request")
        host = request.get_host() if request is not None else ""
        key = ("fragment", self.name, get_language(), host, *parts)
        # Rendered with the first visitor's context: the HTML is the same for every visitor.
        return pagecache.remember(key, lambda: mark_safe(self.nodelist.render(context)))  # noqa: S308


@register.tag
def remember(parser, token):
    """Render the enclosed HTML once per process, language and host, until the next purge.

    `{% remember "name" part ... %}...{% endremember %}`: the HTML is kept by
    pagecache.remember under the name, the active language, the request's host and the
    values of the parts (each a bounded set: a row's pk, a zone's slug), so it must depend
    on nothing else: never a CSRF token, a visitor's input or errors, nor the time. A part
    that is None renders the HTML afresh, for a page that cannot share it. Every change to
    the data shown must purge the page cache (vecinos/core/pagecache.py).
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% remember %} needs a quoted name first.")
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
