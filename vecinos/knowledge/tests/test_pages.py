"""The public statistics page and the page of what we hold, in both languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from vecinos.core.disclosure import THRESHOLD

pytestmark = pytest.mark.django_db


def page(client, name, language):
    with translation.override(language):
        url = reverse(f"knowledge:{name}")
    response = client.get(url)
    assert response.status_code == 200, url
    return url, response.content.decode()


def test_the_pages_have_translated_addresses():
    with translation.override("en"):
        assert reverse("knowledge:statistics") == "/en/statistics/"
        assert reverse("knowledge:what_we_hold") == "/en/what-we-hold/"
    with translation.override("es"):
        assert reverse("knowledge:statistics") == "/es/estadisticas/"
        assert reverse("knowledge:what_we_hold") == "/es/lo-que-guardamos/"


@pytest.mark.parametrize("language", ["en", "es"])
def test_statistics_render_with_no_data(client, language):
    _url, html = page(client, "statistics", language)
    heading = {"en": "The network in figures", "es": "La red en cifras"}[language]
    assert heading in html
    assert {"en": "Rapid response", "es": "Respuesta rápida"}[language] in html
    assert "set-cookie" not in {key.lower() for key in client.cookies}


def published_numbers(html: str) -> list[int]:
    """Every number in a cell of the protected tables."""
    tables = re.findall(r'data-testid="protected-table">(.*?)</table>', html, re.S)
    cells = [cell for table in tables for cell in re.findall(r"<td[^>]*>([^<]*)</td>", table)]
    return [int(cell.replace(",", "")) for cell in cells if cell.replace(",", "").isdigit()]


def test_statistics_of_the_demo_show_no_count_under_5_in_either_language(client):
    from vecinos.hotline import demo as hotline_demo
    from vecinos.workshops import demo as workshops_demo
    from vecinos.zones import demo as zones_demo

    zones_demo.build()
    workshops_demo.build()
    hotline_demo.build()
    for language, fewer in (("en", "fewer than 5"), ("es", "menos de 5")):
        _url, html = page(client, "statistics", language)
        assert "Point Breeze" in html
        numbers = published_numbers(html)
        assert numbers, "the demo has figures by zone"
        assert all(n == 0 or n >= THRESHOLD for n in numbers)
        assert fewer in html
        assert 'role="img"' in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_what_we_hold_is_drawn_from_the_models_and_the_retention_rules(client, language):
    _url, html = page(client, "what_we_hold", language)
    # A members' table with its encrypted fields, and the rule that deletes members who left.
    assert {"en": "Members", "es": "Miembros"}[language] in html
    assert {"en": "IP address", "es": "dirección IP"}[language] in html
    from vecinos.zones.shredders import members_stopped

    days = members_stopped.period.days
    assert {"en": f"Deleted after {days} days", "es": f"Se borra después de {days} días"}[
        language
    ] in html


@pytest.mark.parametrize("name", ["statistics", "what_we_hold"])
def test_the_pages_can_be_kept_by_the_page_cache(client, name):
    from vecinos.core.pagecache import response_is_cacheable

    with translation.override("es"):
        response = client.get(reverse(f"knowledge:{name}"))
    headers = list(response.items())
    if not response.has_header("Content-Length"):
        headers.append(("Content-Length", str(len(response.content))))
    assert response_is_cacheable(f"{response.status_code} OK", headers)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_footer_leads_to_both_pages(client, language):
    # Reached from any page: the footer is on every public page, the workshops' among them.
    with translation.override(language):
        statistics, held = reverse("knowledge:statistics"), reverse("knowledge:what_we_hold")
        workshops = reverse("workshops:list")
    html = client.get(workshops).content.decode()
    assert f'href="{statistics}"' in html
    assert f'href="{held}"' in html
