"""Who reaches which zones screen: the role matrix, and a captain kept to their own block."""

import pytest

from vecinos.zones.access import access_member, visible_members

from .backoffice_helpers import ROLES, make_staff, make_zones, sign_in_as
from .conftest import make_member

pytestmark = pytest.mark.django_db

ADMIN = "/admin/zones/"


@pytest.fixture
def place():
    place = make_zones()
    place["ana"] = make_member(name="Ana Block-A", phone="+12155550101", block=place["a"])
    place["beto"] = make_member(name="Beto Block-B", phone="+12155550102", block=place["b"])
    return place


def screens(place):
    """Every screen and who may open it (captain: the captain of block A)."""
    norte, a, b = place["norte"], place["a"], place["b"]
    ana = place["ana"]
    everyone_with_counts = {"admin", "organizer", "researcher"}
    organizers = {"admin", "organizer"}
    return [
        ("", everyone_with_counts),
        ("coverage.csv", everyone_with_counts),
        (f"{norte.pk}/", everyone_with_counts),
        (f"{norte.pk}/blocks.geojson", everyone_with_counts),
        (f"{norte.pk}/coverage.csv", everyone_with_counts),
        (f"blocks/{a.pk}/", everyone_with_counts | {"captain"}),
        (f"blocks/{b.pk}/", everyone_with_counts),
        (f"blocks/{a.pk}/edit/", organizers),
        ("members/", organizers | {"captain"}),
        ("members/new/", organizers),
        (f"members/{ana.pk}/", organizers | {"captain"}),
        (f"members/{ana.pk}/edit/", organizers),
        (f"members/{place['beto'].pk}/", organizers),
        ("import/", organizers),
        ("consent/", organizers),
        ("consent/new/", organizers),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_zones_screens(client, place, role):
    user = sign_in_as(client, role)
    if role == "captain":
        place["a"].captain_accounts.add(user)
    for path, allowed in screens(place):
        expected = 200 if role in allowed else 404
        assert client.get(f"{ADMIN}{path}").status_code == expected, (role, path)


@pytest.mark.parametrize("role", ["researcher", "editor", "dispatcher"])
def test_roles_without_people_cannot_post_to_member_screens(client, place, role):
    sign_in_as(client, role)
    ana = place["ana"]
    assert client.post(f"{ADMIN}members/{ana.pk}/reveal/", {"reason": "call"}).status_code == 404
    assert client.post(f"{ADMIN}members/{ana.pk}/edit/", {"role": "captain"}).status_code == 404
    assert client.post(f"{ADMIN}members/new/", {"name": "X"}).status_code == 404
    ana.refresh_from_db()
    assert ana.role == "member"


def test_captain_of_block_a_gets_404_for_a_member_of_block_b(client, place):
    captain = sign_in_as(client, "captain")
    place["a"].captain_accounts.add(captain)
    beto = place["beto"]
    assert client.get(f"{ADMIN}members/{beto.pk}/").status_code == 404
    response = client.post(f"{ADMIN}members/{beto.pk}/reveal/", {"reason": "call"})
    assert response.status_code == 404
    assert client.get(f"{ADMIN}blocks/{place['b'].pk}/").status_code == 404
    assert client.get(f"{ADMIN}{place['norte'].pk}/").status_code == 404


def test_captain_lists_only_their_own_blocks_members(client, place):
    captain = sign_in_as(client, "captain")
    place["a"].captain_accounts.add(captain)
    response = client.get(f"{ADMIN}members/")
    page = response.content.decode()
    assert "Ana Block-A" in page
    assert "Beto Block-B" not in page
    # Asking for block B through the filter shows nobody either.
    page = client.get(f"{ADMIN}members/", {"block": place["b"].pk}).content.decode()
    assert "Beto Block-B" not in page


def test_a_captain_without_a_block_sees_no_member(client, place):
    sign_in_as(client, "captain")
    page = client.get(f"{ADMIN}members/").content.decode()
    assert "Ana Block-A" not in page
    assert client.get(f"{ADMIN}members/{place['ana'].pk}/").status_code == 404


def test_visible_members_follow_the_role(place):
    organizer = make_staff("olga", "organizer")
    researcher = make_staff("rita", "researcher")
    captain = make_staff("cato", "captain")
    place["b"].captain_accounts.add(captain)
    assert set(visible_members(organizer)) == {place["ana"], place["beto"]}
    assert list(visible_members(researcher)) == []
    assert list(visible_members(captain)) == [place["beto"]]
    assert access_member(captain, place["beto"].pk) == place["beto"]


def test_an_unknown_member_id_is_404(client, place):
    sign_in_as(client, "organizer")
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"{ADMIN}members/{missing}/").status_code == 404


def test_the_zones_menu_follows_the_role(client, place):
    sign_in_as(client, "organizer", "olga")
    menu = client.get("/admin/").content.decode()
    assert '"url": "/admin/zones/members/"' in menu
    assert '"url": "/admin/zones/import/"' in menu
    client.logout()
    sign_in_as(client, "researcher", "rita")
    menu = client.get("/admin/").content.decode()
    assert '"url": "/admin/zones/"' in menu
    assert '"url": "/admin/zones/members/"' not in menu
    client.logout()
    sign_in_as(client, "captain", "cata")
    menu = client.get("/admin/").content.decode()
    assert '"url": "/admin/zones/members/"' in menu
    assert '"url": "/admin/zones/"' not in menu
    assert '"url": "/admin/zones/import/"' not in menu
    client.logout()
    sign_in_as(client, "editor", "eddie")
    menu = client.get("/admin/").content.decode()
    assert "/admin/zones/" not in menu
