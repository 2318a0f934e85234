"""`{% remember %}`: HTML kept per process, language and host until the page cache is purged."""

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from vecinos.core import pagecache

TEMPLATE = Template(
    '{% load vecinos %}{% remember "test.row" part %}{{ value }}{% endremember %}|{{ value }}'
)


def render(value, part="a", host="testserver"):
    request = RequestFactory().get("/en/", HTTP_HOST=host)
    return TEMPLATE.render(Context({"value": value, "part": part, "request": request}))


def test_the_html_is_rendered_once_and_kept_until_a_purge(settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    assert render("first") == "first|first"
    assert render("second") == "first|second"
    pagecache.get_generation().bump()
    assert render("third") == "third|third"


def test_each_part_language_and_host_has_its_own_html(settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    assert render("a", part=1) == "a|a"
    assert render("b", part=2) == "b|b"
    assert render("c", part=1, host="other.example") == "c|c"
    with translation.override("es"):
        assert render("d", part=1) == "d|d"
    with translation.override("en"):
        assert render("e", part=1) == "a|e"


def test_a_part_that_is_none_renders_afresh_and_keeps_nothing():
    assert render("first", part=None) == "first|first"
    assert render("second", part=None) == "second|second"
    assert render("third", part="kept") == "third|third"
    assert render("fourth", part="kept") == "third|fourth"


def test_a_new_generation_drops_the_values_of_the_older_ones():
    pagecache.remember("test.old", lambda: "old")
    pagecache.get_generation().bump()
    pagecache.remember("test.new", lambda: "new")
    assert "test.old" not in pagecache._remembered
    assert "test.new" in pagecache._remembered
