"""Zones and blocks from the real Philadelphia shapes, for tests of any part of vecinos.

    from vecinos.zones.testing import load_zones

    zones = load_zones()  # {"Passyunk Square": Zone, "Point Breeze": Zone}, with their blocks

Parsing the 1,703 ward divisions takes a moment, so each process parses the files once.
"""

from functools import cache
from pathlib import Path

from . import geo
from .models import ConsentText, Zone

DATA = Path(__file__).resolve().parent / "data"
ATTRIBUTION = "Abaca Labs, CC BY 4.0 (OpenDataPhilly)"
TEST_ZONES = ("Passyunk Square", "Point Breeze")


@cache
def _features(name: str) -> list[geo.Feature]:
    features = geo.read_features((DATA / name).read_bytes())
    for feature in features:
        # Named as the demo names them: "3903" is "39-03", ward 39, division 3.
        code = str(feature.properties.get("DIVISION_N", ""))
        feature.properties["LABEL"] = f"{code[:2]}-{code[2:]}"
    return features


def load_zones(names=TEST_ZONES) -> dict[str, Zone]:
    """Import these neighbourhoods as zones and their ward divisions as blocks."""
    geo.import_zones(
        _features("neighborhoods.geojson"),
        name_property="MAPNAME",
        attribution=ATTRIBUTION,
        only=names,
    )
    zones = Zone.objects.filter(name__in=names)
    geo.import_blocks(
        _features("ward-divisions-2019.geojson"),
        code_property="DIVISION_N",
        name_property="LABEL",
        zones=zones,
    )
    return {zone.name: zone for zone in zones}


def make_consent(version: str = "2026-01") -> ConsentText:
    """Create a consent text in both languages."""
    return ConsentText.objects.create(
        version=version,
        text_en="I agree that the organization keeps my details to organize my block.",
        text_es="Acepto que la organización guarde mis datos para organizar mi cuadra.",
    )
