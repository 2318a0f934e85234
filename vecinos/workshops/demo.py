"""Demo workshops: topics, coming sessions with registrations, past ones with attendance.

Registrants are the demo zone members where zones exist (so attendance at the responder
training feeds the zone coverage), plus a few invented families with 555-01xx numbers kept for
fiction. Without zones, the workshops are made without a zone and no member is linked.
Building twice adds nothing.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from vecinos.privacy.blind_index import phone_index
from vecinos.zones.models import Member, Zone

from . import services
from .models import Registration, RightsCard, Topic, Workshop

TOPICS = [
    {
        "name_en": "Your rights at home and on the street",
        "name_es": "Sus derechos en casa y en la calle",
        "description_en": (
            "What to do if immigration agents knock at your door or stop you on the street: "
            "staying silent, warrants, and not signing anything."
        ),
        "description_es": (
            "Qué hacer si agentes de inmigración tocan a su puerta o lo detienen en la calle: "
            "guardar silencio, órdenes judiciales y no firmar nada."
        ),
    },
    {
        "name_en": "Housing: repairs, rent and eviction",
        "name_es": "Vivienda: reparaciones, renta y desalojos",
        "description_en": "Tenants' rights whatever your status, and where to get help.",
        "description_es": "Derechos de inquilinos sin importar su estatus, y dónde pedir ayuda.",
    },
    {
        "name_en": "Workers' rights and wage theft",
        "name_es": "Derechos laborales y robo de salario",
        "description_en": "Minimum wage, overtime, injuries at work, and how to claim unpaid pay.",
        "description_es": (
            "Salario mínimo, horas extra, accidentes de trabajo y cómo reclamar el pago que le "
            "deben."
        ),
    },
    {
        "name_en": "How to be a rapid responder",
        "name_es": "Cómo ser parte de la respuesta rápida",
        "description_en": (
            "For zone members: how to verify a report safely, document what you see, and "
            "support a family during and after a raid."
        ),
        "description_es": (
            "Para miembros de las zonas: cómo verificar un reporte con seguridad, documentar lo "
            "que ve y acompañar a una familia durante y después de una redada."
        ),
        "is_responder_training": True,
        "refresher_months": 12,
    },
]
# (place, address) in English and in Spanish.
PLACES = [
    (
        ("St. Thomas Aquinas parish hall", "1631 S 17th St"),
        ("Salón parroquial de Santo Tomás de Aquino", "1631 S 17th St"),
    ),
    (
        ("Community room, public library", "1700 S Broad St"),
        ("Sala comunitaria, biblioteca pública", "1700 S Broad St"),
    ),
    (("Neighborhood center", "1100 Wharton St"), ("Centro vecinal", "1100 Wharton St")),
]
NICKNAMES = ["Doña Chela", "Mari", "Don Beto", "Lupe", "Fer", "Tavo", "Rosy", "Nacho", "Paty"]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def build() -> dict:
    """Create the demo topics, workshops, registrations and attendance; return counts."""
    RightsCard.current()
    if Topic.objects.exists():
        return {"workshops": 0, "registrations": 0}
    rng = random.Random(7)
    topics = [Topic.objects.create(**data) for data in TOPICS]
    rights, housing, work, responder = topics
    zones = list(Zone.objects.filter(members__isnull=False).distinct().order_by("name"))
    # 484 is a Philadelphia area code the zones demo does not use; 0190-0199 stay free in
    # every area code for the Test phone (README.md).
    phones = (f"+1484555{line:04d}" for line in range(100, 190))

    plan = [
        # (topic, days from today, hour, capacity, zone position or None)
        (rights, -75, 18, 40, 0),
        (housing, -48, 18, 30, 1),
        (responder, -30, 10, 25, 0),
        (work, -16, 18, 30, 2),
        (responder, -9, 10, 25, 1),
        (rights, 3, 18, 30, 0),
        (responder, 6, 10, 12, 1),
        (housing, 13, 18, 30, 2),
        (work, 24, 11, 30, None),
    ]
    workshops, registrations = 0, 0
    for number, (topic, days, hour, capacity, zone_at) in enumerate(plan):
        zone = zones[zone_at % len(zones)] if zones and zone_at is not None else None
        (place, address), (place_es, address_es) = PLACES[number % len(PLACES)]
        workshop = Workshop.objects.create(
            topic=topic,
            starts_at=_at(days, hour),
            ends_at=_at(days, hour) + timedelta(hours=2),
            place=place,
            place_es=place_es,
            address=address,
            address_es=address_es,
            languages=Workshop.Languages.BOTH if number % 3 == 0 else Workshop.Languages.SPANISH,
            capacity=capacity,
            trainers="Equipo de capacitación" if number % 2 else "Legal clinic volunteers",
            zone=zone,
            status=Workshop.Status.PUBLISHED,
        )
        workshops += 1
        members = list(Member.objects.active().filter(zone=zone)) if zone else []
        rng.shuffle(members)
        wanted = rng.randint(capacity // 2, capacity + 4)
        seats = 0
        past = days < 0
        # Every other coming workshop keeps about a third of its seats open, so a newcomer's
        # registration gets a seat there; the others are full and show the waitlist.
        upcoming = len([step for step in plan[: number + 1] if step[1] >= 0])
        room = capacity * 2 // 3 if not past and upcoming % 2 == 1 else None
        for index in range(wanted):
            member = members[index] if index < len(members) // 2 else None
            family = 1 if member else rng.choice([1, 2, 2, 3, 4])
            status = Registration.Status.CONFIRMED
            if room is not None and seats + family > room:
                break
            if seats + family > capacity:
                status = Registration.Status.WAITLISTED
            else:
                seats += family
            phone = member.phone if member and member.phone else next(phones, "")
            registration = Registration.objects.create(
                workshop=workshop,
                name=member.name if member else rng.choice(NICKNAMES),
                phone=phone,
                phone_index=phone_index(phone) if phone else None,
                language=member.language if member else rng.choice(["es", "es", "en"]),
                family_size=family,
                member=member,
                zone=(member.zone if member else zone),
                status=status,
                source=rng.choice([Registration.Source.WEB, Registration.Source.SMS]),
                created_at=workshop.starts_at - timedelta(days=rng.randint(2, 20)),
            )
            registrations += 1
            # About three in four families with a seat come, as organizers see.
            if past and status == Registration.Status.CONFIRMED and rng.random() < 0.75:
                services.check_in_registration(
                    registration, actor="system", when=workshop.starts_at
                )
        if past:
            services.add_walk_in(
                workshop,
                services.Registrant(name=rng.choice(NICKNAMES), language="es", family_size=2),
                actor="system",
            )
            registrations += 1
    # Walk-ins were checked in "now"; put them at their workshop's time.
    for registration in Registration.objects.filter(source=Registration.Source.WALK_IN):
        Registration.objects.filter(pk=registration.pk).update(
            attended_at=registration.workshop.starts_at
        )
    return {"workshops": workshops, "registrations": registrations}
