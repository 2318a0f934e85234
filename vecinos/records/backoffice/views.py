"""The records requests as CSV, for admins, researchers and editors."""

from django.utils import timezone

from vecinos.core.csvexport import csv_response

from ..access import REQUEST_COLUMNS, export_requests


def requests_csv(request):
    rows = export_requests(request.user)
    response, writer = csv_response(f"records-requests-{timezone.localdate().isoformat()}.csv")
    writer.writerow(REQUEST_COLUMNS)
    writer.writerows(rows)
    return response
