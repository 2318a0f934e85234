"""The hotline's incidents as CSV: rows for dispatchers and admins, counts for researchers."""

from django.utils import timezone

from vecinos.core.csvexport import csv_response
from vecinos.core.periods import last_months

from ..access import export_incidents

MONTHS = 12


def incidents_csv(request):
    columns, rows = export_incidents(request.user, last_months(MONTHS)[0])
    response, writer = csv_response(f"incidents-{timezone.localdate().isoformat()}.csv")
    writer.writerow(columns)
    writer.writerows(rows)
    return response
