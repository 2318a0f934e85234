"""The demo zones: South Philadelphia's real shapes, invented members, a past, a captain."""

import pytest
from django.contrib.auth import get_user_model

from vecinos.accounts.demo import ensure_demo_staff_user
from vecinos.accounts.roles import Role
from vecinos.zones import demo
from vecinos.zones.coverage import zone_blocks
from vecinos.zones.models import Block, CoverageSnapshot, Member, Zone

pytestmark = pytest.mark.django_db


def test_demo_builds_south_philadelphia_with_uneven_coverage_and_a_captain():
    ensure_demo_staff_user(Role.CAPTAIN)
    captain = get_user_model().objects.get(username="captain")

    created = demo.build()

    assert Zone.objects.count() == len(demo.SOUTH_PHILADELPHIA) == 14
    assert Block.objects.count() > 140
    assert created == Member.objects.count() > 50
    assert all(zone.attribution == demo.ATTRIBUTION for zone in Zone.objects.all())
    passyunk = zone_blocks(Zone.objects.get(name="Passyunk Square"))
    assert any(block.covered for block in passyunk)
    assert any(not block.covered for block in passyunk)
    assert Member.objects.responders().exists()
    # A past for the progress chart: weekly counts that never go down.
    history = list(CoverageSnapshot.objects.filter(zone__name="Point Breeze").order_by("day"))
    assert len(history) >= 26
    assert [s.members for s in history] == sorted(s.members for s in history)
    assert history[-1].members == Member.objects.filter(zone__name="Point Breeze").count()
    block = captain.captain_blocks.get()
    assert block.members.filter(role=Member.Role.CAPTAIN).exists()


def test_demo_twice_keeps_the_members_it_made():
    demo.build()
    count = Member.objects.count()

    assert demo.build() == 0
    assert Member.objects.count() == count
    assert Zone.objects.count() == 14
