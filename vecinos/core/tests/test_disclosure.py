"""Small-count suppression: nothing under 5 is shown, nor can be worked out from the totals."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from vecinos.core.disclosure import THRESHOLD, protect, protect_count, protect_series


def published(cells, row_totals, column_totals, total):
    return cells, row_totals, column_totals, total


def consistent_values(counts, result, limit=None):
    """Every hidden cell's possible values given what is shown (brute force, small tables).

    An onlooker knows: the shown numbers; that a "fewer than 5" cell is 1-4; that a "not shown"
    cell is 0 or at least 5 (else it would read "fewer than 5"); and that rows and columns add up
    to their totals.
    """
    cells, row_totals, column_totals, total = result
    rows, columns = len(counts), len(counts[0])
    limit = limit or max(map(max, counts)) + 4
    grid = [row + [rt] for row, rt in zip(cells, row_totals or [None] * rows, strict=True)]
    grid.append((column_totals or [None] * columns) + [total])
    hidden = [
        (i, j)
        for i in range(rows + 1)
        for j in range(columns + 1)
        if grid[i][j] is not None and grid[i][j].hidden
    ]

    def allowed(cell):
        if cell.primary:
            return range(1, THRESHOLD)
        return [0, *range(THRESHOLD, limit)]

    # Only the inner cells are guessed; hidden totals follow from them. Finding two values
    # within a small range is enough to show a cell is not given away.
    inner_hidden = [(i, j) for i, j in hidden if i < rows and j < columns]

    def fits(cell, v):
        return (1 <= v < THRESHOLD) if cell.primary else (v == 0 or v >= THRESHOLD)

    possible = {position: set() for position in hidden}
    for guess in itertools.product(*(allowed(grid[i][j]) for i, j in inner_hidden)):
        value = dict(zip(inner_hidden, guess, strict=True))
        inner = [
            [
                value.get((i, j), grid[i][j].value if (i, j) not in value else None)
                for j in range(columns)
            ]
            for i in range(rows)
        ]
        sums = {(i, columns): sum(inner[i]) for i in range(rows)}
        sums |= {(rows, j): sum(r[j] for r in inner) for j in range(columns)}
        sums[(rows, columns)] = sum(map(sum, inner))
        ok = True
        for position, expected in sums.items():
            cell = grid[position[0]][position[1]]
            if cell is None:
                continue
            if cell.hidden:
                ok = ok and fits(cell, expected)
            else:
                ok = ok and cell.value == expected
        if ok:
            for position in hidden:
                possible[position].add(value.get(position, sums.get(position)))
    return possible


def test_a_small_count_reads_fewer_than_5_and_zero_is_shown():
    assert str(protect_count(3)) == "fewer than 5"
    assert protect_count(3).csv == "<5"
    assert str(protect_count(0)) == "0"
    assert str(protect_count(5)) == "5"
    assert str(protect_count(1234)) == "1,234"


def test_a_suppressed_cell_cannot_be_worked_out_from_its_row_total():
    # Zone A trained 3 families in March and 10 in April, 13 in all. Hiding only the 3 would
    # leave it as 13 - 10; the 10 is hidden too, and the column totals are covered likewise.
    counts = [[3, 10, 12], [8, 7, 9]]
    result = protect(counts)
    cells, row_totals, column_totals, total = result
    assert cells[0][0].hidden and cells[0][0].primary
    assert str(cells[0][0]) == "fewer than 5"
    assert row_totals[0].value == 25
    # The row cannot give the 3 away any more: another of its cells is hidden too.
    assert sum(cell.hidden for cell in cells[0]) >= 2
    assert sum(cell.hidden for cell in (cells[0][0], cells[1][0], column_totals[0])) >= 2
    possible = consistent_values(counts, result)
    for position, values in possible.items():
        assert len(values) >= 2, (position, values)


def test_a_series_with_its_total_hides_a_second_month():
    cells, total = protect_series([12, 2, 9, 0])
    assert total.value == 23
    hidden = [cell for cell in cells if cell.hidden]
    assert len(hidden) == 2
    assert str(cells[1]) == "fewer than 5"
    assert str(cells[2]) == "not shown"  # 9 is the smallest count of 5 or more
    assert str(cells[3]) == "0"


def test_two_small_cells_in_a_row_are_not_enough_on_their_own():
    # 1 and 1 out of 11: the hidden pair adds up to 2, which only 1 + 1 can make.
    counts = [[1, 1, 9], [6, 7, 8]]
    result = protect(counts)
    possible = consistent_values(counts, result)
    for values in possible.values():
        assert len(values) >= 2


def test_a_small_total_is_hidden_too():
    cells, row_totals, column_totals, total = protect([[2, 1], [0, 0]])
    assert row_totals[0].hidden and row_totals[0].primary
    assert total.hidden


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=5),
        min_size=1,
        max_size=5,
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_no_published_line_gives_away_a_hidden_count(counts):
    cells, row_totals, column_totals, total = protect(counts)
    rows, columns = len(counts), len(counts[0])
    grid = [row + [rt] for row, rt in zip(cells, row_totals, strict=True)]
    grid.append(column_totals + [total])
    real = [row + [sum(row)] for row in counts]
    real.append([sum(r[j] for r in counts) for j in range(columns)] + [sum(map(sum, counts))])
    lines = [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(columns + 1)]
    for i in range(rows + 1):
        for j in range(columns + 1):
            cell = grid[i][j]
            if 0 < real[i][j] < THRESHOLD:
                assert cell.hidden and cell.primary
            if not cell.hidden:
                assert cell.value == real[i][j]
    for line in lines:
        concealed = [p for p in line if grid[p[0]][p[1]].hidden]
        if concealed and len(concealed) < len(line):
            # At least two hidden, one of them a count of 5 or more, whenever the line can.
            assert len(concealed) >= 2
            big = [p for p in concealed if real[p[0]][p[1]] >= THRESHOLD]
            visible_big = [p for p in line if p not in concealed and real[p[0]][p[1]] >= THRESHOLD]
            assert big or not visible_big
