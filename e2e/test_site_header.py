"""The urgent actions are in the header of every page, and a phone sees them without scrolling."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from vecinos.content import demo as content_demo
from vecinos.fundraising import demo as fundraising_demo
from vecinos.fundraising.models import CampaignPage

SHOTS = Path(os.environ.get("VECINOS_SHOTS", "/tmp/shots/site-journeys"))

ACTIONS = {
    "en": ["Report a raid", "Join your zone", "Workshops", "Donate"],
    "es": ["Reportar una redada", "Unirse a su zona", "Talleres", "Donar"],
}
LANDMARK = {"en": "Urgent", "es": "Urgente"}
# The header took about 250 px of a 360-px phone before; it must now take far less.
MOST_HEADER_PX = 190


def _paths(language: str) -> list[str]:
    with translation.override(language):
        return [f"/{language}/", reverse("workshops:list"), reverse("hotline:report")]


def _check_header_on_phone(page, language: str) -> float:
    urgent = page.get_by_role("navigation", name=LANDMARK[language])
    viewport = page.viewport_size
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= MOST_HEADER_PX, header
    names = ACTIONS[language]
    boxes = [urgent.get_by_role("link", name=name, exact=True).bounding_box() for name in names]
    phone = urgent.locator("a[href^='tel:']")
    expect(phone).to_contain_text("(215) 555-0142")
    expect(phone).to_have_attribute("href", "tel:+12155550142")
    boxes.insert(1, phone.bounding_box())
    for box in boxes:
        # Seen without scrolling: inside the screen, inside the header.
        assert box is not None
        assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"]
        assert 0 <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    # Report a raid comes first, then the hotline number, then the rest in reading order.
    order = [(round(box["y"]), box["x"]) for box in boxes]
    assert order == sorted(order)
    return header["height"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_urgent_actions_fit_the_top_of_a_phone_in_both_languages(live_server, phone_page):
    homes = content_demo.build()
    fundraising_demo.build(homes)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = phone_page
    heights = {}
    for language in ("es", "en"):
        for path in _paths(language):
            page.goto(live_server.url + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            heights[(language, path)] = _check_header_on_phone(page, language)
        page.goto(live_server.url + f"/{language}/")
        page.screenshot(path=str(SHOTS / f"header_{language}_360.png"))
    print("header heights at 360 px:", heights)

    page.goto(live_server.url + "/es/")
    urgent = page.get_by_role("navigation", name="Urgente")
    urgent.get_by_role("link", name="Donar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        CampaignPage.objects.live().get(locale__language_code="es").title
    )
    page.get_by_role("navigation", name="Urgente").get_by_role(
        "link", name="Reportar una redada"
    ).click()
    with translation.override("es"):
        expect(page).to_have_url(live_server.url + reverse("hotline:report"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_urgent_actions_on_a_wide_screen(live_server, page):
    content_demo.build()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    for language in ("en", "es"):
        page.goto(live_server.url + f"/{language}/")
        urgent = page.get_by_role("navigation", name=LANDMARK[language])
        first = urgent.get_by_role("link", name=ACTIONS[language][0]).bounding_box()
        last = urgent.get_by_role("link", name=ACTIONS[language][-1]).bounding_box()
        # One line on a wide screen: the report button and the other actions side by side.
        assert abs(first["y"] + first["height"] / 2 - (last["y"] + last["height"] / 2)) < 8
        assert page.locator("header.site-header").bounding_box()["height"] < 170
        page.screenshot(path=str(SHOTS / f"header_{language}_1280.png"))
