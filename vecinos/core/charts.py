"""The one way vecinos draws a chart: SVG written on the server, with its figures as a table.

Every chart has a title and a one-sentence description (the SVG's <title> and <desc>, read by
screen readers), and `core/charts/chart.html` shows the same figures as a table under it. The
drawing is narrow (320 units wide) and scales to its box, so its text stays legible on a
360-pixel phone and prints in black on white (`core/charts.css`). Colours come from classes
only: no style attribute, no script, nothing loaded from elsewhere.

Kinds:
* `bars`: one horizontal bar per category (a zone, an agency), its label above it;
* `columns`: one column per period (a week, a month), for a single series;
* `lines`: one line per series over periods (members, responders, blocks covered).

A value may be a `vecinos.core.disclosure.Cell`: a hidden one draws nothing and reads "fewer
than 5" (or "not shown") in the table and the tooltip.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vecinos.core.disclosure import Cell

WIDTH = 320
_ids = itertools.count(1)


def _number(value) -> float | None:
    if isinstance(value, Cell):
        return None if value.value is None else float(value.value)
    return None if value is None else float(value)


def _text(value, formatter) -> str:
    if isinstance(value, Cell):
        return str(value) if value.hidden else formatter(value.value)
    return "–" if value is None else formatter(value)


def _plain(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


@dataclass
class Series:
    name: str
    values: list
    # How this series' values read (dollars, minutes); the chart's formatter when None.
    formatter: object = None


@dataclass
class Chart:
    title: str
    description: str
    labels: list[str]
    series: list[Series]
    kind: str = "columns"
    # Header of the table's first column ("Month", "Zone").
    label_heading: str = ""
    formatter: object = _plain
    chart_id: str = field(default_factory=lambda: f"chart-{next(_ids)}")
    # How the public statistics page and the dashboards tell a chart from their other blocks.
    block_type: ClassVar[str] = "chart"

    def __post_init__(self):
        if self.kind not in {"bars", "columns", "lines"}:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError("each series needs one value per label")

    @property
    def empty(self) -> bool:
        return not self.labels

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [
            (label, [_text(series.values[index], self._format(series)) for series in self.series])
            for index, label in enumerate(self.labels)
        ]

    def _format(self, series: Series):
        return series.formatter or self.formatter

    @property
    def legend(self) -> list[tuple[int, str]]:
        """Series numbers and names, for the legend under a chart of several lines."""
        return (
            [(n, s.name) for n, s in enumerate(self.series, start=1)]
            if self.kind == "lines"
            else []
        )

    def _maximum(self) -> float:
        numbers = [_number(v) for s in self.series for v in s.values]
        return max([n for n in numbers if n is not None] + [0]) or 1

    def _axis_maximum(self) -> float:
        """The top of the value axis: a round number at or above the largest value."""
        largest = self._maximum()
        magnitude = 10 ** max(len(str(int(largest))) - 1, 0)
        for step in (1, 2, 2.5, 4, 5, 10):
            if step * magnitude >= largest and (step * magnitude / 4) % 1 == 0:
                return step * magnitude
        return 10 * magnitude

    def svg(self) -> SafeString:
        if self.empty:
            return mark_safe("")
        body = {"bars": self._bars, "columns": self._columns, "lines": self._lines}[self.kind]()
        height, parts = body
        title_id, desc_id = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        head = (
            f'<svg class="chart chart--{self.kind}" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{title_id}">{escape(self.title)}</title>'
            f'<desc id="{desc_id}">{escape(self.description)}</desc>'
        )
        # Every text in the drawing went through escape() above.
        return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308

    # Horizontal bars: label on its own line above each bar, value at the bar's end.
    def _bars(self):
        row, top = 34, 4
        maximum = self._maximum()
        usable = WIDTH - 56
        parts = []
        values = self.series[0].values
        formatter = self._format(self.series[0])
        for index, label in enumerate(self.labels):
            y = top + index * row
            number = _number(values[index])
            text = _text(values[index], formatter)
            parts.append(f'<text class="chart__label" x="0" y="{y + 11}">{escape(label)}</text>')
            if number is None:
                parts.append(
                    f'<rect class="chart__hidden" x="0" y="{y + 15}" width="12" height="12">'
                    f"<title>{escape(label)}: {escape(text)}</title></rect>"
                )
                x_value = 16
            else:
                width = max(round(usable * number / maximum, 1), 1 if number else 0)
                parts.append(
                    f'<rect class="chart__bar" x="0" y="{y + 15}" width="{width}" height="12">'
                    f"<title>{escape(label)}: {escape(text)}</title></rect>"
                )
                x_value = width + 4
            parts.append(
                f'<text class="chart__value" x="{x_value}" y="{y + 25}">{escape(text)}</text>'
            )
        return top + len(self.labels) * row, parts

    def _axes(self, height, bottom, maximum):
        left, parts = 34, []
        plot = bottom - 10
        for step in range(0, 5):
            value = maximum * step / 4
            y = round(bottom - plot * step / 4, 1)
            parts.append(
                f'<line class="chart__grid" x1="{left}" x2="{WIDTH}" y1="{y}" y2="{y}"/>'
                f'<text class="chart__label chart__label--y" x="{left - 4}" y="{y + 4}">'
                f"{escape(self._format(self.series[0])(round(value, 1)))}</text>"
            )
        count = len(self.labels)
        slot = (WIDTH - left) / count
        # Room for the longest label (about 6.5 units a letter at this size) and a gap.
        needed = max(len(label) for label in self.labels) * 6.5 + 8
        every = max(1, -(-int(needed) // int(slot)))
        for index, label in enumerate(self.labels):
            if index % every == 0:
                x = round(left + slot * (index + 0.5), 1)
                parts.append(
                    f'<text class="chart__label chart__label--x" x="{x}" y="{height - 4}">'
                    f"{escape(label)}</text>"
                )
        return left, slot, plot, parts

    def _columns(self):
        height, bottom = 170, 146
        maximum = self._axis_maximum()
        left, slot, plot, parts = self._axes(height, bottom, maximum)
        formatter = self._format(self.series[0])
        for index, value in enumerate(self.series[0].values):
            number = _number(value)
            text = _text(value, formatter)
            x = round(left + slot * index + slot * 0.15, 1)
            width = round(slot * 0.7, 1)
            tip = f"<title>{escape(self.labels[index])}: {escape(text)}</title>"
            if number is None:
                parts.append(
                    f'<rect class="chart__hidden" x="{x}" y="{bottom - 6}" width="{width}" '
                    f'height="6">{tip}</rect>'
                )
                continue
            h = round(plot * number / maximum, 1)
            parts.append(
                f'<rect class="chart__bar" x="{x}" y="{round(bottom - h, 1)}" width="{width}" '
                f'height="{h}">{tip}</rect>'
            )
        return height, parts

    def _lines(self):
        height, bottom = 170, 146
        maximum = self._axis_maximum()
        left, slot, plot, parts = self._axes(height, bottom, maximum)
        for number, series in enumerate(self.series, start=1):
            points = []
            for index, value in enumerate(series.values):
                amount = _number(value)
                if amount is None:
                    continue
                x = round(left + slot * (index + 0.5), 1)
                y = round(bottom - plot * amount / maximum, 1)
                points.append(f"{x},{y}")
                # A dot on every value, so that a month alone between gaps still shows.
                parts.append(
                    f'<circle class="chart__dot chart__line--{number}" cx="{x}" cy="{y}" r="2.5">'
                    f"<title>{escape(series.name)}, {escape(self.labels[index])}: "
                    f"{escape(_text(value, self._format(series)))}</title></circle>"
                )
            if points:
                joined = " ".join(points)
                parts.append(
                    f'<polyline class="chart__line chart__line--{number}" points="{joined}"/>'
                )
        return height, parts
