"""`python -m benchmarks zones`: how long finding the block of a point takes.

On a fresh SQLite database under a temporary folder, the city (the union of its
neighbourhoods) is imported as one zone and all 1,703 ward divisions of 2019 as its blocks
(the real shapes in vecinos/zones/data). Then, for points spread over the city, it times
the spatial index alone (`BlockIndex.block_at`: one STRtree query) and the whole lookup a
request makes (`geo.block_at`: the shared cache's shapes version, asked at most once a second,
the tree, and a copy of the block's row the index keeps), with the file cache that
`make run` uses. The figures replace the "Zones" section of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import shapely

from benchmarks.messaging import replace_section
from benchmarks.report import machine

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Zones"
# Philadelphia's bounding box, a little wider than the city.
WEST, SOUTH, EAST, NORTH = -75.29, 39.86, -74.95, 40.14


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks zones", description=__doc__)
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args(argv)


def setup_django(data_dir: Path) -> None:
    os.environ["VECINOS_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.setdefault("DJANGO_DEBUG", "true")
    # Shapes are not personal data, so the bench needs no key; start unlocked all the same.
    key = data_dir.parent / "bench.key"
    key.write_bytes(os.urandom(32))
    os.environ["VECINOS_KEY_FILE"] = str(key)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function, points) -> tuple[list[float], int]:
    """Return each call's duration in microseconds and how many points found a block."""
    durations, found = [], 0
    for latitude, longitude in points:
        started = time.perf_counter_ns()
        result = function(latitude, longitude)
        durations.append((time.perf_counter_ns() - started) / 1000)
        found += result is not None
    return durations, found


def measure(points: int) -> dict:
    from django.db import connection

    from vecinos.zones import geo
    from vecinos.zones.models import Block, Zone

    data = ROOT / "vecinos" / "zones" / "data"
    started = time.perf_counter()
    zones = geo.read_features((data / "neighborhoods.geojson").read_bytes())
    divisions = geo.read_features((data / "ward-divisions-2019.geojson").read_bytes())
    parsed = time.perf_counter()
    # One zone for the whole city holds every division, so all 1,703 become blocks (divided
    # among neighbourhoods, a few divisions lie mostly in the river and belong to none).
    city = shapely.unary_union([feature.geometry for feature in zones])
    geo.import_zones(
        [geo.Feature({"NAME": "Philadelphia"}, city)], name_property="NAME", attribution="bench"
    )
    geo.import_blocks(divisions, code_property="DIVISION_N", zone=Zone.objects.get())
    imported = time.perf_counter()
    index = geo.BlockIndex.load()
    built = time.perf_counter()

    rng = random.Random(1703)
    anywhere = [(rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)) for _ in range(points)]
    # Points surely inside a block: the inner point stored with each block.
    inside = [
        (latitude, longitude)
        for latitude, longitude in Block.objects.values_list("latitude", "longitude")
    ]
    inside = [inside[rng.randrange(len(inside))] for _ in range(points)]

    geo.block_at(*inside[0])  # builds this process's index once, as a first request would
    tree_us, tree_found = timed(index.block_at, anywhere + inside)
    full_us, full_found = timed(geo.block_at, anywhere + inside)
    connection.close()
    return {
        "blocks": Block.objects.count(),
        "neighbour_pairs": Block.neighbours.through.objects.count() // 2,
        "parse_s": parsed - started,
        "import_s": imported - parsed,
        "build_s": built - imported,
        "points": len(anywhere) + len(inside),
        "tree_us": tree_us,
        "tree_found": tree_found,
        "full_us": full_us,
        "full_found": full_found,
    }


def render(result: dict, started: float, load: tuple) -> str:
    info = machine()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    python = platform.python_version()
    rows = []
    for label, key in (
        ("spatial index alone (`BlockIndex.block_at`)", "tree_us"),
        (
            "whole lookup (`geo.block_at`: version check at most once a second, tree,"
            " copy of the kept block row)",
            "full_us",
        ),
    ):
        values = result[key]
        rows.append(
            f"| {label} | {statistics.median(values):,.1f} µs | {percentile(values, 0.99):,.1f} µs"
            f" | {max(values):,.1f} µs | {len(values) / (sum(values) / 1e6):,.0f}/s |"
        )
    return f"""{SECTION}

How long finding the block that holds a point takes, measured by `python -m benchmarks zones`
(part of `make bench`) over the {result["blocks"]:,} ward divisions of Philadelphia (2019) as
blocks, in one process on SQLite with the file cache of `make run`.

| measured | value |
| --- | --- |
| when | {when} |
| machine | {info["cpus"]} CPUs, {info["cpu"]}, {info["memory"]}, Python {python} |
| load average before → after | {load[0][0]:.1f} → {load[1][0]:.1f} |
| blocks / neighbour pairs | {result["blocks"]:,} / {result["neighbour_pairs"]:,} |
| reading both GeoJSON files | {result["parse_s"]:.2f} s |
| importing the city as one zone and its blocks, with neighbours | {result["import_s"]:.2f} s |
| building the index (each process, after each import) | {result["build_s"] * 1000:,.0f} ms |
| points looked up | {result["points"]:,}: half anywhere in the city's box, half inside a block |

| lookup | median | p99 | slowest | per second |
| --- | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}

Points found in a block: {result["tree_found"]:,} of {result["points"]:,} (the rest fall in the
river or outside the city).
"""


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.time()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="vecinos-bench-zones-") as temp:
        data_dir = Path(temp) / "data"
        data_dir.mkdir()
        setup_django(data_dir)
        result = measure(args.points)
    section = render(result, started, (load_before, os.getloadavg()))
    replace_section(args.output, section, SECTION)
    print(section)
    print(f"Written to the {SECTION[3:]} section of {args.output}", file=sys.stderr)
    return 0
