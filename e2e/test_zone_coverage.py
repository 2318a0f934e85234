"""An organizer watches a zone's coverage map while a neighbour joins by text message.

The organizer signs in with a second factor, opens the zone from the Zones menu, and sees
every block on the map (our own shapes, no tiles from anyone), the legend, the shapes'
attribution and the table that says the same in words. A neighbour then joins block 0102 by
SMS; after a reload the block has left the list of blocks with nobody, the table counts one
member there, and the map colours it as covered.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vecinos.core.models import AuditEntry
from vecinos.messaging.channels import locmem
from vecinos.zones import services
from vecinos.zones.models import Member
from vecinos.zones.tests.backoffice_helpers import make_zones

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"


def sign_in(page, base_url, role="organizer"):
    user = get_user_model().objects.create_user(username="orla", password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill("orla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base_url}/admin/")
    return user


def test_organizer_sees_a_block_go_from_nobody_to_covered(live_server, page):
    place = make_zones()
    norte = place["norte"]
    locmem.reset()
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_violations.append(message.text)
        ),
    )
    other_origins = []
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(live_server.url) and other_origins.append(request.url)
        ),
    )

    sign_in(page, live_server.url)

    page.get_by_role("button", name="Zones").click()
    page.get_by_role("link", name="Coverage", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/zones/")
    page.get_by_role("link", name="Norte").click()
    page.wait_for_url(f"{live_server.url}/admin/zones/{norte.pk}/")

    coverage_map = page.get_by_test_id("coverage-map")
    page.locator("#coverage-map[data-loaded=true]").wait_for()
    assert coverage_map.get_attribute("data-levels") == "0101:nobody 0102:nobody"
    assert coverage_map.locator("path.leaflet-interactive").count() == 2
    assert page.get_by_test_id("coverage-legend").locator("li").all_inner_texts() == [
        "Nobody yet",
        "Members, no responder",
        "At least one responder",
        "A block captain",
    ]
    assert page.get_by_test_id("map-attribution").inner_text() == "Shapes: Abaca Labs, CC BY 4.0"
    nobody = page.get_by_test_id("blocks-with-nobody").locator("li")
    assert nobody.all_inner_texts() == ["Division 0101", "Division 0102"]
    assert page.get_by_test_id("blocks-covered").inner_text() == "0"

    member = services.join_zone(
        services.Signup(name="Lupita", language="es", phone="+12155550188", block=place["b"]),
        source=Member.Source.SMS,
    )
    assert member.status == Member.Status.ACTIVE

    page.reload()
    page.locator("#coverage-map[data-loaded=true]").wait_for()
    assert coverage_map.get_attribute("data-levels") == "0101:nobody 0102:members"
    assert nobody.all_inner_texts() == ["Division 0101"]
    assert page.get_by_test_id("blocks-covered").inner_text() == "1"
    row = page.get_by_test_id("coverage-table").locator("tr[data-block='0102']")
    assert row.get_attribute("data-level") == "members"
    assert row.locator("td").all_inner_texts() == ["1", "0", "no"]
    # The block's shape is filled with the "members" colour of the legend.
    filled = coverage_map.locator("path.leaflet-interactive[fill='#9ecae1']")
    assert filled.count() == 1

    # The page never names the neighbour: coverage is counts.
    assert "Lupita" not in page.content()
    assert csp_violations == []
    assert other_origins == []


def test_organizer_reveals_a_phone_number_with_a_reason_without_leaving_the_page(live_server, page):
    place = make_zones()
    member = services.join_zone(
        services.Signup(name="Lupita", language="es", phone="+12155550188", block=place["a"]),
        source=Member.Source.SMS,
    )
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_violations.append(message.text)
        ),
    )
    organizer = sign_in(page, live_server.url)

    page.goto(f"{live_server.url}/admin/zones/members/")
    assert page.get_by_test_id("member-list").locator("tbody td").first.inner_text() == (
        "••• ••• ••88"
    )
    page.get_by_role("link", name="Lupita").click()
    page.wait_for_url(f"{live_server.url}/admin/zones/members/{member.pk}/")
    contact = page.get_by_test_id("member-contact")
    assert contact.get_by_test_id("phone").inner_text() == "••• ••• ••88"

    page.get_by_label("Why do you need their phone number and e-mail?").select_option(
        label="Rapid response: an incident nearby"
    )
    page.get_by_role("button", name="Show the phone and e-mail").click()
    # htmx swaps in the contact box; the page itself stays.
    page.get_by_test_id("phone").filter(has_text="+12155550188").wait_for()
    assert page.url == f"{live_server.url}/admin/zones/members/{member.pk}/"
    entry = AuditEntry.objects.get(action="zones.member.revealed")
    assert (entry.actor_id, entry.detail) == (organizer.pk, {"reason": "rapid_response"})
    assert csp_violations == []
