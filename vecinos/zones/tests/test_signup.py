"""The public sign-up: the form, its refusals, the code and the link, and no membership oracle."""

import re

import pytest
from django.core.cache import cache
from django.utils.html import escape

from vecinos.messaging.channels import locmem
from vecinos.zones import services
from vecinos.zones.forms import JoinForm
from vecinos.zones.models import ConsentText, Member, MemberToken
from vecinos.zones.testing import load_zones, make_consent
from vecinos.zones.views import MAX_CODE_TRIES, SIGNUP_SESSION_KEY

PHONE = "215-555-0134"
E164 = "+12155550134"
EMAIL = "rocio.tepepa@example.org"
JOIN = "/es/zonas/unirse/"
CONFIRM = "/es/zonas/unirse/confirmar/"


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate limits count in the cache; every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def place(db):
    zones = load_zones()
    consent = make_consent()
    zone = zones["Passyunk Square"]
    block = zone.blocks.order_by("name").first()
    return {"zones": zones, "zone": zone, "block": block, "consent": consent}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request and the deliveries queued after its commit (the outbox's tasks)."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def form_data(place, **overrides):
    data = {
        "name": "Rocío T.",
        "phone": PHONE,
        "email": "",
        "language": "es",
        "zone": place["zone"].slug,
        "block": str(place["block"].pk),
        "available_evenings": "on",
        "languages_spoken": ["es", "mix"],
        "consent_version": place["consent"].version,
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sent_to(address):
    return [message for message in locmem.outbox if message.to == address]


def code_from(message):
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def without_tokens(html: str) -> str:
    """The page with its per-request CSRF token blanked, for comparing two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# The page


def test_join_page_is_in_spanish_with_the_consent_text_and_the_zones(client, place):
    response = client.get(JOIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Únase a la Zona de Resistencia Comunitaria" in html
    assert "Nombre o apodo" in html
    assert place["consent"].text_es in html
    assert place["consent"].text_en not in html
    assert 'value="point-breeze"' in html
    assert 'name="website"' in html  # the honeypot
    assert '<a href="/es/zonas/unirse/">Únase a la Zona de Resistencia Comunitaria</a>' in html


def test_join_page_in_english_shows_the_english_consent(client, place):
    html = client.get("/en/zones/join/").content.decode()
    assert "Join the Community Resistance Zone" in html
    assert place["consent"].text_en in html


def test_the_form_never_asks_about_status_documents_or_identity_numbers(place):
    form = JoinForm(consent=place["consent"])
    assert set(form.fields) == {
        "name",
        "phone",
        "email",
        "language",
        "zone",
        "block",
        "available_mornings",
        "available_evenings",
        "has_car",
        "languages_spoken",
        "consent_version",
        "consent",
        "website",
    }


def test_public_pages_run_no_inline_script_or_style(client, place):
    response = client.get(JOIN)
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert " style=" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_without_any_consent_text_nobody_can_join(client, place):
    ConsentText.objects.all().delete()
    response = client.get(JOIN)
    assert response.status_code == 503
    assert "Las inscripciones abren pronto" in response.content.decode()
    assert client.post(JOIN, form_data(place)).status_code == 503
    assert Member.objects.count() == 0


# Joining with a phone


def test_a_phone_sign_up_gets_a_code_by_text_and_the_code_makes_the_member_active(
    client, place, committed
):
    response = committed(lambda: client.post(JOIN, form_data(place)))
    assert response.status_code == 302
    assert response["Location"] == CONFIRM

    member = Member.objects.get()
    assert member.status == Member.Status.PENDING
    assert (member.name, member.phone, member.block) == ("Rocío T.", E164, place["block"])
    assert member.zone == place["zone"]
    assert (member.available_evenings, member.available_mornings) == (True, False)
    assert member.languages_spoken == "es,mix"
    assert member.consent == place["consent"]
    assert member.source == Member.Source.WEB
    [text] = sent_to(E164)
    assert text.language == "es"
    assert "su codigo para unirse a la zona es" in text.body

    page = client.get(CONFIRM)
    assert "Escriba el código que le enviamos" in page.content.decode()
    response = committed(lambda: client.post(CONFIRM, {"code": code_from(text)}))
    assert response.status_code == 302
    assert response["Location"] == "/es/zonas/unirse/bienvenida/"
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    welcome = sent_to(E164)[-1]
    assert "/es/zonas/mis-datos/" in welcome.body
    assert client.get(response["Location"]).status_code == 200
    assert SIGNUP_SESSION_KEY not in client.session


def test_the_session_keeps_neither_the_phone_nor_the_email(client, place, committed):
    committed(lambda: client.post(JOIN, form_data(place, email=EMAIL)))
    stored = str(client.session.load())
    # The number as typed and as stored; its last four digits alone could turn up by chance
    # inside the random ids the session does keep.
    assert "555-0134" not in stored
    assert "5550134" not in stored
    assert "tepepa" not in stored
    assert "Rocío" not in stored
    assert client.session[SIGNUP_SESSION_KEY]["via"] == "sms"


def test_the_ticket_is_kept_under_a_key_nobody_knew_before(client, place, committed):
    from django.contrib.sessions.models import Session

    # A key planted in the browser that names no session, then a session of the browser's own.
    client.cookies["sessionid"] = "planted0key0that0names0no0session"
    committed(lambda: client.post(JOIN, form_data(place)))
    first = client.cookies["sessionid"].value
    assert first != "planted0key0that0names0no0session"
    committed(lambda: client.post(JOIN, form_data(place, phone="215-555-0135")))
    second = client.cookies["sessionid"].value
    assert second != first
    assert list(Session.objects.values_list("session_key", flat=True)) == [second]
    assert client.session[SIGNUP_SESSION_KEY]["via"] == "sms"


def test_a_code_typed_with_spaces_is_accepted(client, place, committed):
    committed(lambda: client.post(JOIN, form_data(place)))
    code = code_from(sent_to(E164)[0])
    response = committed(lambda: client.post(CONFIRM, {"code": f" {code[:3]} {code[3:]} "}))
    assert response.status_code == 302
    assert Member.objects.get().status == Member.Status.ACTIVE


def test_wrong_codes_are_limited_and_then_even_the_right_one_needs_a_new_sign_up(
    client, place, committed
):
    committed(lambda: client.post(JOIN, form_data(place)))
    right = code_from(sent_to(E164)[0])
    wrong = "000000" if right != "000000" else "111111"
    answers = [client.post(CONFIRM, {"code": wrong}) for _ in range(MAX_CODE_TRIES)]
    assert [a.status_code for a in answers] == [400] * (MAX_CODE_TRIES - 1) + [429]
    assert "Demasiados códigos equivocados" in answers[-1].content.decode()
    # The sign-up is over: the code page sends the person back to the form.
    response = client.post(CONFIRM, {"code": right})
    assert response.status_code == 302
    assert response["Location"] == JOIN
    assert Member.objects.get().status == Member.Status.PENDING


def test_a_wrong_code_says_how_many_tries_are_left_in_spanish(client, place, committed):
    committed(lambda: client.post(JOIN, form_data(place)))
    right = code_from(sent_to(E164)[0])
    response = client.post(CONFIRM, {"code": "999999" if right != "999999" else "888888"})
    assert response.status_code == 400
    assert "Ese código no es correcto" in response.content.decode()
    assert f"Puede intentarlo {MAX_CODE_TRIES - 1} veces más" in response.content.decode()


@pytest.mark.parametrize(
    "code", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "12\x0034", "9" * 5000]
)
def test_a_malformed_code_is_refused_with_a_message_and_counts_nothing(client, place, code):
    client.post(JOIN, form_data(place))
    response = client.post(CONFIRM, {"code": code})
    assert response.status_code == 400
    assert client.session[SIGNUP_SESSION_KEY]["tries"] == 0


def test_the_code_page_without_a_sign_up_leads_to_the_form(client, place):
    assert client.get(CONFIRM)["Location"] == JOIN
    assert client.post(CONFIRM, {"code": "123456"})["Location"] == JOIN


# No membership oracle


def _sign_up_and_read_the_next_page(client, data):
    response = client.post(JOIN, data)
    page = client.get(CONFIRM)
    wrong = client.post(CONFIRM, {"code": "000000"})
    return (
        response.status_code,
        response["Location"],
        page.status_code,
        without_tokens(page.content.decode()),
        wrong.status_code,
        without_tokens(wrong.content.decode()),
    )


@pytest.mark.parametrize("status", ["pending", "active"])
def test_signing_up_twice_gives_exactly_the_same_pages_and_one_member(
    client_factory, place, committed, status
):
    first = committed(lambda: _sign_up_and_read_the_next_page(client_factory(), form_data(place)))
    if status == "active":
        Member.objects.update(status=Member.Status.ACTIVE)
    locmem.reset()
    again = committed(
        lambda: _sign_up_and_read_the_next_page(
            client_factory(), form_data(place, name="Otra persona", block="unknown")
        )
    )
    assert again == first
    assert Member.objects.count() == 1
    member = Member.objects.get()
    assert member.name == "Rocío T."
    assert member.block == place["block"]
    [message] = sent_to(E164)
    if status == "active":
        assert "ya es miembro" in message.body.lower()
    else:
        assert "su codigo para unirse" in message.body


def test_an_email_sign_up_twice_gives_the_same_page(client_factory, place, committed):
    data = form_data(place, phone="", email=EMAIL)

    def once():
        client = client_factory()
        response = client.post(JOIN, data)
        return response["Location"], without_tokens(client.get(CONFIRM).content.decode())

    first = committed(once)
    Member.objects.update(status=Member.Status.ACTIVE)
    assert committed(once) == first
    assert Member.objects.count() == 1
    assert "Ya es miembro de la zona" in sent_to(EMAIL)[-1].subject


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


# Joining with an e-mail address


def test_an_email_sign_up_is_confirmed_by_the_link_and_its_button(client, place, committed):
    committed(lambda: client.post(JOIN, form_data(place, phone="", email=EMAIL.upper())))
    page = client.get(CONFIRM).content.decode()
    assert "Revise su correo" in page
    assert 'name="code"' not in page

    [mail] = sent_to(EMAIL)
    assert mail.subject == "Confirme que se une a la Zona de Resistencia Comunitaria"
    link = re.search(r"https?://\S+", mail.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    assert path.startswith("/es/zonas/confirmar/")

    # Opening the link (as a mail scanner would) confirms nothing by itself.
    shown = client.get(path)
    assert shown.status_code == 200
    assert "Sí, me uno" in shown.content.decode()
    assert Member.objects.get().status == Member.Status.PENDING

    response = committed(lambda: client.post(path))
    assert response["Location"] == "/es/zonas/unirse/bienvenida/"
    assert Member.objects.get().status == Member.Status.ACTIVE
    assert "Le damos la bienvenida" in sent_to(EMAIL)[-1].subject

    used = client.get(path)
    assert used.status_code == 410
    html = used.content.decode()
    assert "Este enlace venció" in html
    assert "This link has expired" in html


def test_a_wrong_confirmation_link_answers_404_in_both_languages(client, place):
    response = client.get("/es/zonas/confirmar/not-a-real-secret/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Este enlace no funciona" in html
    assert "This link does not work" in html
    assert client.get("/en/zones/confirm/" + "x" * 500 + "/").status_code == 404
    assert client.post("/es/zonas/confirmar/nothing/").status_code == 404


# Refusals: clear, in the person's language, keeping what was typed


def refused(client, data, status=400):
    response = client.post(JOIN, data)
    assert response.status_code == status
    assert Member.objects.count() == 0
    assert locmem.outbox == []
    return response.content.decode()


def test_no_phone_and_no_email_is_refused_in_spanish_and_keeps_what_was_typed(client, place):
    html = refused(client, form_data(place, phone=""))
    assert "Todavía no se ha unido" in html
    assert "Escriba un número de celular o un correo electrónico" in html
    assert 'value="Rocío T."' in html
    assert f'<option value="{place["block"].pk}" selected>' in html
    assert 'value="mix" id="id_languages_spoken_6" checked' in html


def test_no_phone_and_no_email_is_refused_in_english(client, place):
    response = client.post("/en/zones/join/", form_data(place, phone="", language="en"))
    assert response.status_code == 400
    assert "Please write a mobile phone number or an e-mail address" in response.content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("phone", "555", "Escriba un número de teléfono con su código de área"),
        ("phone", "215-555-O134", "Escriba un número de teléfono con su código de área"),
        ("phone", "1" * 41, "Este número de teléfono es demasiado largo"),
        ("phone", "<script>alert(1)</script>", "Escriba un número de teléfono"),
        ("email", "rocio@", "Escriba un correo electrónico válido"),
        ("email", "a" * 250 + "@x.org", "Este correo electrónico es demasiado largo"),
        ("name", "", "Escriba un nombre o un apodo"),
        ("name", "   \u202e\u0007 ", "Escriba un nombre o un apodo"),
        ("name", "!!!", "Escriba un nombre o un apodo"),
        ("name", "x" * 101, "Un nombre puede tener hasta 100 caracteres"),
        ("name", "Ana\x00", "Null characters are not allowed"),
        ("zone", "", "Elija su barrio"),
        ("zone", "nowhere'; DROP TABLE zones_zone;--", "Elija su barrio de la lista"),
        ("block", "", "Elija su cuadra, o «No sé cuál es mi cuadra»"),
        ("block", "999999", "Elija una cuadra del barrio que eligió"),
        ("block", "-1", "Elija una cuadra del barrio que eligió"),
        ("block", "1e9", "Elija una cuadra del barrio que eligió"),
        ("language", "fr", "Elija inglés o español"),
        ("languages_spoken", ["es", "klingon"], "Elija idiomas de la lista"),
        ("consent", None, "Marque la casilla para aceptar antes de unirse"),
        ("consent_version", "forged", "El texto que acepta cambió"),
    ],
)
def test_bad_input_is_refused_with_a_clear_spanish_message(client, place, field, value, message):
    html = refused(client, form_data(place, **{field: value}))
    if message == "Null characters are not allowed":
        assert "Los caracteres nulos no están permitidos" in html
    else:
        assert message in html
    assert "Todavía no se ha unido" in html


def test_a_block_of_another_zone_is_refused(client, place):
    other = place["zones"]["Point Breeze"].blocks.first()
    html = refused(client, form_data(place, block=str(other.pk)))
    assert "Elija una cuadra del barrio que eligió" in html


def test_the_honeypot_refuses_vaguely(client, place):
    html = refused(client, form_data(place, website="http://spam.example"))
    assert "No se pudo enviar el formulario" in html or "could not be sent" in html


def test_sign_ups_from_one_source_are_limited(client, place, committed):
    for number in range(10):
        data = form_data(place, phone=f"215-555-01{number:02d}")
        assert committed(lambda data=data: client.post(JOIN, data)).status_code == 302
    html = refused_after(client, form_data(place, phone="215-555-0199"))
    assert "Se enviaron demasiadas inscripciones desde aquí" in html
    assert 'value="Rocío T."' in html


def refused_after(client, data):
    before = Member.objects.count()
    response = client.post(JOIN, data)
    assert response.status_code == 429
    assert Member.objects.count() == before
    return response.content.decode()


def test_an_unreadable_or_oversized_body_gets_a_page_not_an_error(client, place, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    many = {f"field{number}": "x" for number in range(100)}
    response = client.post(JOIN, many)
    assert response.status_code == 400
    assert "No pudimos leer el formulario" in response.content.decode()
    broken = client.post(
        JOIN, b"name=\xff\xfe%ZZ&zone=\x00", content_type="application/x-www-form-urlencoded"
    )
    assert broken.status_code == 400


def test_a_consent_text_changed_after_the_page_records_the_version_read(client, place, committed):
    newer = ConsentText.objects.create(version="2027-01", text_en="New", text_es="Nuevo")
    assert ConsentText.current() == newer
    committed(lambda: client.post(JOIN, form_data(place)))
    assert Member.objects.get().consent == place["consent"]


def test_i_dont_know_my_block_joins_the_zone_only(client, place, committed):
    committed(lambda: client.post(JOIN, form_data(place, block="unknown")))
    member = Member.objects.get()
    assert (member.zone, member.block) == (place["zone"], None)


# Without JavaScript: the zone first, then its blocks


def test_show_the_blocks_lists_the_zones_blocks_and_keeps_what_was_typed(client, place):
    zone = place["zones"]["Point Breeze"]
    data = form_data(place, zone=zone.slug, block="", show_blocks="1", consent=None)
    response = client.post(JOIN, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Todavía no se ha unido" not in html  # no errors yet: it was not a submission
    assert 'value="Rocío T."' in html
    assert "No sé cuál es mi cuadra" in html
    for block in zone.blocks.all():
        assert f'<option value="{block.pk}">{escape(block.name)}</option>' in html
    assert Member.objects.count() == 0


def test_before_a_zone_is_chosen_the_block_list_says_to_choose_it_first(client, place):
    html = client.get(JOIN).content.decode()
    assert "Primero elija su barrio" in html


# The fresh form's HTML is kept per process ({% remember %}) until the page cache is purged


def test_a_renamed_block_zone_or_new_consent_shows_at_once_on_the_kept_form(client, place):
    zone, block = place["zone"], place["block"]
    url = f"{JOIN}?zone={zone.slug}"
    assert escape(block.name) in client.get(url).content.decode()
    block.name = "Calle 11 y Tasker"
    block.save()
    zone.name = "Passyunk Square Norte"
    zone.save()
    html = client.get(url).content.decode()
    assert f'<option value="{block.pk}" selected>Calle 11 y Tasker</option>' not in html
    assert f'<option value="{block.pk}">Calle 11 y Tasker</option>' in html
    assert "Passyunk Square Norte" in html
    ConsentText.objects.create(version="2026-02", text_en="New words.", text_es="Palabras nuevas.")
    html = client.get(JOIN).content.decode()
    assert "Palabras nuevas." in html
    assert 'name="consent_version" value="2026-02"' in html


def test_what_someone_typed_is_never_kept_for_the_next_visitor(client, place):
    zone = place["zones"]["Point Breeze"]
    data = form_data(place, zone=zone.slug, block="", show_blocks="1", consent=None)
    assert 'value="Rocío T."' in client.post(JOIN, data).content.decode()
    fresh = client.get(f"{JOIN}?zone={zone.slug}").content.decode()
    assert "Rocío T." not in fresh
    assert 'name="name" value' not in fresh
    assert 'value="Rocío T."' in client.post(JOIN, data).content.decode()


# Shapes and "use my location"


def test_zone_shapes_are_geojson_with_every_block(client, place):
    zone = place["zone"]
    response = client.get(f"/es/zonas/{zone.slug}/cuadras.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert {f["properties"]["id"] for f in data["features"]} == set(
        zone.blocks.values_list("pk", flat=True)
    )
    assert client.get("/es/zonas/nowhere/cuadras.geojson").status_code == 404


def test_locate_answers_the_block_at_a_point_and_keeps_nothing(client, place):
    from vecinos.core.models import AuditEntry

    block = place["block"]
    before = (AuditEntry.objects.count(), Member.objects.count(), MemberToken.objects.count())
    response = client.post(
        "/es/zonas/cuadras/ubicar/", {"latitude": block.latitude, "longitude": block.longitude}
    )
    assert response.json() == {
        "block": {
            "id": block.pk,
            "name": block.name,
            "zone": place["zone"].slug,
            "zone_name": place["zone"].name,
        }
    }
    after = (AuditEntry.objects.count(), Member.objects.count(), MemberToken.objects.count())
    assert after == before
    far = client.post("/es/zonas/cuadras/ubicar/", {"latitude": "40.0", "longitude": "-3.7"})
    assert far.json() == {"block": None}
    for bad in ({"latitude": "nan", "longitude": "1"}, {"latitude": "x"}, {}):
        response = client.post("/es/zonas/cuadras/ubicar/", bad)
        assert response.status_code == 400
        assert response.json() == {"error": "No pudimos leer su ubicación."}
    assert client.get("/es/zonas/cuadras/ubicar/?latitude=39.9&longitude=-75.1").status_code == 405


# Map tiles


def test_no_tiles_by_default_and_a_configured_server_is_passed_to_the_map(client, place, settings):
    html = client.get(JOIN).content.decode()
    assert 'data-tiles-url=""' in html
    settings.VECINOS_MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.VECINOS_MAP_TILES_ATTRIBUTION = "© Example contributors"
    html = client.get(JOIN).content.decode()
    assert 'data-tiles-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "Mapa: © Example contributors" in html


def test_the_tile_server_origin_is_what_the_policy_allows():
    from django.core.exceptions import ImproperlyConfigured

    from config.settings.base import tiles_origin

    assert tiles_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tiles_origin("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png") == "http://10.0.0.5:8080"
    with pytest.raises(ImproperlyConfigured):
        tiles_origin("javascript:alert(1)")


JUNK = [
    "",
    "\x00",
    "'; DROP TABLE zones_member;--",
    "<img src=x onerror=alert(1)>",
    "\u202e\ufeff\u200b",
    "ñ" * 3000,
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "🙂🏳️‍🌈",
]


@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_junk_in_every_field_of_every_form_gets_a_page_never_a_server_error(client, place, junk):
    from vecinos.zones.services import manage_url

    fields = [
        "name",
        "phone",
        "email",
        "language",
        "zone",
        "block",
        "languages_spoken",
        "consent",
        "consent_version",
        "available_mornings",
    ]
    for field in fields:
        for extra in ({}, {"show_blocks": "1"}):
            response = client.post(JOIN, {**form_data(place, **{field: junk}), **extra})
            assert response.status_code in (200, 302, 400), (field, extra)
            assert b"<html" in response.content or response.status_code == 302
    client.post(JOIN, form_data(place))
    assert client.post(CONFIRM, {"code": junk}).status_code in (302, 400)
    member = Member.objects.get()
    link = manage_url(member).split("/es/", 1)[1]
    for data in (
        {"action": "block", "zone": junk, "block": junk},
        {"action": "block", "zone": place["zone"].slug, "block": junk, "show_blocks": "1"},
        {"action": "language", "language": junk},
        {"action": junk},
    ):
        assert client.post("/es/" + link, data).status_code in (200, 302, 400)
    locate = client.post("/es/zonas/cuadras/ubicar/", {"latitude": junk, "longitude": junk})
    assert locate.status_code in (200, 400)


def test_the_join_page_stays_light_until_the_map_is_used(client, place):
    from vecinos.core.tests.test_page_weight import BUDGET_BYTES, PageParts, weight_of

    response = client.get(JOIN)
    parts = PageParts()
    parts.feed(response.content.decode())
    total = len(response.content) + sum(weight_of(asset, set()) for asset in parts.assets)
    assert total < BUDGET_BYTES
    # Leaflet is fetched by the picker script only once a neighbourhood is chosen.
    assert not any("leaflet" in asset for asset in parts.assets)
    assert 'data-leaflet-js="/static/vecinos/leaflet/leaflet.js"' in response.content.decode()


@pytest.mark.parametrize("status", ["pending", "active"])
def test_signing_up_someones_number_again_and_again_sends_them_only_a_few_texts(
    client_factory, place, committed, status
):
    committed(lambda: client_factory().post(JOIN, form_data(place)))
    if status == "active":
        Member.objects.update(status=Member.Status.ACTIVE)
    locmem.reset()
    answers = set()
    for _ in range(6):
        client = client_factory()
        response = committed(lambda client=client: client.post(JOIN, form_data(place)))
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, CONFIRM)}
    expected = services.REPEAT_MESSAGES - (1 if status == "pending" else 0)
    assert len(sent_to(E164)) == expected
