"""Blocks have names people use (cross streets or a landmark), never a ward-division code.

The demo names every block by its nearest corner; an import takes names from a property when
the file has one; staff name the rest. No text, alert or menu shows a raw code.
"""

import json
import re

import pytest
from django.core.management import call_command

from vecinos.messaging.tests.inbound import replies, text
from vecinos.zones import demo, demo_streets, geo
from vecinos.zones.models import Block, Zone

from .conftest import DATA, load_zones

pytestmark = pytest.mark.django_db
CODE = re.compile(r"\b\d{2}-?\d{2}\b")


def test_every_demo_block_has_a_corner_for_a_name_unique_in_its_zone():
    load_zones(demo.SOUTH_PHILADELPHIA)
    blocks = list(Block.objects.select_related("zone"))
    assert len(blocks) == 159
    for block in blocks:
        assert re.fullmatch(r"(Front|Broad|\d+(st|nd|rd|th)) & [A-Z][A-Za-z]+", block.name), block
        assert block.code not in block.name and not CODE.search(block.name)
        assert block.place == f"{block.name}, {block.zone.name}"
    for zone in Zone.objects.all():
        names = list(zone.blocks.values_list("name", flat=True))
        assert len(names) == len(set(names)), zone


def test_a_corner_is_named_as_neighbours_say_it():
    assert demo_streets.numbered_street(1) == "Front"
    assert demo_streets.numbered_street(14) == "Broad"
    assert [demo_streets.numbered_street(n) for n in (2, 3, 11, 12, 13, 21, 22, 23)] == [
        "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "23rd",
    ]  # fmt: skip
    # Broad Street and Tasker Street (the Tasker-Morris station's corner).
    assert demo_streets.nearest_corners(39.9302, -75.1683)[0] == "Broad & Tasker"


def test_the_join_menu_lists_names_not_codes():
    load_zones()
    text("JOIN")
    text("Lupita")
    menu = text("passyunk square") and replies()[-1].body
    lines = menu.splitlines()[1:6]
    assert all(" & " in line for line in lines), menu
    assert not CODE.search(menu)


def test_a_zone_whose_blocks_have_no_name_yet_skips_the_block_question():
    zones = load_zones()
    zones["Point Breeze"].blocks.update(name="")
    text("JOIN")
    text("Chuy")
    text("point breeze")
    assert replies()[-1].body.startswith(
        "Last step. We keep your name, number, language and neighborhood (Point Breeze)"
    )


def _file(tmp_path, features):
    path = tmp_path / "blocks.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _square(x, y, **properties):
    ring = [[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_an_import_takes_names_from_the_file_and_keeps_staffs_names_otherwise(tmp_path):
    zone = load_zones()["Passyunk Square"]
    named = [
        _square(-75.16, 39.93, ID="A1", name="Parque Mario Lanza"),
        _square(-75.158, 39.93, ID="A2", name="A2"),  # only the code again: no name
        _square(-75.156, 39.93, ID="A3", name=""),
    ]
    features = geo.read_features(json.loads(_file(tmp_path, named).read_text()))
    assert geo.guess_name_property(geo.property_names(features)) == ""  # "name" not shared
    assert geo.guess_name_property(["ID", "LABEL"]) == "LABEL"
    geo.import_blocks(features, code_property="ID", name_property="name", zone=zone)
    assert dict(zone.blocks.filter(code__startswith="A").values_list("code", "name")) == {
        "A1": "Parque Mario Lanza",
        "A2": "",
        "A3": "",
    }
    Block.objects.filter(zone=zone, code="A2").update(name="12th & Reed")
    # Imported again from a file without names: staff's name stays, the file's name stays.
    call_command("import_shapes", "blocks", str(_file(tmp_path, [
        _square(-75.16, 39.93, ID="A1"), _square(-75.158, 39.93, ID="A2"),
    ])), "--code-property=ID", f"--zone={zone.slug}")  # fmt: skip
    names = dict(zone.blocks.filter(code__startswith="A").values_list("code", "name"))
    assert (names["A1"], names["A2"]) == ("Parque Mario Lanza", "12th & Reed")


def test_the_command_guesses_the_name_property(tmp_path):
    zone = load_zones()["Point Breeze"]
    path = _file(tmp_path, [_square(-75.18, 39.935, ID="B1", NAME="Wharton Square Park")])
    call_command("import_shapes", "blocks", str(path), "--code-property=ID", f"--zone={zone.slug}")
    assert zone.blocks.get(code="B1").name == "Wharton Square Park"


def test_the_data_files_have_no_names_so_the_demo_makes_them():
    features = demo.philadelphia_features("ward-divisions-2019.geojson")
    assert geo.guess_name_property(geo.property_names(features)) == ""
    assert DATA.exists()
