"""Alerts: only a confirmed incident may warn its neighbours, each once, in their language.

The dispatcher picks a template (written in both languages; it speaks of a place, never of a
person) and an audience: the incident's block and, by default, its neighbours, optionally the
whole zone, the legal team and partner organizations. Who received an alert is kept by row
id (AlertRecipient), so a correction or an all-clear reaches exactly the same people, and the
outbox's dedupe key (one per alert and person) makes a double click or a retry send nothing
twice. Alerts expire: a text that could not leave within its lifetime is dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vecinos.core.audit import log_action
from vecinos.messaging import senders
from vecinos.messaging.models import Channel, OutboundMessage
from vecinos.messaging.rendering import render_sms
from vecinos.messaging.services import Recipient, queue_many
from vecinos.zones.models import Member

from ..audit import ALERT_REQUESTED, ALERT_SENT, AuditCode
from ..models import Alert, AlertContact, AlertRecipient, Incident
from .base import HotlineError, record_event

# Template key -> (label for the dispatcher, SMS template, the kind of alert it is).
TEMPLATES = {
    "agents_present": (
        gettext_lazy("Agents confirmed nearby: stay inside, know your rights"),
        "hotline/alert_agents_present",
        Alert.Kind.ALERT,
    ),
    "stops": (
        gettext_lazy("Agents stopping people in the street or in cars"),
        "hotline/alert_stops",
        Alert.Kind.ALERT,
    ),
    "correction": (
        gettext_lazy("Correction: the earlier alert was wrong"),
        "hotline/alert_correction",
        Alert.Kind.CORRECTION,
    ),
    "all_clear": (
        gettext_lazy("All clear: the agents have left"),
        "hotline/alert_all_clear",
        Alert.Kind.ALL_CLEAR,
    ),
}


class AlertRefused(HotlineError):
    """An alert that must not go out (the incident is not confirmed, it was sent already)."""


def template_choices(kind: str = Alert.Kind.ALERT) -> list[tuple[str, str]]:
    """Return the templates of one kind, as (key, label) choices."""
    return [(key, str(label)) for key, (label, _t, k) in TEMPLATES.items() if k == kind]


def lifetime() -> timedelta:
    return timedelta(minutes=settings.VECINOS_HOTLINE_ALERT_MINUTES)


def _block_ids(incident: Incident, alert: Alert) -> list[int]:
    if incident.block is None:
        return []
    ids = [incident.block.pk]
    if alert.include_neighbours:
        ids += list(incident.block.neighbours.values_list("pk", flat=True))
    return ids


def audience_members(incident: Incident, alert: Alert):
    """Active members of the affected block (and neighbors, or the zone) who can be reached."""
    members = Member.objects.active()
    where = Q(block_id__in=_block_ids(incident, alert))
    if alert.include_zone and incident.zone_id:
        where |= Q(zone_id=incident.zone_id)
    return members.filter(where)


def audience_contacts(alert: Alert):
    kinds = []
    if alert.include_legal:
        kinds.append(AlertContact.Kind.LEGAL)
    if alert.include_partners:
        kinds.append(AlertContact.Kind.PARTNER)
    return AlertContact.objects.filter(active=True, kind__in=kinds)


def alert_texts(template: str, *, place: str) -> tuple[str, str]:
    """Return a template's text in English and in Spanish for a place ("10th & Christian,
    Bella Vista": the block's name and its zone), as it will be sent."""
    path = TEMPLATES[template][1]
    context = {"place": place}
    return render_sms(path, context, "en"), render_sms(path, context, "es")


@transaction.atomic
def draft_alert(
    incident: Incident,
    *,
    actor,
    template: str,
    include_neighbours: bool = True,
    include_zone: bool = False,
    include_legal: bool = False,
    include_partners: bool = False,
    follows: Alert | None = None,
) -> Alert:
    """Write an alert from a template in both languages, to be previewed and then sent."""
    if template not in TEMPLATES:
        raise HotlineError(_("Choose one of the messages."))
    kind = TEMPLATES[template][2]
    if kind == Alert.Kind.ALERT and not incident.can_alert:
        raise AlertRefused(_("Only a confirmed incident can alert anyone."))
    if kind != Alert.Kind.ALERT:
        follows = (
            follows
            or incident.alerts.filter(kind=Alert.Kind.ALERT, status=Alert.Status.SENT).last()
        )
        if follows is None:
            raise AlertRefused(_("A correction or all-clear follows an alert that was sent."))
    text_en, text_es = alert_texts(template, place=incident.place)
    alert = Alert.objects.create(
        incident=incident,
        kind=kind,
        follows=follows,
        text_en=text_en,
        text_es=text_es,
        include_neighbours=follows.include_neighbours if follows else include_neighbours,
        include_zone=follows.include_zone if follows else include_zone,
        include_legal=follows.include_legal if follows else include_legal,
        include_partners=follows.include_partners if follows else include_partners,
        created_by=actor,
    )
    log_action(actor, AuditCode.ALERT_DRAFTED, alert, detail={"kind": kind})
    return alert


@dataclass
class AlertPreview:
    """Who a send would reach, by language, and how long handing it over would take."""

    by_language: dict[str, int]
    contacts: int
    seconds: int | None

    @property
    def total(self) -> int:
        return sum(self.by_language.values()) + self.contacts


def preview_alert(alert: Alert) -> AlertPreview:
    """Count the recipients of an alert (the same as its original's, for a follow-up)."""
    if alert.follows_id:
        rows = AlertRecipient.objects.filter(alert=alert.follows)
        by_language: dict[str, int] = {}
        for language in rows.filter(member__isnull=False).values_list(
            "member__language", flat=True
        ):
            by_language[language] = by_language.get(language, 0) + 1
        contacts = rows.filter(contact__isnull=False).count()
    else:
        by_language = {}
        for language in audience_members(alert.incident, alert).values_list("language", flat=True):
            by_language[language] = by_language.get(language, 0) + 1
        contacts = audience_contacts(alert).count()
    total = sum(by_language.values()) + contacts
    rate = senders.total_rate("sms")
    return AlertPreview(by_language, contacts, math.ceil(total / rate) if rate else None)


def _recipient(alert: Alert, row: AlertRecipient, person) -> Recipient | None:
    if person.phone:
        return Recipient(
            to=person.phone, language=person.language, dedupe_key=row.key, channel=Channel.SMS
        )
    if person.email:
        return Recipient(
            to=person.email, language=person.language, dedupe_key=row.key, channel=Channel.EMAIL
        )
    return None


def _check_sendable(alert: Alert, *, allow: set[str]) -> None:
    if alert.status not in allow:
        raise AlertRefused(_("This alert was sent already."))
    if alert.kind == Alert.Kind.ALERT and alert.incident.state != Incident.State.CONFIRMED:
        raise AlertRefused(_("Only a confirmed incident can alert anyone."))
    if alert.kind != Alert.Kind.ALERT and (
        alert.follows is None or alert.follows.status != Alert.Status.SENT
    ):
        raise AlertRefused(_("A correction or all-clear follows an alert that was sent."))


@transaction.atomic
def request_send(alert: Alert, *, actor) -> Alert:
    """Check the alert may go, mark it as sending and hand the send to the background worker.

    The click returns at once, whatever the audience's size; `send_alert` runs in the worker
    (tasks.send_alert_task) and checks everything again, so a refused alert never goes.
    """
    from ..tasks import send_alert_task

    alert = Alert.objects.select_for_update().select_related("incident").get(pk=alert.pk)
    _check_sendable(alert, allow={Alert.Status.DRAFT})
    alert.status = Alert.Status.SENDING
    alert.sent_by = actor
    alert.save(update_fields=["status", "sent_by"])
    log_action(actor, ALERT_REQUESTED[alert.kind], alert)
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: send_alert_task.enqueue(alert.pk, actor_id))
    return alert


# Recipients written (and committed) at a time: delivery of the first starts while the rest
# are written, and no transaction holds the database long.
SEND_CHUNK = 2000


def _audience(alert: Alert) -> list[tuple]:
    """Return (contact id, member id) pairs: a follow-up's first recipients, or the audience."""
    if alert.follows_id:
        return list(
            AlertRecipient.objects.filter(alert=alert.follows).values_list(
                "contact_id", "member_id"
            )
        )
    pairs: list[tuple] = [
        (None, pk) for pk in audience_members(alert.incident, alert).values_list("pk", flat=True)
    ]
    pairs += [(pk, None) for pk in audience_contacts(alert).values_list("pk", flat=True)]
    return pairs


def send_alert(alert: Alert, *, actor) -> Alert:
    """Send the alert to its audience through the outbox, each person once, in their language.

    Refuse (AlertRefused) an alert whose incident is not confirmed, and one already sent. A
    correction or all-clear goes to exactly the recipients of the alert it follows.
    Recipients are written SEND_CHUNK at a time, each chunk in its own transaction; a run cut
    short is finished by running it again, and nobody gets a second message: the recipients
    are unique per alert and the outbox refuses a dedupe key it has already seen.
    """
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("incident").get(pk=alert.pk)
        _check_sendable(alert, allow={Alert.Status.DRAFT, Alert.Status.SENDING})
        if alert.status == Alert.Status.DRAFT:
            alert.status = Alert.Status.SENDING
            alert.save(update_fields=["status"])
    now = timezone.now()
    expires_at = now + lifetime()
    subjects = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            subjects[language] = _("Rapid response alert")
    totals = {"queued": 0, "opted_out": 0, "duplicate": 0, "invalid": 0}
    pairs = _audience(alert)
    for start in range(0, len(pairs), SEND_CHUNK):
        chunk = pairs[start : start + SEND_CHUNK]
        with transaction.atomic():
            report = _send_chunk(alert, chunk, subjects=subjects, expires_at=expires_at)
        for name, value in report.as_dict().items():
            totals[name] += value
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("incident").get(pk=alert.pk)
        if alert.status == Alert.Status.SENT:
            # Another run of the same send finished first; it recorded the send.
            return alert
        alert.status = Alert.Status.SENT
        alert.sent_at = now
        if getattr(actor, "pk", None):
            alert.sent_by = actor
        alert.expires_at = expires_at
        # A run that finishes an interrupted one finds the first part as duplicates.
        alert.recipients_count = totals["queued"] + totals["duplicate"]
        alert.save(update_fields=["status", "sent_at", "sent_by", "expires_at", "recipients_count"])
        record_event(
            alert.incident,
            f"alert.{alert.kind}",
            actor=actor,
            action=ALERT_SENT[alert.kind],
            target=alert,
            audit_detail=totals,
            **totals,
        )
    return alert


def _send_chunk(alert: Alert, chunk, *, subjects: dict, expires_at):
    rows = [
        AlertRecipient(alert=alert, contact_id=contact_id, member_id=member_id)
        for contact_id, member_id in chunk
    ]
    AlertRecipient.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    members = {
        member.pk: member
        for member in Member.objects.active().filter(
            pk__in=[member_id for _c, member_id in chunk if member_id]
        )
    }
    contacts = {
        contact.pk: contact
        for contact in AlertContact.objects.filter(
            pk__in=[contact_id for contact_id, _m in chunk if contact_id]
        )
    }

    def recipients():
        for row in rows:
            person = members.get(row.member_id) or contacts.get(row.contact_id)
            if person is not None:
                recipient = _recipient(alert, row, person)
                if recipient is not None:
                    yield recipient

    return queue_many(
        recipients(),
        channel=Channel.SMS,
        purpose="alert",
        body={"en": alert.text_en, "es": alert.text_es},
        subject=subjects,
        batch=alert.batch,
        expires_at=expires_at,
    )


def delivery_progress(alert: Alert) -> dict:
    """Count the alert's outbox rows by status, and when the provider took the last one."""
    rows = OutboundMessage.objects.filter(batch=alert.batch)
    counts: dict[str, int] = {}
    for status in rows.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    last = rows.exclude(sent_at__isnull=True).order_by("-sent_at").values_list("sent_at", flat=True)
    return {"counts": counts, "last_accepted_at": last[0] if last else None}


@transaction.atomic
def add_alert_contact(
    *, actor, kind: str, name: str, phone: str = "", email: str = "", language: str = "es"
) -> AlertContact:
    """Add a lawyer or a partner organization that alerts can be copied to."""
    contact = AlertContact.objects.create(
        kind=kind, name=name.strip(), phone=phone, email=email, language=language
    )
    log_action(actor, AuditCode.ALERT_CONTACT_ADDED, contact, detail={"kind": kind})
    return contact


@transaction.atomic
def deactivate_alert_contact(contact: AlertContact, *, actor) -> AlertContact:
    """Stop copying alerts to a contact; past alerts keep counting them."""
    contact.active = False
    contact.save(update_fields=["active"])
    log_action(actor, AuditCode.ALERT_CONTACT_DEACTIVATED, contact)
    return contact
