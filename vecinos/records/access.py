"""Who sees the records requests' figures in the back office, and their audited export."""

from django.http import Http404
from django.utils import timezone

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action

from .audit import AuditCode
from .services import one_per_filing


def can_see_requests(user) -> bool:
    """Admins, researchers and editors follow the records requests (they name no person)."""
    return has_role(user, Role.ADMIN, Role.RESEARCHER, Role.EDITOR)


REQUEST_COLUMNS = [
    "title",
    "agency",
    "reference",
    "law",
    "date_filed",
    "status",
    "answer_due",
    "answered_on",
    "appeal_due",
    "appealed_on",
]


def export_requests(user) -> list[list]:
    """Every request once (in its first language) with its status and deadlines; audited."""
    if not can_see_requests(user):
        raise Http404
    today = timezone.localdate()
    rows = []
    requests = (
        one_per_filing()
        .select_related("agency", "law")
        .prefetch_related("events")
        .order_by("date_filed", "pk")
    )
    for records_request in requests:
        deadlines = {d.kind.replace("extended_", ""): d for d in records_request.deadlines(today)}
        answer, appeal = deadlines.get("response"), deadlines.get("appeal")
        rows.append(
            [
                records_request.title,
                str(records_request.agency),
                records_request.reference_number,
                records_request.law.code if records_request.law else "",
                records_request.date_filed.isoformat(),
                records_request.status(today),
                answer.due.isoformat() if answer else "",
                answer.met_on.isoformat() if answer and answer.met_on else "",
                appeal.due.isoformat() if appeal else "",
                appeal.met_on.isoformat() if appeal and appeal.met_on else "",
            ]
        )
    log_action(
        user,
        AuditCode.REQUESTS_EXPORTED,
        object_type="records.recordsrequest",
        detail={"rows": len(rows)},
    )
    return rows
