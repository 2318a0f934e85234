"""The public statistics page's sections, which each app declares in its `statistics.py`.

An app registers a `Section` whose `build()` returns blocks that are already safe to publish:
`Headline`s (one protected count or a figure that is not a count of people), `Chart`s of
protected values and `Table`s from `vecinos.core.disclosure`. The page (the `knowledge` app)
shows the sections in `order`; it imports no app, and no app imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vecinos.core.disclosure import Cell, ProtectedTable
from vecinos.core.registry import Registry


@dataclass
class Headline:
    label: str
    value: Cell | str
    note: str = ""
    block_type: str = "headline"


@dataclass
class Table:
    title: str
    description: str
    table: ProtectedTable
    # Header of the column of row labels, and the header of the totals.
    label_heading: str = ""
    total_heading: str = ""
    block_type: str = "table"

    @property
    def rows(self) -> list[tuple[str, list[Cell]]]:
        """Each row's label with its cells and, when published, its total."""
        table = self.table
        return [
            (label, cells + ([table.row_totals[index]] if table.row_totals else []))
            for index, (label, cells) in enumerate(zip(table.row_labels, table.cells, strict=True))
        ]


@dataclass
class Section:
    name: str
    order: int
    title: Callable[[], str]
    build: Callable[[], list]


registry: Registry[Section] = Registry("statistics")


def register(section: Section) -> Section:
    return registry.register(section)


def sections() -> list[tuple[Section, list]]:
    """Every section in order with its blocks, built now."""
    ordered = sorted(registry.registered(), key=lambda section: (section.order, section.name))
    return [(section, section.build()) for section in ordered]
