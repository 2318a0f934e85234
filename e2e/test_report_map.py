"""The raid-report form on a phone: the map comes only when asked for, and is not needed.

A phone on little data opens the form without Leaflet (about 150 KB); pressing "Ver el mapa"
fetches it and the blocks, and a tap on the map fills the point and the block. Without
JavaScript the button stays hidden and the block list sends the report.
"""

import pytest
from playwright.sync_api import expect

from vecinos.hotline.models import Report
from vecinos.hotline.testing import block_with_neighbours, import_city

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = "/tmp/shots/performance2"


def leaflet_requests(page):
    seen = []
    page.on("request", lambda request: "leaflet" in request.url and seen.append(request.url))
    return seen


def test_the_map_loads_only_when_asked_and_a_tap_chooses_the_point(live_server, browser):
    import_city()
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="es-US"
    ).new_page()
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    fetched = leaflet_requests(phone)
    phone.goto(f"{live_server.url}/es/linea-directa/")
    phone.wait_for_load_state("networkidle")

    assert fetched == []
    expect(phone.locator("#report-map")).to_be_hidden()
    expect(phone.locator("#report-map-help")).to_be_hidden()
    show = phone.get_by_role("button", name="Ver el mapa")
    expect(show).to_be_visible()
    phone.screenshot(path=f"{SHOTS}/report-before-map-360.png", full_page=True)

    show.click()
    block = phone.locator("path.report-map-block").first
    expect(block).to_be_visible()
    expect(show).to_be_hidden()
    expect(phone.locator("#report-map-help")).to_be_visible()
    assert any(url.endswith("leaflet.js") for url in fetched)
    block.click()
    assert phone.locator("#id_latitude").input_value() != ""
    assert phone.locator("#id_longitude").input_value() != ""
    assert phone.locator("#id_block").input_value() != ""
    phone.screenshot(path=f"{SHOTS}/report-map-360.png", full_page=True)
    assert errors == []

    wide = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    wide.goto(f"{live_server.url}/en/hotline/")
    wide.get_by_role("button", name="Show the map").click()
    expect(wide.locator("path.report-map-block").first).to_be_visible()
    wide.screenshot(path=f"{SHOTS}/report-map-1280.png", full_page=True)


def test_without_javascript_the_block_list_sends_the_report(live_server, browser):
    import_city()
    block = block_with_neighbours()
    page = browser.new_context(java_script_enabled=False).new_page()
    fetched = leaflet_requests(page)
    page.goto(f"{live_server.url}/en/hotline/")

    expect(page.get_by_role("button", name="Show the map")).to_be_hidden()
    expect(page.locator("#report-map-help")).to_be_hidden()
    page.get_by_label("ICE (immigration)").check()
    page.get_by_label("Knocking on doors or entering a home").check()
    page.get_by_label("Or choose the block from the list").select_option(str(block.pk))
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"{live_server.url}/en/hotline/thanks/")

    assert fetched == []
    assert Report.objects.get().block_id == block.pk
