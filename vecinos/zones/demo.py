"""Demo zones: South Philadelphia's neighbourhoods and their ward divisions, with members.

The shapes are real (vecinos/zones/data, CC BY 4.0, Abaca Labs); the members are invented,
with names nobody has and phone numbers from the 555-01xx range kept for fiction (0190-0199
stay free for the Test phone). Coverage is
uneven on purpose, so the dashboard has covered blocks, blocks with a responder or a captain,
and blocks with nobody.
"""

import random
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from vecinos.privacy.blind_index import email_index, phone_index

from . import demo_streets, geo
from .models import Block, ConsentText, CoverageSnapshot, Member, Zone

DATA = Path(__file__).resolve().parent / "data"
ATTRIBUTION = "Abaca Labs, CC BY 4.0 (OpenDataPhilly)"
SOUTH_PHILADELPHIA = [
    "Bella Vista",
    "Queen Village",
    "Pennsport",
    "Dickinson Narrows",
    "Passyunk Square",
    "East Passyunk",
    "Lower Moyamensing",
    "Whitman",
    "Point Breeze",
    "Newbold",
    "Girard Estates",
    "West Passyunk",
    "Packer Park",
    "Grays Ferry",
]
# Zones where the campaign has started, and the share of their blocks with someone.
ORGANIZED = {"Passyunk Square": 0.9, "Point Breeze": 0.6, "East Passyunk": 0.5, "Newbold": 0.3}
FIRST_NAMES = [
    "Lupita", "Chuy", "Marisela", "Toño", "Yesenia", "Beto", "Rocío", "Memo", "Xóchitl",
    "Nando", "Carmela", "Pancho", "Itzel", "Rigo", "Dulce", "Checo", "Abril", "Lalo",
    "Noemí", "Paco", "Jade", "Tere", "Quique", "Brenda", "Wendy", "Samuel",
]  # fmt: skip
INITIALS = "ABCDEFGHIJLMNOPRSTVZ"
AREA_CODES = ["215", "267", "445"]


@cache
def philadelphia_features(name: str) -> list[geo.Feature]:
    """Return the features of one of the data files, parsed once per process."""
    return geo.read_features((DATA / name).read_bytes())


def load_shapes(names=SOUTH_PHILADELPHIA) -> dict[str, Zone]:
    """Import these Philadelphia neighborhoods as zones and their divisions as blocks."""
    geo.import_zones(
        philadelphia_features("neighborhoods.geojson"),
        name_property="MAPNAME",
        attribution=ATTRIBUTION,
        only=names,
    )
    zones = Zone.objects.filter(name__in=names)
    divisions = philadelphia_features("ward-divisions-2019.geojson")
    geo.import_blocks(divisions, code_property="DIVISION_N", zones=zones)
    name_demo_blocks(zones)
    return {zone.name: zone for zone in zones}


# Numbers no demo person has, in every area code of the demo: text the demo from one of these
# on the Test phone and you are a newcomer, not one of the invented members (README.md).
FREE_LINES = range(190, 200)
FREE_FOR_TEST_PHONE = [f"+1{area}555{line:04d}" for area in AREA_CODES for line in FREE_LINES]


def name_demo_blocks(zones) -> int:
    """Name every block of these zones that has no name by its nearest street corner
    ("10th & Christian"), unique within its zone; return how many were named."""
    named = 0
    for zone in zones:
        blocks = list(zone.blocks.all())
        points = [(block.pk, block.latitude, block.longitude) for block in blocks]
        names = demo_streets.name_blocks(points)
        unnamed = [block for block in blocks if not block.name]
        taken = {block.name for block in blocks if block.name}
        for block in unnamed:
            name = names[block.pk]
            if name in taken:
                corners = demo_streets.nearest_corners(block.latitude, block.longitude, 36)
                name = next((corner for corner in corners if corner not in taken), name)
            block.name = name
            taken.add(name)
        Block.objects.bulk_update(unnamed, ["name"])
        named += len(unnamed)
    return named


def _phones():
    for area in AREA_CODES:
        for line in range(100, FREE_LINES.start):
            yield f"+1{area}555{line:04d}"


@transaction.atomic
def build() -> int:
    """Load the shapes and, if nobody has joined yet, invent members; return how many."""
    load_shapes()
    if Member.objects.exists():
        link_demo_captain()
        return 0
    rng = random.Random(2026)
    consent = ConsentText.current()
    now = timezone.now()
    phones = _phones()
    members = []
    for zone_name, share in ORGANIZED.items():
        blocks = list(Block.objects.filter(zone__name=zone_name).order_by("code"))
        covered = rng.sample(blocks, round(len(blocks) * share))
        for position, block in enumerate(covered):
            for number in range(rng.choice([1, 1, 2, 3, 4])):
                role = Member.Role.MEMBER
                if number == 0 and position % 3 == 0:
                    role = Member.Role.CAPTAIN
                elif rng.random() < 0.35:
                    role = Member.Role.RESPONDER
                members.append(_member(rng, block, role, next(phones), consent, now))
    Member.objects.bulk_create(members)
    record_history(members, now)
    link_demo_captain()
    return len(members)


def record_history(members: list[Member], now, weeks: int = 26) -> None:
    """Write a coverage snapshot a week for the last half year, from when members joined,
    so the dashboard's progress chart has a past."""
    for zone in Zone.objects.filter(name__in=ORGANIZED):
        blocks = zone.blocks.count()
        mine = [member for member in members if member.zone_id == zone.pk]
        for week in range(weeks, -1, -1):
            moment = now - timedelta(weeks=week)
            joined = [m for m in mine if m.confirmed_at <= moment]
            trained = [m for m in joined if m.trained_at and m.trained_at <= moment]
            CoverageSnapshot.objects.update_or_create(
                zone=zone,
                day=timezone.localdate(moment),
                defaults={
                    "blocks": blocks,
                    "blocks_covered": len({m.block_id for m in joined}),
                    "blocks_with_responder": len({m.block_id for m in trained}),
                    "blocks_with_captain": len(
                        {m.block_id for m in trained if m.role == Member.Role.CAPTAIN}
                    ),
                    "members": len(joined),
                    "responders": len(trained),
                },
            )


def link_demo_captain() -> None:
    """Give the demo captain's staff account (manage.py create_demo_staff) the first block
    that has a captain, so signing in as "captain" shows one block's members."""
    user = get_user_model().objects.filter(username="captain").first()
    block = (
        Block.objects.filter(members__role=Member.Role.CAPTAIN, zone__name="Passyunk Square")
        .order_by("code")
        .first()
    )
    if user is not None and block is not None and not user.captain_blocks.exists():
        block.captain_accounts.add(user)


def _member(rng, block, role, phone, consent, now) -> Member:
    joined = now - timedelta(days=rng.randint(1, 180), minutes=rng.randint(0, 1440))
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(INITIALS)}."
    trained = role != Member.Role.MEMBER
    email = ""
    if rng.random() < 0.3:
        email = f"{name.split()[0].lower()}.{phone[-4:]}@example.org".replace("ó", "o")
        email = email.replace("í", "i").replace("ñ", "n").replace("é", "e")
    return Member(
        name=name,
        phone=phone,
        phone_index=phone_index(phone),
        email=email,
        email_index=email_index(email) if email else None,
        language=rng.choice(["es", "es", "es", "en"]),
        zone=block.zone,
        block=block,
        role=role,
        status=Member.Status.ACTIVE,
        source=rng.choice([Member.Source.WEB, Member.Source.SMS, Member.Source.SMS]),
        available_mornings=rng.random() < 0.4,
        available_evenings=rng.random() < 0.6,
        has_car=rng.random() < 0.3,
        languages_spoken=rng.choice(["es", "es,en", "es,en", "es,mix"]),
        consent=consent,
        consented_at=joined,
        created_at=joined,
        confirmed_at=joined + timedelta(minutes=4),
        trained_at=min(joined + timedelta(days=10), now) if trained else None,
        training_expires_at=joined + timedelta(days=375) if trained else None,
    )
