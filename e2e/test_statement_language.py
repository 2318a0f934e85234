"""A Spanish-speaking visitor reads a co-signed statement, then switches it to English."""

import re

import pytest
from playwright.sync_api import expect

from vecinos import demo
from vecinos.content.models import NewsPage


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statement_read_in_spanish_then_switched_to_english(live_server, page):
    homes = demo.build()
    english = NewsPage.objects.descendant_of(homes["en"]).get(slug="statement-on-this-weeks-raids")
    spanish = english.get_translation(homes["es"].locale)
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + "/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("navigation", name="Principal").get_by_role(
        "link", name="Noticias y comunicados"
    ).click()
    page.get_by_role("navigation", name="Filtrar por tipo").get_by_role(
        "link", name="Comunicados", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/es/noticias/\?kind=statement$"))
    page.get_by_role("link", name=spanish.title).click()

    expect(page).to_have_url(live_server.url + spanish.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(spanish.title)
    expect(page.get_by_text("no tiene que abrir la puerta")).to_be_visible()
    expect(page.get_by_role("heading", name="Firmado también por")).to_be_visible()
    co_signers = page.locator("ul.co-signers > li")
    expect(co_signers).to_have_text(
        [
            "Philadelphia Coalition for Immigrant Dignity",
            "Frente Obrero del Sur",
            "Interfaith Neighbors Network",
            "Madres Sin Fronteras Philadelphia",
        ]
    )

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(live_server.url + english.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(english.title)
    expect(page.get_by_role("heading", name="Co-signed by")).to_be_visible()
    expect(co_signers).to_have_count(4)
    assert requested
    assert [url for url in requested if not url.startswith(live_server.url)] == []
