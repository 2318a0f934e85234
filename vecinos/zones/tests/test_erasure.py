"""Members in the erasure registry: found by phone or e-mail, exported, erased with their links."""

import pytest

from vecinos.core.models import AuditEntry
from vecinos.privacy.erasure import erase_person, export_person, find_person
from vecinos.zones import services
from vecinos.zones.models import Member, MemberToken, Tag

from .conftest import first_block, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def memo(zones):
    member = make_member(
        name="Memo Aguilar",
        phone="+12155550134",
        email="memo@example.org",
        block=first_block(zones["Point Breeze"]),
        language="es",
        notes="Tiene camioneta.",
        has_car=True,
    )
    member.tags.add(Tag.objects.create(name="church group"))
    services.issue_token(member, MemberToken.Purpose.MANAGE)
    return member


def test_a_member_is_found_by_phone_in_any_format_or_by_e_mail(memo):
    make_member(phone="+12675550188", email="otra@example.org")
    assert find_person(phone="(215) 555-0134")["zone_members"] == [memo]
    assert find_person(email="MEMO@example.org")["zone_members"] == [memo]
    assert "zone_members" not in find_person(phone="+14455550142")


def test_the_export_holds_the_decrypted_record(memo):
    [record] = export_person(phone="2155550134")["records"]["zone_members"]
    assert record["name"] == "Memo Aguilar"
    assert (record["phone"], record["email"]) == ("+12155550134", "memo@example.org")
    assert (record["zone"], record["block"]) == ("Point Breeze", str(memo.block))
    assert (record["notes"], record["has_car"], record["tags"]) == (
        "Tiene camioneta.",
        True,
        ["church group"],
    )
    assert record["status"] == "active"


def test_erasing_removes_the_member_links_and_tags_but_not_others(memo):
    other = make_member(phone="+12675550188")
    services.issue_token(other, MemberToken.Purpose.MANAGE)

    counts = erase_person(email="memo@example.org")

    assert counts["zone_members"] == 1
    assert list(Member.objects.all()) == [other]
    assert list(MemberToken.objects.values_list("member", flat=True)) == [other.pk]
    assert not Member.tags.through.objects.exists()
    # The tag itself is a label, not the person: it stays for the others.
    assert Tag.objects.filter(name="church group").exists()
    # Counts only: the audit log does not list who asked to be forgotten.
    entry = AuditEntry.objects.filter(action="privacy.person.erased").get()
    assert entry.detail["zone_members"] == 1
    assert entry.object_id in ("", None)
