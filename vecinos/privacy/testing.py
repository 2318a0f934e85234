"""For tests: a flood on one public form, as if many people had just posted to it."""

from vecinos.core.ratelimit import count_everyone

from .floods import PERIOD


def start_flood(settings, key: str, *, bits: int = 16, threshold: int = 2) -> None:
    """Switch the flood guard on for the form `key` ("coalition.sign"): past `threshold` posts
    this minute, asking a proof of `bits` zero bits."""
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = threshold
    settings.VECINOS_FLOOD_BITS = bits
    for _ in range(threshold + 1):
        count_everyone(f"flood.{key}", period=PERIOD)
