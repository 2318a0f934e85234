"""Documentation of an incident and the follow-up of the families it hit."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from vecinos.core.audit import log_action

from ..audit import AuditCode
from ..models import Case, CaseTask, Incident, IncidentRecord
from .base import add_timeline, record_event


@transaction.atomic
def save_record(incident: Incident, data: dict, *, actor) -> IncidentRecord:
    """Write the incident's structured documentation (size, activity, unit, equipment...)."""
    record, _created = IncidentRecord.objects.get_or_create(incident=incident)
    for name, value in data.items():
        setattr(record, name, value if value is not None else getattr(record, name))
    record.save()
    record_event(incident, "record.saved", actor=actor, action=AuditCode.RECORD_SAVED)
    return record


@transaction.atomic
def open_case(
    incident: Incident | None,
    *,
    actor,
    family: str,
    contact_phone: str = "",
    language: str = "es",
    notes: str = "",
) -> Case:
    """Open a follow-up case for a family affected by the incident; the opener owns it."""
    case = Case.objects.create(
        incident=incident,
        family=family.strip(),
        contact_phone=contact_phone.strip(),
        language=language,
        notes=notes,
        owner=actor if getattr(actor, "pk", None) else None,
    )
    if incident is not None:
        add_timeline(incident, "case.opened", actor=actor, case=str(case.pk))
    log_action(actor, AuditCode.CASE_OPENED, case)
    return case


@transaction.atomic
def add_task(case: Case, *, actor, kind: str, owner=None, due_on=None, note: str = "") -> CaseTask:
    """Add a task (legal referral, bond fund, child care, accompaniment) with its owner."""
    task = CaseTask.objects.create(case=case, kind=kind, owner=owner, due_on=due_on, note=note)
    log_action(actor, AuditCode.CASE_TASK_ADDED, case, detail={"kind": kind})
    return task


@transaction.atomic
def finish_task(case: Case, task_id, *, actor) -> CaseTask | None:
    task = case.tasks.filter(pk=task_id).first()
    if task is not None and task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        log_action(actor, AuditCode.CASE_TASK_DONE, case, detail={"kind": task.kind})
    return task


@transaction.atomic
def close_case(case: Case, *, actor) -> Case:
    """Close the case; its personal details are purged on the closed_cases schedule."""
    if case.status != Case.Status.CLOSED:
        case.status = Case.Status.CLOSED
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "closed_at"])
        log_action(actor, AuditCode.CASE_CLOSED, case)
    return case


@transaction.atomic
def update_case(case: Case, *, actor, family: str, contact_phone: str, language: str, notes: str):
    """Change the family's details on an open case."""
    case.family = family.strip()
    case.contact_phone = contact_phone.strip()
    case.language = language
    case.notes = notes
    case.save(update_fields=["family", "contact_phone", "language", "notes"])
    log_action(actor, AuditCode.CASE_UPDATED, case)
    return case


def my_tasks_url() -> str:
    """The full address of the signed-in person's task list in the console."""
    with translation.override("en"):
        path = reverse("hotline_admin:my-tasks")
    return settings.PUBLIC_URL + path


def remind_task_owners(today=None) -> int:
    """Remind each owner of their open tasks that are due (today or before), once per task:
    one e-mail per owner, or a text when a dispatcher has no e-mail address but a phone.
    The message names the kinds and dates only, never a family or a note. Return how many
    people were reminded."""
    from vecinos.messaging.models import Channel
    from vecinos.messaging.services import InvalidAddress, queue_message

    from ..models import Dispatcher

    today = today or timezone.localdate()
    due = (
        CaseTask.objects.filter(
            done_at__isnull=True,
            owner__isnull=False,
            due_on__lte=today,
            case__status=Case.Status.OPEN,
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=F("due_on")))
        .select_related("owner")
        .order_by("owner_id", "due_on")
    )
    by_owner: dict = {}
    for task in due:
        by_owner.setdefault(task.owner, []).append(task)
    reminded = 0
    for owner, tasks in by_owner.items():
        dispatcher = Dispatcher.objects.filter(user=owner).first()
        language = dispatcher.language if dispatcher else settings.LANGUAGE_CODE[:2]
        context = {
            "count": len(tasks),
            "overdue": sum(task.due_on < today for task in tasks),
            "url": my_tasks_url(),
        }
        if owner.email:
            channel, address = Channel.EMAIL, owner.email
        elif dispatcher and dispatcher.phone:
            channel, address = Channel.SMS, dispatcher.phone
        else:
            continue
        with transaction.atomic():
            try:
                queue_message(
                    channel=channel,
                    to=address,
                    language=language,
                    template="hotline/task_reminder",
                    context=context,
                    purpose="hotline_task",
                    dedupe_key=f"hotline:tasks:{owner.pk}:{today.isoformat()}",
                )
            except InvalidAddress:
                continue
            CaseTask.objects.filter(pk__in=[task.pk for task in tasks]).update(reminded_on=today)
            log_action(
                "system",
                AuditCode.CASE_TASK_REMINDED,
                owner,
                detail={"tasks": len(tasks), "channel": channel},
            )
        reminded += 1
    return reminded
