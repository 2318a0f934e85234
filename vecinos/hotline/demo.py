"""Demo hotline: a dispatcher on shift, and three incidents in the demo zones.

Everything is invented: the reports, the responders' answers, the family of the follow-up
case. Rows are written directly rather than through the services, so building the demo sends
no text or e-mail. Needs the zones demo first (its blocks and responders).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from vecinos.zones.models import Block, Member

from .models import (
    Alert,
    AlertContact,
    AlertRecipient,
    Case,
    CaseTask,
    Dispatcher,
    Incident,
    IncidentRecord,
    Report,
    Shift,
    TimelineEntry,
    VerificationRequest,
)
from .services.alerts import alert_texts


def _staff(username: str, role: str):
    # The demo staff command sets the password and second factor later; it finds this user.
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
    return user


def _block(zone: str) -> Block | None:
    blocks = Block.objects.filter(zone__name=zone).order_by("code")
    for block in blocks:
        if block.neighbours.exists():
            return block
    return blocks.first()


def _entry(incident, kind, at, note="", **detail):
    TimelineEntry.objects.create(incident=incident, kind=kind, at=at, note=note, detail=detail)


@transaction.atomic
def build() -> int:
    """Create the demo dispatcher, shifts and incidents; return the number of incidents."""
    if Incident.objects.exists():
        return 0
    now = timezone.now()
    dispatcher = Dispatcher.objects.create(
        user=_staff("dispatcher", "dispatcher"), phone="+12155550100", language="es"
    )
    backup = Dispatcher.objects.create(user=_staff("admin", "admin"), language="en")
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    Shift.objects.create(
        dispatcher=dispatcher, backup=backup, starts_at=start, ends_at=start + timedelta(days=30)
    )
    AlertContact.objects.create(
        kind=AlertContact.Kind.LEGAL, name="Demo legal line", phone="+12155550111", language="en"
    )

    made = 0
    confirmed_block = _block("Passyunk Square")
    if confirmed_block is not None:
        _confirmed(confirmed_block, now - timedelta(days=3))
        made += 1
    new_block = _block("Point Breeze")
    if new_block is not None:
        seen = now - timedelta(minutes=12)
        incident = Incident.objects.create(
            block=new_block,
            zone=new_block.zone,
            point=f"{new_block.latitude:.5f},{new_block.longitude:.5f}",
            agency="unknown",
            created_at=seen,
            last_report_at=seen,
        )
        Report.objects.create(
            incident=incident,
            channel="web",
            language="es",
            agency="unknown",
            activity="waiting",
            vehicles=2,
            description="Dos carros sin placas estacionados frente a la escuela desde temprano.",
            block=new_block,
            zone=new_block.zone,
            point=incident.point,
            seen_at=seen,
            received_at=seen,
        )
        _entry(incident, "incident.opened", seen)
        _entry(incident, "report.received", seen, channel="web")
        _entry(incident, "page.primary", seen, pages=1)
        made += 1
    return made


def _confirmed(block: Block, at) -> Incident:
    incident = Incident.objects.create(
        state=Incident.State.CLOSED,
        block=block,
        zone=block.zone,
        point=f"{block.latitude:.5f},{block.longitude:.5f}",
        agency="ice",
        created_at=at,
        last_report_at=at + timedelta(minutes=4),
        acknowledged_at=at + timedelta(minutes=2),
        first_accepted_at=at + timedelta(minutes=6),
        confirmed_at=at + timedelta(minutes=19),
        resolved_at=at + timedelta(minutes=19),
        closed_at=at + timedelta(hours=2),
    )
    for minutes, channel, language, text in (
        (0, "web", "es", "Tres camionetas y agentes con chalecos tocando puertas."),
        (4, "sms", "en", "Agents at a door on this block, two unmarked vans."),
    ):
        Report.objects.create(
            incident=incident,
            channel=channel,
            language=language,
            agency="ice",
            activity="door",
            agents=5,
            vehicles=3,
            description=text,
            block=block,
            zone=block.zone,
            point=incident.point if channel == "web" else "",
            seen_at=at + timedelta(minutes=minutes),
            received_at=at + timedelta(minutes=minutes),
        )
    _entry(incident, "incident.opened", at)
    _entry(incident, "report.received", at, channel="web")
    _entry(incident, "page.primary", at, pages=2)
    _entry(incident, "report.received", at + timedelta(minutes=4), channel="sms")
    _entry(incident, "incident.acknowledged", at + timedelta(minutes=2))
    nearby = Member.objects.responders().filter(block__in=[block, *block.neighbours.all()])
    responders = [member for member in nearby.order_by("created_at") if member.phone][:3]
    for number, member in enumerate(responders):
        VerificationRequest.objects.create(
            incident=incident,
            member=member,
            ring=0 if member.block_id == block.pk else 1,
            status="reported" if number == 0 else "declined",
            asked_at=at + timedelta(minutes=3),
            answered_at=at + timedelta(minutes=6),
            eta_minutes=8 if number == 0 else None,
            finding="Confirmado: 5 agentes, 3 camionetas, se llevaron a una persona."
            if number == 0
            else "",
            reported_at=at + timedelta(minutes=16) if number == 0 else None,
        )
    _entry(incident, "verification.asked", at + timedelta(minutes=3), count=len(responders), ring=1)
    _entry(incident, "state.confirmed", at + timedelta(minutes=19))
    text_en, text_es = alert_texts("agents_present", place=block.place)
    alert = Alert.objects.create(
        incident=incident,
        text_en=text_en,
        text_es=text_es,
        status=Alert.Status.SENT,
        created_at=at + timedelta(minutes=20),
        sent_at=at + timedelta(minutes=21),
        expires_at=at + timedelta(hours=6),
    )
    members = Member.objects.active().filter(block__in=[block, *block.neighbours.all()])
    AlertRecipient.objects.bulk_create(AlertRecipient(alert=alert, member=m) for m in members)
    alert.recipients_count = members.count()
    alert.save(update_fields=["recipients_count"])
    _entry(incident, "alert.alert", alert.sent_at, queued=alert.recipients_count)
    _entry(incident, "state.closed", incident.closed_at)
    IncidentRecord.objects.create(
        incident=incident,
        agents=5,
        vehicles=3,
        activity="door",
        location="Frente a una casa de la cuadra",
        unit="Chalecos con la palabra POLICE, sin nombres visibles",
        started_at=at - timedelta(minutes=10),
        ended_at=at + timedelta(minutes=70),
        equipment="Radios, una carpeta con fotos",
        outcome="Una persona detenida; su familia recibió apoyo esa misma mañana.",
    )
    case = Case.objects.create(
        incident=incident,
        family="Familia de la casa azul (demo)",
        contact_phone="+12155550122",
        language="es",
        notes="Dos niños en la escuela del barrio.",
        opened_at=at + timedelta(hours=3),
    )
    # The demo dispatcher's own tasks (Hotline → My tasks): one due today, one in two days.
    owner = get_user_model().objects.filter(username="dispatcher").first()
    today = timezone.localdate()
    case.owner = owner
    case.save(update_fields=["owner"])
    CaseTask.objects.create(case=case, kind=CaseTask.Kind.LEGAL, owner=owner, due_on=today)
    CaseTask.objects.create(
        case=case, kind=CaseTask.Kind.BOND, owner=owner, due_on=today + timedelta(days=2)
    )
    CaseTask.objects.create(case=case, kind=CaseTask.Kind.CHILD_CARE, done_at=at)
    _entry(incident, "case.opened", case.opened_at)
    return incident
