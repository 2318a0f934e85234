"""The hotline's figures as CSV, for dispatchers, researchers and admins."""

from django.utils import timezone

from vecinos.core.csvexport import csv_response
from vecinos.core.periods import last_months

from ..access import INCIDENT_COLUMNS, export_incidents

MONTHS = 12


def incidents_csv(request):
    rows = export_incidents(request.user, last_months(MONTHS)[0])
    response, writer = csv_response(f"incidents-{timezone.localdate().isoformat()}.csv")
    writer.writerow(INCIDENT_COLUMNS)
    writer.writerows(rows)
    return response
