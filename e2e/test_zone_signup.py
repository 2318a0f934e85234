"""A Spanish speaker joins a block from a small phone, with JavaScript (the map) and without
(the zone, then its blocks, from lists), and confirms with the code sent by text."""

import re

import pytest
from playwright.sync_api import expect

from vecinos.messaging.channels import locmem
from vecinos.zones.models import Member
from vecinos.zones.testing import load_zones, make_consent

PHONE = "(267) 555-0142"
E164 = "+12675550142"


@pytest.fixture
def place():
    locmem.reset()
    zones = load_zones()
    make_consent()
    yield zones
    locmem.reset()


def watch(page, origin):
    """Record every request the page makes and every policy violation it reports."""
    seen = {"requests": [], "violations": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on(
        "console",
        lambda message: (
            seen["violations"].append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


def assert_stayed_home(seen, origin):
    foreign = [url for url in seen["requests"] if not url.startswith((origin, "data:"))]
    assert foreign == []
    assert seen["violations"] == []


def code_sent_to(phone):
    [text] = [message for message in locmem.outbox if message.to == phone]
    return re.search(r"\b(\d{6})\b", text.body).group(1)


def fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def confirm_with_the_code(page):
    expect(page).to_have_url(re.compile(r"/es/zonas/unirse/confirmar/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Escriba el código que le enviamos")
    page.get_by_label("El código del mensaje de texto").fill(code_sent_to(E164))
    page.get_by_role("button", name="Confirmar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le damos la bienvenida a la zona")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_spanish_speaker_joins_a_block_on_the_map_from_a_small_phone(
    live_server, phone_page, place
):
    page = phone_page
    seen = watch(page, live_server.url)
    point_breeze = place["Point Breeze"].blocks.order_by("name")[3]
    chosen = place["Passyunk Square"].blocks.order_by("name")[2]

    page.goto(live_server.url + "/es/zonas/unirse/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Ver las cuadras")).to_be_hidden()
    page.get_by_label("Nombre o apodo").fill("Xóchitl")
    page.get_by_label("Teléfono celular").fill(PHONE)
    expect(page.get_by_role("radio", name="Español")).to_be_checked()

    # "Use my location" finds the block and its neighbourhood; nothing else is sent.
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(
        {"latitude": point_breeze.latitude, "longitude": point_breeze.longitude}
    )
    page.get_by_role("button", name="Usar mi ubicación").click()
    expect(page.get_by_label("Su barrio")).to_have_value("point-breeze")
    expect(page.get_by_label("Su cuadra")).to_have_value(str(point_breeze.pk))
    expect(page.get_by_role("status")).to_have_text(f"Cuadra elegida: {point_breeze.name}")

    # Then the person picks another neighbourhood and taps a block on the map.
    page.get_by_label("Su barrio").select_option(label="Passyunk Square")
    block_shape = page.locator(f"path.block-{chosen.pk}")
    expect(block_shape).to_be_visible()
    expect(page.locator(".map-attribution")).to_contain_text("Abaca Labs")
    block_shape.click()
    expect(page.get_by_label("Su cuadra")).to_have_value(str(chosen.pk))
    expect(page.get_by_role("status")).to_have_text(f"Cuadra elegida: {chosen.name}")
    fits_the_screen(page)

    page.get_by_label("Puedo ayudar en las tardes y noches").check()
    page.get_by_label("Mixteco").check()
    page.get_by_label("Lo leí y estoy de acuerdo.").check()
    page.get_by_role("button", name="Unirme a mi cuadra").click()

    confirm_with_the_code(page)
    fits_the_screen(page)
    member = Member.objects.get()
    assert member.status == Member.Status.ACTIVE
    assert (member.block, member.language) == (chosen, "es")
    assert (member.available_evenings, member.languages_spoken) == (True, "mix")
    assert_stayed_home(seen, live_server.url)
    assert any(url.endswith("/static/vecinos/leaflet/leaflet.js") for url in seen["requests"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_spanish_speaker_joins_a_block_without_javascript(live_server, browser, place):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="es-US",
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    seen = watch(page, live_server.url)
    chosen = place["Point Breeze"].blocks.order_by("name")[5]

    page.goto(live_server.url + "/es/zonas/unirse/")
    page.get_by_label("Nombre o apodo").fill("Toño")
    page.get_by_label("Teléfono celular").fill(PHONE)
    page.get_by_label("Su barrio").select_option(label="Point Breeze")
    page.get_by_role("button", name="Ver las cuadras").click()

    # The same form again, with what was typed, and the neighbourhood's blocks.
    expect(page.get_by_label("Nombre o apodo")).to_have_value("Toño")
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_label("Su cuadra").select_option(label=chosen.name)
    page.get_by_label("Tengo carro").check()
    # The consent box is left unticked on purpose: the refusal keeps everything typed.
    page.get_by_role("button", name="Unirme a mi cuadra").click()
    expect(page.get_by_role("alert")).to_contain_text("Todavía no se ha unido")
    expect(page.get_by_role("alert")).to_contain_text("Marque la casilla para aceptar")
    expect(page.get_by_label("Teléfono celular")).to_have_value(PHONE)
    expect(page.get_by_label("Su cuadra")).to_have_value(str(chosen.pk))
    expect(page.get_by_label("Tengo carro")).to_be_checked()
    assert Member.objects.count() == 0

    page.get_by_label("Lo leí y estoy de acuerdo.").check()
    page.get_by_role("button", name="Unirme a mi cuadra").click()
    confirm_with_the_code(page)
    fits_the_screen(page)

    member = Member.objects.get()
    assert member.status == Member.Status.ACTIVE
    assert (member.zone, member.block, member.has_car) == (chosen.zone, chosen, True)
    assert_stayed_home(seen, live_server.url)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_moves_block_on_the_map_switches_language_and_leaves(
    live_server, phone_page, place, settings
):
    from vecinos.privacy.blind_index import phone_index
    from vecinos.zones import services

    page = phone_page
    seen = watch(page, live_server.url)
    start, moved = place["Point Breeze"].blocks.order_by("name")[:2]
    member = Member(
        name="Abril",
        phone=E164,
        phone_index=phone_index(E164),
        language="es",
        zone=start.zone,
        block=start,
        source=Member.Source.WEB,
        status=Member.Status.ACTIVE,
    )
    member.save(force_insert=True)
    link = services.manage_url(member).removeprefix(settings.PUBLIC_URL)

    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Su membresía")
    expect(page.get_by_label("Su cuadra", exact=True)).to_have_value(str(start.pk))
    page.locator(f"path.block-{moved.pk}").click()
    page.get_by_role("button", name="Guardar mi cuadra").click()
    expect(page.get_by_role("status").first).to_contain_text("Guardado: cambiamos su cuadra.")
    member.refresh_from_db()
    assert member.block == moved

    page.get_by_role("radio", name="English").check()
    page.get_by_role("button", name="Guardar mi idioma").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your membership")

    page.get_by_role("button", name="Leave the zone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You left the zone")
    member.refresh_from_db()
    assert member.status == Member.Status.STOPPED
    fits_the_screen(page)
    assert_stayed_home(seen, live_server.url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enter_in_a_text_box_sends_the_form_not_show_the_blocks(live_server, browser, place):
    context = browser.new_context(locale="es-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/es/zonas/unirse/")
    page.get_by_label("Nombre o apodo").fill("Quique")
    page.get_by_label("Nombre o apodo").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Todavía no se ha unido")
    expect(page.get_by_role("alert")).to_contain_text("Elija su barrio.")
    context.close()
