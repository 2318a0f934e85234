"""A member's own page, reached by a link: change block or language, leave; and the messages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from vecinos.messaging.channels import locmem
from vecinos.messaging.rendering import render_text, strip_accents
from vecinos.messaging.sms_length import count_segments
from vecinos.zones import services
from vecinos.zones.models import Member, MemberToken
from vecinos.zones.testing import load_zones

PHONE = "+12675550177"


@pytest.fixture
def zones(db):
    return load_zones()


@pytest.fixture
def member(zones):
    zone = zones["Passyunk Square"]
    block = zone.blocks.order_by("name").first()
    member = Member(
        name="Checo",
        phone=PHONE,
        phone_index=services.phone_index(PHONE),
        language="es",
        zone=zone,
        block=block,
        source=Member.Source.WEB,
        status=Member.Status.ACTIVE,
    )
    member.save(force_insert=True)
    return member


@pytest.fixture
def link(member, settings):
    return services.manage_url(member).removeprefix(settings.PUBLIC_URL)


def test_the_manage_link_shows_the_membership_in_the_members_language(client, member, link):
    assert link.startswith("/es/zonas/mis-datos/")
    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Su membresía" in html
    assert escape(member.block.name) in html
    assert "Passyunk Square" in html
    # The page names no one: whoever holds the link sees the zone, not the person.
    assert "Checo" not in html
    assert "0177" not in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_member_moves_to_another_block(client, member, link, zones):
    other = zones["Point Breeze"].blocks.order_by("name").last()
    response = client.post(
        link, {"action": "block", "zone": other.zone.slug, "block": str(other.pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == link
    member.refresh_from_db()
    assert (member.zone, member.block) == (other.zone, other)
    assert "Guardado: cambiamos su cuadra." in client.get(link).content.decode()


def test_a_member_who_does_not_know_the_block_keeps_the_zone(client, member, link):
    client.post(link, {"action": "block", "zone": member.zone.slug, "block": "unknown"})
    member.refresh_from_db()
    assert member.block is None
    assert member.zone.name == "Passyunk Square"


def test_without_javascript_the_blocks_of_the_new_zone_are_shown_first(client, member, link, zones):
    zone = zones["Point Breeze"]
    response = client.post(link, {"action": "block", "zone": zone.slug, "show_blocks": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    some = zone.blocks.first()
    assert f'<option value="{some.pk}">{escape(some.name)}</option>' in html
    member.refresh_from_db()
    assert member.zone.name == "Passyunk Square"


def test_a_block_of_another_zone_is_refused_with_a_message(client, member, link, zones):
    other = zones["Point Breeze"].blocks.first()
    response = client.post(
        link, {"action": "block", "zone": member.zone.slug, "block": str(other.pk)}
    )
    assert response.status_code == 400
    assert "Elija una cuadra del barrio que eligió" in response.content.decode()
    member.refresh_from_db()
    assert member.block.zone == member.zone


def test_a_member_changes_language_and_the_page_follows(client, member, link):
    response = client.post(link, {"action": "language", "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == (link.replace("/es/zonas/mis-datos/", "/en/zones/manage/", 1))
    member.refresh_from_db()
    assert member.language == "en"
    html = client.get(response["Location"]).content.decode()
    assert "Saved: we will write to you in this language." in html
    assert client.post(link, {"action": "language", "language": "xx"}).status_code == 400


def test_a_member_leaves_gets_a_last_message_and_the_link_stops_working(
    client, member, link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"action": "leave"})
    assert response.status_code == 200
    assert "Usted salió de la zona" in response.content.decode()
    member.refresh_from_db()
    assert member.status == Member.Status.STOPPED
    [goodbye] = [m for m in locmem.outbox if m.to == PHONE]
    assert "salio de la zona de Passyunk Square" in goodbye.body
    gone = client.get(link)
    assert gone.status_code == 404
    assert "Este enlace no funciona" in gone.content.decode()


def test_an_expired_manage_link_answers_410_in_both_languages(client, member, link):
    MemberToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Este enlace venció" in html
    assert "This link has expired" in html
    assert client.post(link, {"action": "leave"}).status_code == 410
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE


@pytest.mark.parametrize(
    "path",
    [
        "/es/zonas/mis-datos/nope/",
        "/en/zones/manage/" + "A" * 300 + "/",
        "/es/zonas/mis-datos/%00%ff/",
        "/es/zonas/mis-datos/' OR 1=1 --/",
    ],
)
def test_a_wrong_manage_link_answers_404_not_an_error(client, member, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_an_unknown_action_changes_nothing(client, member, link):
    assert client.post(link, {"action": "erase-everyone"}).status_code == 400
    assert client.post(link, {}).status_code == 400
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE


# The messages join() and stop() send, in both languages

SAMPLE = {
    "org_name": "Vecinos Unidos de Kensington y Fairhill",
    "zone": "Hunting Park / Feltonville / Juniata Park",
    "code": "123456",
    # A real link: PUBLIC_URL, the language, the path and a 32-character secret.
    "link": "https://vecinosunidos.example.org/es/zonas/mis-datos/Zk3v9Qq1Lw8Yt2Rr5Nn7Mm4Pp6Ss0Xx1/",
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", ["confirm_code", "welcome", "already_member", "stopped"])
def test_each_text_fits_its_segments_with_a_real_link_in_both_languages(name, language):
    template = f"zones/sms/{name}.txt"
    declared = int(open_source(template).split("segments:")[1].split()[0])
    text = strip_accents(render_text(template, SAMPLE, language))
    assert count_segments(text).segments <= declared, text
    if language == "es":
        assert "zona" in text


def open_source(template):
    from django.template.loader import get_template

    return get_template(template).template.source


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", ["confirm_link", "welcome", "already_member", "stopped"])
def test_each_email_has_a_subject_and_a_body_in_both_languages(name, language):
    from vecinos.messaging.rendering import render_email

    email = render_email(f"zones/{name}", SAMPLE, language)
    assert email.subject
    assert SAMPLE["org_name"] in email.body
    if name != "stopped":
        assert SAMPLE["link"] in email.body
    greeting = "Hola:" if language == "es" else "Hello,"
    assert email.body.startswith(greeting)
