"""Coverage in the back office: counts per block and zone, the map's data, the blocks with
nobody, progress over time, and CSV exports that hold counts only."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from vecinos.core.models import AuditEntry
from vecinos.core.periodic import run_periodic, schedule
from vecinos.zones import coverage
from vecinos.zones import periodic as tasks
from vecinos.zones.models import CoverageSnapshot

from .backoffice_helpers import make_staff, make_zones, sign_in_as
from .conftest import make_member

pytestmark = pytest.mark.django_db

SNAPSHOTS = "zones.coverage_snapshots"

ADMIN = "/admin/zones/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def place():
    place = make_zones()
    a, b = place["a"], place["b"]
    make_member(name="Ana Torres", phone="+12155550134", email="ana@example.org", block=a)
    make_member(name="Beto Ruiz", phone="+12155550135", block=a, role="responder")
    make_member(name="Carla Paz", phone="+12155550136", block=b, status="pending")
    make_member(name="Dora Gil", phone="+12155550137", zone=place["norte"], role="captain")
    return place


def test_block_counts_active_members_responders_and_captains(place):
    a, b = place["a"], place["b"]
    counts = {row.code: row for row in coverage.zone_blocks(place["norte"])}
    assert (counts["0101"].members, counts["0101"].responders, counts["0101"].captain) == (
        2,
        1,
        False,
    )
    # A pending member does not cover a block yet.
    assert (counts["0102"].members, counts["0102"].level) == (0, "nobody")
    assert counts["0101"].level == "responders"
    # A captain's staff account linked to the block counts as a captain.
    b.captain_accounts.add(make_staff("cata", "captain"))
    counts = {row.code: row for row in coverage.zone_blocks(place["norte"])}
    assert (counts["0102"].captain, counts["0102"].level, counts["0102"].covered) == (
        True,
        "captain",
        True,
    )
    totals = coverage.summarize(place["norte"])
    # Dora has no block yet: she counts for the zone, not for a block.
    assert totals == coverage.ZoneCoverage(
        blocks=2,
        blocks_covered=2,
        blocks_with_responder=1,
        blocks_with_captain=1,
        members=3,
        responders=2,
    )
    assert a.members.count() == 2


def test_dashboard_shows_the_table_the_blocks_with_nobody_and_the_attribution(client, place):
    sign_in_as(client, "researcher")
    page = text(client.get(f"{ADMIN}{place['norte'].pk}/"))
    assert 'data-block="0101" data-level="responders"' in page
    assert 'data-block="0102" data-level="nobody"' in page
    nobody = re.search(r'data-testid="blocks-with-nobody">(.*?)</ul>', page).group(1)
    assert "Division 0102" in nobody
    assert "Division 0101" not in nobody
    assert "Shapes: Abaca Labs, CC BY 4.0" in page
    assert "vecinos/leaflet/leaflet.js" in page
    # Counts only: a researcher never sees a person.
    for personal in ["Ana Torres", "Beto", "0134", "example.org"]:
        assert personal not in page


def test_map_data_has_counts_per_block_and_no_person(client, place):
    sign_in_as(client, "organizer")
    data = client.get(f"{ADMIN}{place['norte'].pk}/blocks.geojson").json()
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert props["0101"] | {"id": 0} == {
        "id": 0,
        "code": "0101",
        "name": "Division 0101",
        "members": 2,
        "responders": 1,
        "captain": False,
        "level": "responders",
    }
    assert data["attribution"] == "Abaca Labs, CC BY 4.0"
    assert "Ana" not in str(data)


def test_no_tiles_are_loaded_unless_a_tile_server_is_configured(client, place, settings):
    sign_in_as(client, "organizer")
    assert 'data-tiles=""' in text(client.get(f"{ADMIN}{place['norte'].pk}/"))
    settings.VECINOS_MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.VECINOS_MAP_TILES_ATTRIBUTION = "© Example contributors"
    page = text(client.get(f"{ADMIN}{place['norte'].pk}/"))
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert "Map background: © Example contributors" in page


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def assert_nothing_personal(content: str):
    for personal in ["Ana", "Torres", "Beto", "Carla", "Dora", "+1215", "0134", "@"]:
        assert personal not in content


def test_block_csv_holds_counts_only_and_is_audited(client, place):
    researcher = sign_in_as(client, "researcher")
    response = client.get(f"{ADMIN}{place['norte'].pk}/coverage.csv")
    assert csv_rows(response) == [
        ["zone", "block_code", "block_name", "members", "responders", "captain"],
        ["Norte", "0101", "Division 0101", "2", "1", "no"],
        ["Norte", "0102", "Division 0102", "0", "0", "no"],
    ]
    assert_nothing_personal(response.content.decode())
    (entry,) = AuditEntry.objects.filter(action="zones.coverage.exported")
    assert entry.actor_id == researcher.pk
    assert entry.detail == {"kind": "block_coverage", "rows": 2}


def test_csv_cells_never_start_a_spreadsheet_formula(client, place):
    place["a"].name = '=HYPERLINK("http://example.org")'
    place["a"].save()
    sign_in_as(client, "organizer")
    rows = csv_rows(client.get(f"{ADMIN}{place['norte'].pk}/coverage.csv"))
    assert rows[1][2] == '\'=HYPERLINK("http://example.org")'


def test_zone_csv_holds_counts_only_and_is_audited(client, place):
    sign_in_as(client, "organizer")
    response = client.get(f"{ADMIN}coverage.csv")
    assert csv_rows(response) == [
        [
            "zone",
            "blocks",
            "blocks_covered",
            "blocks_with_responder",
            "blocks_with_captain",
            "members",
            "responders",
        ],
        ["Norte", "2", "1", "1", "0", "3", "2"],
        ["Sur", "1", "0", "0", "0", "0", "0"],
    ]
    assert_nothing_personal(response.content.decode())
    assert AuditEntry.objects.get(action="zones.coverage.exported").detail == {
        "kind": "zones_coverage",
        "rows": 2,
    }


def test_snapshot_on_demand_records_todays_counts_once(client, place):
    sign_in_as(client, "organizer")
    url = f"{ADMIN}{place['norte'].pk}/snapshot/"
    assert client.post(url).status_code == 302
    make_member(name="Eva", phone="+12155550138", block=place["b"])
    client.post(url)
    snapshot = CoverageSnapshot.objects.get()
    assert (snapshot.day, snapshot.members, snapshot.blocks_covered) == (
        timezone.localdate(),
        4,
        2,
    )


def test_progress_chart_draws_one_line_per_series(client, place):
    norte = place["norte"]
    today = timezone.localdate()
    for days_ago, members in [(20, 1), (10, 2), (0, 3)]:
        CoverageSnapshot.objects.create(
            zone=norte,
            day=today - timedelta(days=days_ago),
            blocks=2,
            blocks_covered=1,
            blocks_with_responder=1,
            blocks_with_captain=0,
            members=members,
            responders=1,
        )
    chart = coverage.progress_chart(list(norte.snapshots.order_by("day")))
    assert [series.values for series in chart.series] == [[1, 2, 3], [1, 1, 1], [1, 1, 1]]
    assert 'viewBox="0 0 320 170"' in chart.svg()
    sign_in_as(client, "researcher")
    page = text(client.get(f"{ADMIN}{norte.pk}/"))
    assert page.count("<polyline") == 3


def test_the_chart_waits_for_two_days(place):
    assert coverage.progress_chart([]) is None


def test_the_nightly_task_records_every_zone_and_runs_again_tomorrow(place, settings):
    assert run_periodic.call(SNAPSHOTS) == 2
    assert CoverageSnapshot.objects.count() == 2
    # The immediate backend of the tests cannot defer, so nothing is booked.
    assert schedule(SNAPSHOTS) is False


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_nightly_run_is_booked_once_and_each_run_books_the_next(place):
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=run_periodic.module_path, status="READY", args_kwargs__args__0=SNAPSHOTS
    )
    assert schedule(SNAPSHOTS) is True
    assert schedule(SNAPSHOTS) is False
    assert waiting.get().run_after == tasks.next_run(waiting.get().enqueued_at)
    waiting.delete()
    assert run_periodic.call(SNAPSHOTS) == 2
    assert waiting.count() == 1


def test_next_run_is_tonight_or_tomorrow_night():
    tz = timezone.get_current_timezone()
    morning = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0), tz)
    assert tasks.next_run(morning).date() == date(2026, 3, 2)
    late = timezone.make_aware(timezone.datetime(2026, 3, 2, 23, 55), tz)
    assert tasks.next_run(late).date() == date(2026, 3, 3)
    assert tasks.next_run(late).hour == 23


def test_zone_list_counts_every_zone(client, place):
    sign_in_as(client, "researcher")
    page = text(client.get(ADMIN))
    assert re.search(r"Norte</a></th> <td>2</td> <td>1</td> <td>1</td> <td>3</td>", page)


def test_block_page_links_organizers_on_to_members_and_renaming(client, place):
    sign_in_as(client, "organizer")
    page = text(client.get(f"{ADMIN}blocks/{place['a'].pk}/"))
    assert f"/admin/zones/members/?block={place['a'].pk}" in page
    assert f"/admin/zones/blocks/{place['a'].pk}/edit/" in page
    # Its neighbour B is listed.
    assert "Division 0102" in page


def test_the_dashboard_speaks_spanish_to_a_spanish_speaking_organizer(client, place):
    from wagtail.users.models import UserProfile

    user = sign_in_as(client, "organizer")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    page = text(client.get(f"{ADMIN}{place['norte'].pk}/"))
    assert "Cuadras sin nadie" in page
    assert "Formas: Abaca Labs, CC BY 4.0" in page
    assert "Mapa de cobertura" in page
    assert "Blocks with nobody" not in page
