"""CSV files for staff: one writer that keeps spreadsheets from running a cell as a formula.

A cell that starts with "=", "+", "-", "@", a tab or a carriage return is run as a formula by
spreadsheet programs (CSV injection). `inert` writes such a cell as text, with a leading
apostrophe. Every export view uses `csv_response`, and the app's access module writes the
export's audit row.
"""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell):
    """The cell as a spreadsheet will show it, never as a formula."""
    if isinstance(cell, str) and cell[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


class CellWriter:
    def __init__(self, stream):
        self.writer = csv.writer(stream)

    def writerow(self, row) -> None:
        self.writer.writerow([inert(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(filename: str) -> tuple[HttpResponse, CellWriter]:
    """An attachment that is never cached, and the writer that fills it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response, CellWriter(response)
