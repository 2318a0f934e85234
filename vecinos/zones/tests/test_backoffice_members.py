"""Members in the back office: masked contacts, the audited and limited reveal, a member's
page and its changes, and adding someone by hand."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from vecinos.core.audit import log_action
from vecinos.core.models import AuditEntry
from vecinos.messaging.models import OutboundMessage
from vecinos.privacy.masking import mask_email, mask_phone
from vecinos.zones import access, staff
from vecinos.zones.models import ConsentText, Member, Zone

from .backoffice_helpers import make_zones, sign_in_as
from .conftest import make_member

pytestmark = pytest.mark.django_db

MEMBERS = "/admin/zones/members/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def place():
    place = make_zones()
    place["ana"] = make_member(
        name="Ana Torres", phone="+12155550134", email="ana.torres@example.org", block=place["a"]
    )
    return place


@pytest.fixture
def organizer(client):
    return sign_in_as(client, "organizer", "olga")


def audit(action):
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def test_mask_shows_only_the_last_digits_and_the_domains_end():
    assert mask_phone("+12155550134") == "••• ••• ••34"
    assert mask_email("ana.torres@example.org") == "a•••@•••.org"
    assert mask_phone("") == ""


def test_the_list_masks_phones_and_emails_and_is_audited(client, place, organizer):
    page = text(client.get(MEMBERS))
    assert "Ana Torres" in page
    assert "••• ••• ••34" in page
    assert "a•••@•••.org" in page
    assert "2155550134" not in page
    assert "ana.torres@example.org" not in page
    (entry,) = audit("zones.member.listed")
    assert (entry.actor_id, entry.detail) == (organizer.pk, {"count": 1})


def test_the_list_filters_by_zone_block_role_status_and_tag(client, place, organizer):
    beto = make_member(name="Beto Ruiz", phone="+12155550135", block=place["c"], role="responder")
    make_member(name="Carla Paz", phone="+12155550136", block=place["b"], status="stopped")
    staff.services.set_tags(beto, ["iglesia"], actor=organizer)

    def names(**query):
        page = client.get(MEMBERS, query).content.decode()
        return sorted(n for n in ["Ana Torres", "Beto Ruiz", "Carla Paz"] if n in page)

    assert names() == ["Ana Torres", "Beto Ruiz", "Carla Paz"]
    assert names(zone=place["norte"].pk) == ["Ana Torres", "Carla Paz"]
    assert names(block=place["c"].pk) == ["Beto Ruiz"]
    assert names(role="responder") == ["Beto Ruiz"]
    assert names(status="stopped") == ["Carla Paz"]
    tag = beto.tags.get()
    assert names(tag=tag.pk) == ["Beto Ruiz"]


def test_a_members_page_is_audited_and_masked(client, place, organizer):
    ana = place["ana"]
    response = client.get(f"{MEMBERS}{ana.pk}/")
    page = text(response)
    assert "Ana Torres" in page
    assert "••• ••• ••34" in page
    assert "2155550134" not in page
    assert "no-cache" in response["Cache-Control"]
    (entry,) = audit("zones.member.viewed")
    assert (entry.actor_id, entry.object_id) == (organizer.pk, str(ana.pk))


def test_reveal_needs_a_reason_and_is_audited_with_its_code(client, place, organizer):
    ana = place["ana"]
    url = f"{MEMBERS}{ana.pk}/reveal/"
    page = text(client.post(url, {"reason": ""}))
    assert "2155550134" not in page
    assert audit("zones.member.revealed") == []

    response = client.post(url, {"reason": "call"}, headers={"HX-Request": "true"})
    page = text(response)
    assert "+12155550134" in page
    assert "ana.torres@example.org" in page
    assert "no-cache" in response["Cache-Control"]
    (entry,) = audit("zones.member.revealed")
    assert entry.actor_id == organizer.pk
    assert entry.object_id == str(ana.pk)
    assert entry.detail == {"reason": "call"}


def test_reveal_without_javascript_shows_the_whole_page(client, place, organizer):
    page = text(client.post(f"{MEMBERS}{place['ana'].pk}/reveal/", {"reason": "correction"}))
    assert "+12155550134" in page
    assert "Ana Torres" in page
    assert "<html" in page


def test_reveals_stop_at_the_hourly_limit(client, place, organizer, settings):
    settings.VECINOS_REVEAL_LIMIT_PER_HOUR = 3
    ana = place["ana"]
    url = f"{MEMBERS}{ana.pk}/reveal/"
    # An old reveal no longer counts against the hour.
    two_hours_ago = timezone.now() - timedelta(hours=2)
    with mock.patch("vecinos.core.audit.timezone.now", return_value=two_hours_ago):
        log_action(organizer, "zones.member.revealed", ana, detail={"reason": "call"})
    for _ in range(3):
        assert "+12155550134" in text(client.post(url, {"reason": "call"}))
    page = text(client.post(url, {"reason": "call"}))
    assert "+12155550134" not in page
    assert "You have revealed 3 contacts in the last hour" in page
    assert len(audit("zones.member.revealed")) == 4
    # Another organizer still has their own allowance.
    client.logout()
    sign_in_as(client, "organizer", "omar")
    assert "+12155550134" in text(client.post(url, {"reason": "call"}))


def test_reveal_reason_codes_are_refused_when_unknown(place):
    with pytest.raises(ValueError):
        access.reveal_contact(place["ana"], actor=None, reason="curious")


def test_captain_sees_and_reveals_their_own_blocks_member(client, place):
    captain = sign_in_as(client, "captain", "cata")
    place["a"].captain_accounts.add(captain)
    ana = place["ana"]
    page = text(client.get(f"{MEMBERS}{ana.pk}/"))
    assert "Ana Torres" in page
    assert "Change role, status" not in page
    assert client.get(f"{MEMBERS}{ana.pk}/edit/").status_code == 404
    assert "+12155550134" in text(client.post(f"{MEMBERS}{ana.pk}/reveal/", {"reason": "call"}))
    assert [e.actor_id for e in audit("zones.member.viewed")] == [captain.pk]


def test_organizer_changes_role_block_tags_notes_and_status(client, place, organizer):
    ana = place["ana"]
    response = client.get(f"{MEMBERS}{ana.pk}/edit/")
    assert response.status_code == 200
    response = client.post(
        f"{MEMBERS}{ana.pk}/edit/",
        {
            "role": "captain",
            "status": "active",
            "block": place["b"].pk,
            "tags": "iglesia, tiene carro",
            "notes": "Prefiere que la llamen por la tarde.",
        },
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.role, ana.block, ana.zone) == ("captain", place["b"], place["norte"])
    assert sorted(ana.tags.values_list("name", flat=True)) == ["iglesia", "tiene carro"]
    assert ana.notes == "Prefiere que la llamen por la tarde."
    actions = {e.action for e in AuditEntry.objects.filter(actor_id=organizer.pk)}
    assert {
        "zones.member.role_changed",
        "zones.member.moved",
        "zones.member.tags_changed",
    } <= actions
    notes = audit("zones.member.notes_changed")[0]
    assert notes.detail == {"length": len(ana.notes)}
    assert "llamen" not in str(notes.detail)


def test_a_stopped_member_cannot_be_restarted_by_staff(client, place, organizer):
    ana = place["ana"]
    client.post(
        f"{MEMBERS}{ana.pk}/edit/",
        {"role": "member", "status": "stopped", "block": place["a"].pk, "tags": "", "notes": ""},
    )
    ana.refresh_from_db()
    assert ana.status == "stopped"
    response = client.post(
        f"{MEMBERS}{ana.pk}/edit/",
        {"role": "member", "status": "active", "block": place["a"].pk, "tags": "", "notes": ""},
    )
    assert response.status_code == 200
    ana.refresh_from_db()
    assert ana.status == "stopped"


def test_organizer_adds_a_member_in_person(client, place, organizer):
    response = client.post(
        f"{MEMBERS}new/",
        {
            "name": "Rosa Méndez",
            "phone": "(215) 555-0177",
            "email": "",
            "language": "es",
            "block": place["b"].pk,
            "role": "responder",
            "tags": "mercado",
            "notes": "",
            "has_car": "on",
            "agreed": "on",
        },
    )
    rosa = Member.objects.get(phone_index__isnull=False, source="staff")
    assert response.status_code == 302
    assert response["Location"] == f"{MEMBERS}{rosa.pk}/"
    assert (rosa.name, rosa.phone, rosa.status) == ("Rosa Méndez", "+12155550177", "active")
    assert (rosa.block, rosa.zone, rosa.role, rosa.has_car) == (
        place["b"],
        place["norte"],
        "responder",
        True,
    )
    assert rosa.consent == ConsentText.current()
    assert list(rosa.tags.values_list("name", flat=True)) == ["mercado"]
    (entry,) = audit("zones.member.added")
    assert entry.actor_id == organizer.pk
    # The welcome message went to her phone, in Spanish.
    welcome = OutboundMessage.objects.get()
    assert (welcome.to_address, welcome.language) == ("+12155550177", "es")


def test_adding_someone_already_in_sends_nothing_and_shows_them(client, place, organizer):
    ana = place["ana"]
    response = client.post(
        f"{MEMBERS}new/",
        {
            "name": "Ana T.",
            "phone": "215-555-0134",
            "language": "es",
            "role": "member",
            "agreed": "on",
        },
    )
    assert response["Location"] == f"{MEMBERS}{ana.pk}/"
    assert Member.objects.count() == 1
    assert OutboundMessage.objects.count() == 0


def test_adding_needs_consent_and_a_phone_or_email(client, place, organizer):
    page = text(
        client.post(f"{MEMBERS}new/", {"name": "Sin Datos", "language": "es", "role": "member"})
    )
    assert "This field is required" in page
    page = text(
        client.post(
            f"{MEMBERS}new/",
            {"name": "Sin Datos", "language": "es", "role": "member", "agreed": "on"},
        )
    )
    assert "Give a phone number or an e-mail address, or both." in page
    page = text(
        client.post(
            f"{MEMBERS}new/",
            {"name": "X", "phone": "12", "language": "es", "role": "member", "agreed": "on"},
        )
    )
    assert "This is not a phone number we can text" in page
    assert Member.objects.count() == 1


def test_nothing_personal_reaches_the_audit_log(client, place, organizer):
    ana = place["ana"]
    client.get(MEMBERS)
    client.get(f"{MEMBERS}{ana.pk}/")
    client.post(f"{MEMBERS}{ana.pk}/reveal/", {"reason": "member_asked"})
    for entry in AuditEntry.objects.all():
        dumped = f"{entry.detail} {entry.object_id} {entry.object_type}"
        assert "Ana" not in dumped
        assert "0134" not in dumped
        assert "example.org" not in dumped


def test_organizer_confirms_a_pending_sign_up_in_person(client, place, organizer):
    pending = make_member(name="Pablo", phone="+12155550199", block=place["a"], status="pending")
    client.post(
        f"{MEMBERS}{pending.pk}/edit/",
        {"role": "member", "status": "active", "block": place["a"].pk, "tags": "", "notes": ""},
    )
    pending.refresh_from_db()
    assert pending.status == "active"
    assert pending.confirmed_at is not None
    (entry,) = audit("zones.member.confirmed_by_staff")
    assert entry.actor_id == organizer.pk


def filter_options(client, name):
    """The labels of the filter `name`'s options on the members list."""
    page = client.get(MEMBERS).content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_filters_show_a_new_zone_a_renamed_block_and_a_new_tag_at_once(
    client, place, organizer
):
    # Each process keeps the filters' choices until a zone, block or tag changes.
    assert filter_options(client, "zone") == ["Any", "Norte", "Sur"]
    assert "Division 0101 (0101)" in filter_options(client, "block")
    assert filter_options(client, "tag") == ["Any"]
    este = Zone.objects.create(name="Este", slug="este", geometry="{}")
    staff.rename_block(place["a"], "Las Casitas", actor=organizer)
    staff.services.set_tags(place["ana"], ["iglesia"], actor=organizer)
    assert filter_options(client, "zone") == ["Any", "Este", "Norte", "Sur"]
    blocks = filter_options(client, "block")
    assert "Las Casitas (0101)" in blocks and "Division 0101 (0101)" not in blocks
    assert filter_options(client, "tag") == ["Any", "iglesia"]
    este.delete()
    assert filter_options(client, "zone") == ["Any", "Norte", "Sur"]


def test_the_filters_keep_the_choice_and_speak_spanish(client, place, organizer):
    page = client.get(MEMBERS, {"block": place["c"].pk, "role": "responder"}).content.decode()
    assert f'<option value="{place["c"].pk}" selected>' in page
    assert '<option value="responder" selected>' in page
    assert '<option value="" selected>Any</option>' in page
    page = client.get(MEMBERS, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<option value="" selected>Cualquiera</option>' in page


def test_a_captains_filters_offer_their_own_blocks_and_zones_only(client, place):
    captain = sign_in_as(client, "captain", "cata")
    place["c"].captain_accounts.add(captain)
    assert filter_options(client, "zone") == ["Any", "Sur"]
    assert filter_options(client, "block") == ["Any", "Division 0201 (0201)"]
    assert names_listed(client.get(MEMBERS, {"zone": place["norte"].pk})) == []


def names_listed(response):
    return re.findall(
        r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', response.content.decode()
    )


def test_the_list_pages_fifty_at_a_time_as_before(client, place, organizer):
    for n in range(54):
        make_member(name=f"Vecina {n:02d}", block=place["b"])
    first = client.get(MEMBERS)
    assert len(names_listed(first)) == 50
    assert "Page 1 of 2" in text(first)
    second = client.get(MEMBERS, {"p": 2})
    assert len(names_listed(second)) == 5
    assert "Page 2 of 2" in text(second)
    # Past the end: the last page; not a number: the first; Paginator.get_page's rules.
    assert names_listed(client.get(MEMBERS, {"p": 9})) == names_listed(second)
    assert names_listed(client.get(MEMBERS, {"p": 0})) == names_listed(second)
    assert names_listed(client.get(MEMBERS, {"p": "x"})) == names_listed(first)
    filtered = client.get(MEMBERS, {"block": place["a"].pk, "p": 3})
    assert names_listed(filtered) == ["Ana Torres"]
    assert "Page 1 of" not in text(filtered)
    assert "No member matches." in text(client.get(MEMBERS, {"block": place["c"].pk}))
    entries = audit("zones.member.listed")
    assert [entry.detail["count"] for entry in entries] == [50, 5, 5, 5, 50, 1, 0]


def test_the_list_shows_the_block_or_the_zone_the_role_status_and_tags(client, place, organizer):
    beto = make_member(name="Beto Ruiz", zone=place["sur"], role="responder", status="pending")
    staff.services.set_tags(beto, ["iglesia", "con carro"], actor=organizer)
    page = text(client.get(MEMBERS))
    assert "<td>Division 0101</td>" in page
    assert "<td>Sur · no block yet</td>" in page
    assert "<td>Responder</td>" in page
    assert "<td>con carro, iglesia</td>" in page
    assert f'href="/admin/zones/members/{beto.pk}/"' in page
