"""The public statistics page in both languages, and the back office home's panels, in Chromium.

Set VECINOS_SHOTS to a folder to keep a screenshot of each screen at 360 and 1280 pixels.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from vecinos.accounts.roles import Role
from vecinos.accounts.testing import sign_in_verified

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("VECINOS_SHOTS", "")


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def demo_figures(live_server, settings):
    from vecinos.hotline import demo as hotline_demo
    from vecinos.workshops import demo as workshops_demo
    from vecinos.zones import demo as zones_demo

    settings.PAGECACHE_SECONDS = 0
    zones_demo.build()
    workshops_demo.build()
    hotline_demo.build()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_statistics_page_in_spanish_on_a_phone_and_in_english_on_a_desktop(
    browser, live_server, demo_figures
):
    with translation.override("es"):
        spanish = reverse("knowledge:statistics")
    with translation.override("en"):
        english = reverse("knowledge:statistics")

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-US")
    page = phone.new_page()
    foreign = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else foreign.append(r.url),
    )
    page.goto(live_server.url + spanish)
    expect(page.get_by_role("heading", name="La red en cifras")).to_be_visible()
    expect(page.get_by_role("heading", name="Respuesta rápida")).to_be_visible()
    coverage = page.get_by_role("img", name="Cuadras con al menos un miembro, por zona")
    expect(coverage).to_be_visible()
    assert page.get_by_text("menos de 5").count() >= 1
    assert no_sideways_scroll(page)
    shoot(page, "statistics-es-360")
    phone.close()

    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = desktop.new_page()
    page.goto(live_server.url + english)
    expect(page.get_by_role("heading", name="The network in figures")).to_be_visible()
    expect(page.get_by_role("img", name="Incidents confirmed, by month")).to_be_visible()
    assert page.get_by_text("fewer than 5").count() >= 1
    shoot(page, "statistics-en-1280")
    page.emulate_media(media="print")
    shoot(page, "statistics-en-print")
    desktop.close()
    assert foreign == []


@pytest.mark.parametrize("role", [Role.ADMIN, Role.DISPATCHER, Role.ORGANIZER, Role.RESEARCHER])
def test_the_back_office_home_at_360_and_1280_pixels(browser, live_server, demo_figures, role):
    user = get_user_model().objects.create_user(f"{role}-shots", password="x" * 20)
    user.groups.add(Group.objects.get(name=role))
    user.is_superuser = role == Role.ADMIN
    user.save()
    client = Client()
    sign_in_verified(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 3200}, locale="en-US")
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(live_server.url + "/admin/")
        panels = page.locator("[data-panel]")
        expect(panels.first).to_be_visible()
        assert page.locator(".chart").count() >= 1
        assert no_sideways_scroll(page)
        shoot(page, f"dashboard-{role}-{width}")
        context.close()


def test_what_we_hold_and_a_request_with_its_deadlines_on_a_phone(browser, live_server):
    from wagtail.models import Collection

    from vecinos.content.testing import make_homes
    from vecinos.records import demo as records_demo
    from vecinos.records.models import RecordsRequest

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    records_demo.build(make_homes())
    cameras = RecordsRequest.objects.get(
        locale__language_code="es", reference_number="PPD-RTK-2026-1187"
    )
    with translation.override("es"):
        request_url = reverse("records:request", args=[cameras.pk])
        hold_url = reverse("knowledge:what_we_hold")

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-US")
    page = phone.new_page()
    page.goto(live_server.url + request_url)
    expect(
        page.get_by_role("heading", name="Cámaras policiales que leen matrículas")
    ).to_be_visible()
    expect(page.get_by_test_id("request-status")).to_have_text("Denegada por silencio")
    expect(page.get_by_test_id("deadline-appeal")).to_be_visible()
    assert no_sideways_scroll(page)
    shoot(page, "request-es-360")
    page.goto(live_server.url + hold_url)
    expect(page.get_by_role("heading", name="Lo que guardamos sobre usted")).to_be_visible()
    expect(page.get_by_test_id("never")).to_contain_text("dirección IP")
    assert no_sideways_scroll(page)
    shoot(page, "what-we-hold-es-360")
    phone.close()
