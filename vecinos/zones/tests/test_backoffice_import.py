"""Setting zones up in the back office: importing the real Philadelphia shapes through the
upload form, clear errors for bad files, block names and captains, consent text versions."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vecinos.core.models import AuditEntry
from vecinos.zones.models import Block, ConsentText, Zone

from .backoffice_helpers import make_staff, make_zones, sign_in_as
from .conftest import DATA, TWO_ZONES

pytestmark = pytest.mark.django_db

IMPORT = "/admin/zones/import/"
CHOOSE = "/admin/zones/import/choose/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def organizer(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return sign_in_as(client, "organizer", "olga")


def upload(client, kind, name, content):
    return client.post(
        IMPORT,
        {"kind": kind, "file": SimpleUploadedFile(name, content, "application/geo+json")},
    )


def test_organizer_imports_two_neighbourhoods_and_their_divisions(client, organizer, tmp_path):
    response = upload(
        client, "zones", "hoods.geojson", (DATA / "neighborhoods.geojson").read_bytes()
    )
    assert response.status_code == 302
    assert response["Location"] == CHOOSE
    page = text(client.get(CHOOSE))
    assert "The file holds 159 shapes." in page
    assert '<option value="MAPNAME">MAPNAME</option>' in page

    page = text(
        client.post(
            CHOOSE,
            {
                "name_property": "MAPNAME",
                "attribution": "Abaca Labs, CC BY 4.0",
                "only": "\n".join(TWO_ZONES),
            },
        )
    )
    assert "Import finished." in page
    assert "2 created" in page
    assert sorted(Zone.objects.values_list("name", flat=True)) == TWO_ZONES
    assert set(Zone.objects.values_list("attribution", flat=True)) == {"Abaca Labs, CC BY 4.0"}
    # The waiting file is gone once imported.
    assert list((tmp_path / "zone-imports").glob("*.geojson")) == []

    divisions = (DATA / "ward-divisions-2019.geojson").read_bytes()
    assert upload(client, "blocks", "divisions.geojson", divisions).status_code == 302
    page = text(
        client.post(CHOOSE, {"code_property": "DIVISION_N", "name_property": "", "zone": ""})
    )
    assert "Import finished." in page
    created = Block.objects.count()
    assert created > 20
    assert f"{created} created" in page
    assert re.search(r"\d+ outside every zone, skipped", page)
    assert set(Block.objects.values_list("zone__name", flat=True)) == set(TWO_ZONES)
    assert Block.objects.filter(neighbours__isnull=False).exists()

    entries = AuditEntry.objects.filter(action="zones.shapes.imported").order_by("seq")
    assert [e.detail["kind"] for e in entries] == ["zones", "blocks"]
    assert entries[0].detail == {"kind": "zones", "created": 2, "updated": 0, "skipped": 0}

    # The dashboard of an imported zone shows its blocks and their attribution.
    zone = Zone.objects.get(name="Point Breeze")
    page = text(client.get(f"/admin/zones/{zone.pk}/"))
    assert "Shapes: Abaca Labs, CC BY 4.0" in page
    assert page.count("data-level=") == zone.blocks.count()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is not json", "The file is not JSON."),
        (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "The file has no features."),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"NAME": "X"},
                            "geometry": {"type": "Point", "coordinates": [-75.1, 39.9]},
                        }
                    ],
                }
            ).encode(),
            "not polygons",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"NAME": "X"},
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [
                                    [
                                        [2690000, 230000],
                                        [2691000, 230000],
                                        [2691000, 231000],
                                        [2690000, 230000],
                                    ]
                                ],
                            },
                        }
                    ],
                }
            ).encode(),
            "not in longitude/latitude",
        ),
    ],
)
def test_bad_files_get_a_clear_error(client, organizer, content, message):
    response = upload(client, "zones", "bad.geojson", content)
    assert response.status_code == 200
    assert message in text(response)
    assert not Zone.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, organizer, settings):
    settings.VECINOS_SHAPES_UPLOAD_MAX_BYTES = 1024 * 1024
    big = b" " * (1024 * 1024 + 1)
    page = text(upload(client, "zones", "big.geojson", big))
    assert "The file is larger than 1 MB" in page


def test_choosing_without_an_upload_goes_back_to_the_upload(client, organizer):
    response = client.get(CHOOSE)
    assert response.status_code == 302
    assert response["Location"] == IMPORT


def test_organizer_renames_a_block_and_links_its_captain(client, organizer):
    place = make_zones()
    captain = make_staff("cata", "captain")
    make_staff("otro", "organizer")
    a = place["a"]
    page = text(client.get(f"/admin/zones/blocks/{a.pk}/edit/"))
    assert "cata" in page
    assert "otro" not in page
    response = client.post(
        f"/admin/zones/blocks/{a.pk}/edit/",
        {"name": "Las Casitas de la 9", "captain_accounts": [captain.pk]},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.name == "Las Casitas de la 9"
    assert list(a.captain_accounts.all()) == [captain]
    actions = list(
        AuditEntry.objects.filter(object_type="zones.block")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["zones.block.renamed", "zones.block.captains_changed"]


def test_a_new_consent_version_leaves_the_old_one_as_it_was(client, organizer):
    first = ConsentText.current()
    page = text(client.get("/admin/zones/consent/new/"))
    assert first.text_en[:30] in page
    response = client.post(
        "/admin/zones/consent/new/",
        {"version": "2026-12", "text_en": "New words.", "text_es": "Palabras nuevas."},
    )
    assert response.status_code == 302
    current = ConsentText.current()
    assert (current.version, current.text_es) == ("2026-12", "Palabras nuevas.")
    old = ConsentText.objects.get(pk=first.pk)
    assert (old.text_en, old.text_es) == (first.text_en, first.text_es)
    # A version name is never reused.
    page = text(
        client.post(
            "/admin/zones/consent/new/",
            {"version": "2026-12", "text_en": "Other.", "text_es": "Otras."},
        )
    )
    assert "This version exists already" in page
    assert AuditEntry.objects.filter(action="zones.consent_text.created").count() == 1
