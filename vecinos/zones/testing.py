"""Zones and blocks from the real Philadelphia shapes, for tests of any part of vecinos.

    from vecinos.zones.testing import load_zones

    zones = load_zones()  # {"Passyunk Square": Zone, "Point Breeze": Zone}, with their blocks

Parsing the 1,703 ward divisions takes a moment, so each process parses the files once.
"""

from .demo import load_shapes
from .models import ConsentText, Zone

TEST_ZONES = ("Passyunk Square", "Point Breeze")


def load_zones(names=TEST_ZONES) -> dict[str, Zone]:
    """Import these neighbourhoods as zones and their ward divisions as blocks, as the demo
    does (blocks named by their nearest street corner, "10th & Tasker")."""
    return load_shapes(names)


def make_consent(version: str = "2026-01") -> ConsentText:
    """Create a consent text in both languages."""
    return ConsentText.objects.create(
        version=version,
        text_en="I agree that the organization keeps my details to organize my block.",
        text_es="Acepto que la organización guarde mis datos para organizar mi cuadra.",
    )
