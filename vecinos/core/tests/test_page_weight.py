"""Public pages stay light for a cheap phone on little data, and work without JavaScript."""

import re
from html.parser import HTMLParser
from pathlib import PurePosixPath

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from vecinos.content.models import NewsPage

BUDGET_BYTES = 100 * 1024
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"}
CSS_REFERENCE = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)""")


class PageParts(HTMLParser):
    """Collect what a browser would fetch on first load, and the text inside <main>."""

    def __init__(self):
        super().__init__()
        self.assets = []
        self.inline_scripts = 0
        self.links = []
        self.main_text = []
        self.h1_in_main = []
        self._main_depth = 0
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and {"stylesheet", "preload", "modulepreload"} & set(rel):
            self.assets.append(attrs["href"])
        elif tag == "script":
            if attrs.get("src"):
                self.assets.append(attrs["src"])
            else:
                self.inline_scripts += 1
        elif tag == "a":
            self.links.append(attrs.get("href"))
        elif tag == "main":
            self._main_depth += 1
        elif tag == "h1" and self._main_depth:
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "main":
            self._main_depth -= 1
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._main_depth:
            self.main_text.append(data)
        if self._in_h1:
            self.h1_in_main.append(data.strip())


def static_file(url):
    path = url.split("?", 1)[0].split("#", 1)[0]
    assert path.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} links to a static file that does not exist"
    return found


def weight_of(url, seen):
    """Return the bytes of a static file and, for a stylesheet, what it pulls in (not images)."""
    if url in seen or PurePosixPath(url.split("?")[0]).suffix.lower() in IMAGE_SUFFIXES:
        return 0
    seen.add(url)
    path = static_file(url)
    with open(path, "rb") as handle:
        content = handle.read()
    total = len(content)
    if path.endswith(".css"):
        for imported, referenced in CSS_REFERENCE.findall(content.decode()):
            reference = imported or referenced
            # data: URIs are inline; "#default#VML" (old IE behaviours in leaflet.css) is no file.
            if reference.startswith(("data:", "#")):
                continue
            absolute = str(PurePosixPath(url.split("?")[0]).parent / reference)
            total += weight_of(absolute, seen)
    return total


@pytest.fixture
def demo_site(db):
    call_command("load_demo", verbosity=0)


def public_pages():
    news = NewsPage.objects.live().filter(locale__language_code="en").first()
    assert news is not None, "the demo site has no English news page"
    return [("/en/", None), (news.url, news)]


# Building the demo site takes a while: each test looks at both pages.


def test_public_pages_weigh_under_100_kb_without_images(client, demo_site):
    for url, _page in public_pages():
        response = client.get(url)
        assert response.status_code == 200
        parts = PageParts()
        parts.feed(response.content.decode())

        seen = set()
        total = len(response.content) + sum(weight_of(asset, seen) for asset in parts.assets)

        assert total < BUDGET_BYTES, f"{url} weighs {total} bytes with its CSS and JS"


def test_public_pages_show_their_content_without_javascript(client, demo_site):
    for url, page in public_pages():
        response = client.get(url)
        parts = PageParts()
        parts.feed(response.content.decode())
        main_text = " ".join(" ".join(parts.main_text).split())

        assert parts.inline_scripts == 0
        assert parts.h1_in_main, f"{url} has no heading in <main> before any script runs"
        if page is not None:
            assert parts.h1_in_main == [page.title]
            assert len(main_text) > len(page.title) + 200, f"{url} has no body text in its HTML"
        navigation = [href for href in parts.links if href is not None]
        assert navigation, f"{url} has no links"
        assert not [href for href in navigation if href == "#" or href.startswith("javascript:")]


# Every public form, as a person first opens it: the HTML plus the same-site CSS and JS it
# references, no images. A map or other large script is fetched only once it is asked for.


def first_published(model, **filters):
    page = model.objects.live().filter(locale__language_code="en", **filters).first()
    assert page is not None, f"the demo site has no English {model.__name__}"
    return page.url


def public_forms():
    from vecinos.coalition.models import EventPage, LetterPage, PetitionPage
    from vecinos.fundraising.models import CampaignPage
    from vecinos.jobs.models import JobPage
    from vecinos.workshops.models import Workshop

    workshop = Workshop.objects.filter(status=Workshop.Status.PUBLISHED).first()
    assert workshop is not None, "the demo site has no published workshop"
    with translation.override("en"):
        return {
            "hotline report": reverse("hotline:report"),
            "zone sign-up": reverse("zones:join"),
            "workshop registration": reverse("workshops:detail", args=[workshop.pk]),
            "job application": first_published(JobPage),
            "donation": first_published(CampaignPage),
            "tips": reverse("tips:send"),
            "coalition letter": first_published(LetterPage),
            "petition": first_published(PetitionPage),
            "event RSVP": first_published(EventPage),
            "statistics": reverse("knowledge:statistics"),
        }


def page_weight(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    parts = PageParts()
    parts.feed(response.content.decode())
    seen = set()
    return len(response.content) + sum(weight_of(asset, seen) for asset in parts.assets), parts


def test_every_public_form_weighs_under_100_kb_without_images(client, demo_site):
    weights = {name: page_weight(client, url)[0] for name, url in public_forms().items()}

    too_heavy = {name: total for name, total in weights.items() if total >= BUDGET_BYTES}
    assert not too_heavy, f"over {BUDGET_BYTES} bytes with their CSS and JS: {too_heavy}"


def test_the_raid_report_form_loads_its_map_only_when_asked(client, db):
    with translation.override("en"):
        url = reverse("hotline:report")
    total, parts = page_weight(client, url)
    page = client.get(url).content.decode()

    assert not any("leaflet" in asset for asset in parts.assets)
    assert parts.inline_scripts == 0
    # The map's button and its data are there for the script; without it the lists do the work.
    assert 'data-leaflet-js="/static/vecinos/leaflet/leaflet.js"' in page
    assert "data-show-map" in page
    assert total < BUDGET_BYTES
