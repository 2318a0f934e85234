"""Fixtures for the zones' tests: real Philadelphia shapes and members."""

from pathlib import Path

import pytest

from vecinos.messaging.channels import locmem
from vecinos.privacy.blind_index import email_index, phone_index
from vecinos.zones import testing
from vecinos.zones.models import Block, Member, Zone

DATA = Path(__file__).resolve().parents[1] / "data"
TWO_ZONES = list(testing.TEST_ZONES)


def load_zones(only=TWO_ZONES) -> dict[str, Zone]:
    """Import the named neighbourhoods as zones and their ward divisions as blocks
    (named by their nearest street corner, as in the demo)."""
    return testing.load_zones(tuple(only))


@pytest.fixture
def zones(db):
    return load_zones()


def make_member(*, phone="", email="", zone=None, block=None, **fields) -> Member:
    """Save a member directly, the way the services store one (normalized, indexed)."""
    member = Member(
        name=fields.pop("name", "Lupita R."),
        phone=phone,
        phone_index=phone_index(phone) if phone else None,
        email=email,
        email_index=email_index(email) if email else None,
        zone=zone or (block.zone if block else None),
        block=block,
        source=fields.pop("source", Member.Source.WEB),
        status=fields.pop("status", Member.Status.ACTIVE),
        **fields,
    )
    member.save(force_insert=True)
    return member


def first_block(zone: Zone) -> Block:
    return zone.blocks.order_by("name", "code").first()


@pytest.fixture(autouse=True)
def empty_outbox():
    locmem.reset()
    yield
    locmem.reset()
