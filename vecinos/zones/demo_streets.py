"""Names for the demo's blocks: the street corner nearest each ward division.

Philadelphia's divisions file has no names, only codes ("3903"), and nobody on a block knows
their division's number. South Philadelphia is a grid: numbered streets run north-south
(Front, 2nd ... Broad for 14th ... 34th) and named streets east-west (South, Christian,
Washington ... Oregon, Pattison), the whole grid turned about 9° from north. This module
models that grid from a few known corners along Broad Street and names each division by the
corner nearest a point inside it ("10th & Christian"), the way neighbours say where they live.

The model is approximate (a corner may be off by a street where the grid bends); it is for
the invented demo only. A real organization names its blocks in the back office or imports a
file that has names.
"""

from __future__ import annotations

import math

import numpy

# East-west streets, north to south, with their latitude where they cross Broad Street. The
# anchors are Broad Street Line stations; the streets between them are spaced evenly.
_ANCHORS = {
    "Lombard": 39.9455,
    "Washington": 39.9380,
    "Tasker": 39.9302,
    "Snyder": 39.9245,
    "Oregon": 39.9164,
    "Pattison": 39.9056,
}
_EAST_WEST = [
    "Lombard", "South", "Bainbridge", "Fitzwater", "Catharine", "Christian", "Carpenter",
    "Washington", "Ellsworth", "Federal", "Wharton", "Reed", "Dickinson", "Tasker", "Morris",
    "Moore", "Mifflin", "McKean", "Snyder", "Jackson", "Wolf", "Ritner", "Porter", "Shunk",
    "Oregon", "Johnston", "Bigler", "Packer", "Hartranft", "Pattison",
]  # fmt: skip

# Broad Street at Oregon Avenue, and how far west it moves per degree south (the grid's turn).
_BROAD_LONGITUDE = -75.1712
_BROAD_LATITUDE = 39.9164
_BROAD_SLOPE = 0.2127  # degrees of longitude per degree of latitude along Broad
_CROSS_SLOPE = -0.1246  # degrees of latitude per degree of longitude along an east-west street
_STREET_SPACING = 0.00161  # degrees of longitude from one numbered street to the next
_BROAD = 14
_WESTMOST = 34


def _latitudes() -> list[float]:
    """Latitude of each east-west street at Broad, filled in between the anchors."""
    known = [(index, _ANCHORS[name]) for index, name in enumerate(_EAST_WEST) if name in _ANCHORS]
    latitudes = []
    for (first, north), (last, south) in zip(known, known[1:], strict=False):
        step = (north - south) / (last - first)
        latitudes += [north - step * number for number in range(last - first)]
    latitudes.append(known[-1][1])
    return latitudes


_AT_BROAD = _latitudes()


def numbered_street(number: int) -> str:
    """Return how people say a numbered street: "Front", "2nd", "Broad", "23rd"."""
    if number <= 1:
        return "Front"
    if number == _BROAD:
        return "Broad"
    suffixes = {1: "st", 2: "nd", 3: "rd"}
    suffix = "th" if 10 <= number % 100 <= 20 else suffixes.get(number % 10, "th")
    return f"{number}{suffix}"


def grid_position(latitude: float, longitude: float) -> tuple[float, float]:
    """Return the point's place on the grid: (numbered street, east-west street index), both
    fractional: (10.4, 5.2) is a little west of 10th and a little south of Christian."""
    broad_here = _BROAD_LONGITUDE + _BROAD_SLOPE * (latitude - _BROAD_LATITUDE)
    street = _BROAD + (broad_here - longitude) / _STREET_SPACING
    # Where the point's east-west line crosses Broad, to compare with the streets' latitudes.
    at_broad = latitude + _CROSS_SLOPE * (broad_here - longitude)
    # _AT_BROAD runs north to south (falling); interpolate on the negated, rising list.
    cross = float(numpy.interp(-at_broad, [-value for value in _AT_BROAD], range(len(_AT_BROAD))))
    return street, cross


def corner_name(street: int, cross: int) -> str:
    return f"{numbered_street(street)} & {_EAST_WEST[cross]}"


def nearest_corners(latitude: float, longitude: float, count: int = 9) -> list[str]:
    """Return the names of the grid corners nearest the point, nearest first."""
    street, cross = grid_position(latitude, longitude)
    # A point off the modelled grid is named by the grid's nearest edge.
    street = min(max(street, 1.0), float(_WESTMOST))
    cross = min(max(cross, 0.0), float(len(_EAST_WEST) - 1))
    candidates = []
    for number in range(math.floor(street) - 2, math.floor(street) + 4):
        for index in range(math.floor(cross) - 2, math.floor(cross) + 4):
            if 1 <= number <= _WESTMOST and 0 <= index < len(_EAST_WEST):
                # A numbered street's block is about as long as an east-west street's.
                distance = math.hypot(number - street, index - cross)
                candidates.append((distance, number, index))
    candidates.sort()
    return [corner_name(number, index) for _d, number, index in candidates[:count]]


def name_blocks(points: list[tuple[int, float, float]]) -> dict[int, str]:
    """Name each (id, latitude, longitude) by its nearest corner, no two the same.

    A division whose nearest corner another division took gets its next nearest.
    """
    names: dict[int, str] = {}
    taken: set[str] = set()
    for block_id, latitude, longitude in sorted(points):
        corners = nearest_corners(latitude, longitude, count=36)
        name = next((corner for corner in corners if corner not in taken), corners[0])
        taken.add(name)
        names[block_id] = name
    return names
