"""For tests: a flood on one public form, as if many people had just posted to it, and the
proof of work a browser would send."""

import hashlib
import itertools

from vecinos.core.ratelimit import count_everyone

from . import floods
from .floods import PERIOD


def start_flood(settings, key: str, *, bits: int = 16, threshold: int = 2) -> None:
    """Switch the flood guard on for the form `key` ("coalition.sign"): past `threshold` posts
    this minute, asking a proof of `bits` zero bits."""
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = threshold
    settings.VECINOS_FLOOD_BITS = bits
    for _ in range(threshold + 1):
        count_everyone(f"flood.{key}", period=PERIOD)


def solved(client, key: str) -> dict:
    """Ask for the form `key`'s challenge as a browser does, solve it, and return the fields
    the browser would add to the form."""
    response = client.get(f"/floods/{key}/challenge/")
    assert response.status_code == 200
    challenge = response.json()
    for nonce in itertools.count():
        digest = hashlib.sha256(f"{challenge['seed']}{nonce}".encode()).digest()
        if floods.leading_zero_bits(digest) >= challenge["bits"]:
            return {floods.SEED_FIELD: challenge["token"], floods.NONCE_FIELD: str(nonce)}
