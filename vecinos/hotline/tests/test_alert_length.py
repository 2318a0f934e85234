"""Every alert fits one GSM-7 segment, in both languages, for the longest places it can name.

An alert is read at a glance and sent to everyone, so it is one segment: 160 GSM-7
characters. It names the block the way people do and its zone ("10th & Washington, Passyunk
Square"), so the worst case is the demo's longest block name beside the longest zone name of a
whole imported city (every Philadelphia neighbourhood), measured as the text is sent.
"""

import pytest

from vecinos.hotline.services import alerts
from vecinos.messaging.rendering import sms_text
from vecinos.messaging.sms_length import GSM7, count_segments
from vecinos.zones import demo, demo_streets


def _demo_block_names() -> list[str]:
    """The names the demo gives its blocks: the divisions of South Philadelphia's zones."""
    zones = [
        f.geometry
        for f in demo.philadelphia_features("neighborhoods.geojson")
        if f.properties["MAPNAME"] in demo.SOUTH_PHILADELPHIA
    ]
    points = []
    for feature in demo.philadelphia_features("ward-divisions-2019.geojson"):
        if any(
            zone.intersection(feature.geometry).area >= 0.5 * feature.geometry.area
            for zone in zones
        ):
            inside = feature.geometry.representative_point()
            points.append((int(feature.properties["DIVISION_N"]), inside.y, inside.x))
    assert len(points) == 159
    return list(demo_streets.name_blocks(points).values())


def _city_zone_names() -> list[str]:
    return [f.properties["MAPNAME"] for f in demo.philadelphia_features("neighborhoods.geojson")]


LONGEST_BLOCK = max(_demo_block_names(), key=len)
LONGEST_ZONE = max(_city_zone_names(), key=len)
LONGEST_PLACE = f"{LONGEST_BLOCK}, {LONGEST_ZONE}"


def test_the_worst_case_is_a_real_one():
    # A name from the grid and a real neighbourhood: "17th & Washington", "Fishtown - Lower
    # Kensington" (the longest of Philadelphia's 159).
    assert " & " in LONGEST_BLOCK
    assert len(LONGEST_ZONE) >= 27
    assert len(LONGEST_PLACE) >= 45


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("template", list(alerts.TEMPLATES))
def test_every_alert_is_one_gsm7_segment(template, language):
    english, spanish = alerts.alert_texts(template, place=LONGEST_PLACE)
    text = english if language == "en" else spanish
    info = count_segments(text)
    assert (info.encoding, info.segments) == (GSM7, 1), f"{info.units} units:\n{text}"
    assert LONGEST_PLACE in text
    # As sent: the one rule for accents leaves nothing to change.
    assert sms_text(text) == text


def test_the_spanish_alert_is_spanish_and_keeps_what_gsm7_allows():
    english, spanish = alerts.alert_texts("agents_present", place="Broad & Tasker, Newbold")
    assert english != spanish
    assert "inmigracion" in spanish  # ó written as o: GSM-7 has no ó
    assert "Quédese" in spanish  # é kept: GSM-7 has it
