import pytest
from wagtail.models import Page, Site

from vecinos.content.models import StandardPage
from vecinos.content.testing import make_homes, make_translated

pytestmark = pytest.mark.django_db


def test_make_homes_serves_both_languages_from_one_site(client):
    homes = make_homes()

    assert Site.objects.get().root_page.specific == homes["en"]
    assert homes["es"].get_translation(homes["en"].locale) == homes["en"]
    assert homes["en"].url == "/en/"
    assert homes["es"].url == "/es/"
    assert client.get("/en/").context["page"] == homes["en"]
    assert client.get("/es/").context["page"] == homes["es"]


def test_make_homes_replaces_the_default_welcome_page():
    make_homes()

    assert list(Page.objects.filter(depth=2).values_list("slug", flat=True).order_by("slug")) == [
        "home",
        "inicio",
    ]


def test_make_translated_links_pages_under_each_home(client):
    homes = make_homes()
    pages = make_translated(
        homes,
        StandardPage,
        en={"title": "About", "slug": "about"},
        es={"title": "Nosotros", "slug": "nosotros"},
    )

    assert pages["en"].url == "/en/about/"
    assert pages["es"].url == "/es/nosotros/"
    assert pages["es"].get_translation(homes["en"].locale).specific == pages["en"]
    assert client.get("/es/nosotros/").status_code == 200
