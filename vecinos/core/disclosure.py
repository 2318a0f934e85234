"""Small-count suppression for public figures: no count under 5 is shown, nor can be worked out.

A count under `THRESHOLD` (but above zero) is hidden and shown as "fewer than 5" (primary
suppression). That alone is not enough when totals are published: a row [3, 10] with its total
13 gives the 3 away. So other cells are hidden too (complementary suppression, shown as "not
shown"), until every line of the table (each row with its total, each column with its total)
either hides nothing, or hides at least two cells of which at least one is a count of 5 or more
(where the line has one left; otherwise at least two cells). With such a cell among the hidden
ones, the known sum of a line's hidden cells can be split in more than one way, so no hidden
count follows from one subtraction.

Zero is shown: "nobody" is not a person. Callers decide the dimensions (a zone and a week at the
finest for incidents); this module only counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

THRESHOLD = 5

FEWER_THAN = _("fewer than 5")
NOT_SHOWN = _("not shown")


@dataclass(frozen=True)
class Cell:
    """A published count: its value, or None when hidden, and the words to show."""

    value: int | None
    primary: bool = False  # hidden because it is small

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.value is not None:
            return f"{self.value:,}"
        return str(FEWER_THAN if self.primary else NOT_SHOWN)

    @property
    def csv(self) -> str:
        """The cell for a file: the number, "<5" or an empty field."""
        if self.value is not None:
            return str(self.value)
        return "<5" if self.primary else ""


@dataclass
class ProtectedTable:
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell] | None
    column_totals: list[Cell] | None
    total: Cell | None


def _is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def protect(
    counts: list[list[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    threshold: int = THRESHOLD,
) -> tuple[list[list[Cell]], list[Cell] | None, list[Cell] | None, Cell | None]:
    """Suppress a table of counts; return its cells, row totals, column totals and grand total.

    Totals are published when asked for, and are protected like any other cell.
    """
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    grid = [list(row) + [sum(row)] for row in counts]
    grid.append([sum(counts[i][j] for i in range(rows)) for j in range(columns)])
    grid[rows].append(sum(grid[rows][:columns]))

    shown: set[tuple[int, int]] = {(i, j) for i in range(rows) for j in range(columns)}
    if row_totals:
        shown |= {(i, columns) for i in range(rows)}
    if column_totals:
        shown |= {(rows, j) for j in range(columns)}
    if row_totals and column_totals:
        shown.add((rows, columns))

    # A line is a set of published cells bound by one published sum.
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        for i in range(rows + (1 if column_totals else 0)):
            lines.append([(i, j) for j in range(columns + 1)])
    if column_totals:
        for j in range(columns + (1 if row_totals else 0)):
            lines.append([(i, j) for i in range(rows + 1)])

    primary = {cell for cell in shown if _is_small(grid[cell[0]][cell[1]], threshold)}
    hidden = set(primary)

    def value(cell):
        return grid[cell[0]][cell[1]]

    def is_total(cell):
        return cell[0] == rows or cell[1] == columns

    changed = True
    while changed:
        changed = False
        for line in lines:
            concealed = [cell for cell in line if cell in hidden]
            if not concealed:
                continue
            if len(concealed) >= 2 and any(value(cell) >= threshold for cell in concealed):
                continue
            candidates = [cell for cell in line if cell not in hidden]
            large = [cell for cell in candidates if value(cell) >= threshold]
            if large:
                # The cheapest cover: the smallest count of 5 or more, inner cells first.
                large.sort(key=lambda cell: (is_total(cell), value(cell)))
                hidden.add(large[0])
                changed = True
            elif len(concealed) == 1 and candidates:
                # Nothing of 5 or more is left in the line: a second cell (a zero, or the
                # total) at least keeps the hidden one from being the total minus the rest.
                candidates.sort(key=lambda cell: (is_total(cell), value(cell)))
                hidden.add(candidates[0])
                changed = True

    def cell(i, j):
        if (i, j) in hidden:
            return Cell(None, primary=(i, j) in primary)
        return Cell(grid[i][j])

    cells = [[cell(i, j) for j in range(columns)] for i in range(rows)]
    row_cells = [cell(i, columns) for i in range(rows)] if row_totals else None
    column_cells = [cell(rows, j) for j in range(columns)] if column_totals else None
    total = cell(rows, columns) if row_totals and column_totals else None
    return cells, row_cells, column_cells, total


def protect_table(
    row_labels: list[str], column_labels: list[str], counts: list[list[int]], **options
) -> ProtectedTable:
    cells, row_cells, column_cells, total = protect(counts, **options)
    return ProtectedTable(
        list(row_labels), list(column_labels), cells, row_cells, column_cells, total
    )


def protect_series(values: list[int], *, threshold: int = THRESHOLD) -> tuple[list[Cell], Cell]:
    """Suppress a series published with its total (one row and its sum)."""
    cells, row_cells, _columns, _total = protect(
        [list(values)], row_totals=True, column_totals=False, threshold=threshold
    )
    return cells[0], row_cells[0]


def protect_count(value: int, *, threshold: int = THRESHOLD) -> Cell:
    """A single count on its own."""
    return Cell(None, primary=True) if _is_small(value, threshold) else Cell(value)
