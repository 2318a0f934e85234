"""Small zones drawn by hand and staff of every role, for the back-office tests.

Two zones of unit squares near Philadelphia: "Norte" with blocks A and B side by side, and
"Sur" with block C. Real shapes are imported only where the import itself is tested.
"""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from vecinos.accounts.testing import sign_in_verified
from vecinos.zones.models import Block, Zone

PASSWORD = "a long enough test password"
ROLES = ["admin", "organizer", "researcher", "captain", "editor", "dispatcher"]
SIZE = 0.01


def square(lon: float, lat: float, width: float = SIZE, height: float = SIZE) -> str:
    ring = [
        [lon, lat],
        [lon + width, lat],
        [lon + width, lat + height],
        [lon, lat + height],
        [lon, lat],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def make_block(zone: Zone, code: str, lon: float, lat: float) -> Block:
    return Block.objects.create(
        zone=zone,
        code=code,
        name=f"Division {code}",
        geometry=square(lon, lat),
        latitude=lat + SIZE / 2,
        longitude=lon + SIZE / 2,
    )


def make_zones() -> dict:
    """Return {"norte": zone, "sur": zone, "a": block, "b": block, "c": block}."""
    norte = Zone.objects.create(
        name="Norte",
        slug="norte",
        geometry=square(-75.20, 39.90, 2 * SIZE),
        attribution="Abaca Labs, CC BY 4.0",
    )
    sur = Zone.objects.create(name="Sur", slug="sur", geometry=square(-75.20, 39.80))
    a = make_block(norte, "0101", -75.20, 39.90)
    b = make_block(norte, "0102", -75.19, 39.90)
    c = make_block(sur, "0201", -75.20, 39.80)
    a.neighbours.add(b)
    b.neighbours.add(a)
    return {"norte": norte, "sur": sur, "a": a, "b": b, "c": c}


def make_staff(username: str, *roles: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def sign_in_as(client, role: str, username: str | None = None):
    """Create a staff user with `role`, sign the client in past the second factor."""
    user = make_staff(username or f"{role}-user", role)
    sign_in_verified(client, user)
    return user
