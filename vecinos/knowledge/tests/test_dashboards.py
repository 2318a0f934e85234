"""The back office home: each role sees its own panels, with no data and with the demo's."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from vecinos.accounts.roles import Role
from vecinos.accounts.testing import sign_in_verified

pytestmark = pytest.mark.django_db

OURS = {
    "hotline-now",
    "hotline-figures",
    "zones",
    "workshops",
    "records",
    "outbox",
    "retention",
}

EXPECTED = {
    Role.DISPATCHER: {"hotline-now", "hotline-figures"},
    Role.ORGANIZER: {"zones", "workshops"},
    Role.RESEARCHER: {"hotline-figures", "zones", "workshops", "records"},
    Role.EDITOR: {"records"},
    Role.FUNDRAISER: set(),
    Role.ADMIN: OURS,
}


def home(client, role):
    user = get_user_model().objects.create_user(f"{role}-user", password="x" * 20)
    user.groups.add(Group.objects.get(name=role))
    if role == Role.ADMIN:
        user.is_superuser = True
        user.save()
    user.is_staff = True
    user.save()
    sign_in_verified(client, user)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    return html, set(re.findall(r'data-panel="([^"]+)"', html))


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_only_its_panels_with_no_data(client, role):
    html, panels = home(client, role)
    assert panels == EXPECTED[role]
    assert ("fundraising-panel-heading" in html) == (role in {Role.FUNDRAISER, Role.ADMIN})
    if role == Role.ADMIN:
        assert "Nobody is on shift right now." in html


def test_the_demo_fills_every_panel_for_the_admin_and_the_researcher(client):
    from vecinos.content.testing import make_homes
    from vecinos.fundraising import demo as fundraising_demo
    from vecinos.hotline import demo as hotline_demo
    from vecinos.workshops import demo as workshops_demo
    from vecinos.zones import demo as zones_demo

    zones_demo.build()
    workshops_demo.build()
    hotline_demo.build()
    fundraising_demo.build(make_homes())
    html, panels = home(client, Role.ADMIN)
    assert "Raised per campaign" in html and "Amount given per week, after refunds" in html
    assert panels == OURS
    assert "Point Breeze" in html
    assert "Families trained, by zone and month" in html
    assert html.count('role="img"') >= 8
    # The researcher: aggregates only, never who is on shift.
    client.logout()
    html, panels = home(client, Role.RESEARCHER)
    assert "On shift now" not in html
    assert "Minutes from the first report, median per month" in html
