"""Demo coalition work: a sign-on letter with thirty invented organizations and some
neighbors, a petition with a count and its SMS code, a march coming up and a past town hall
with its head count. Every name here is made up for the demo."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from vecinos.content.services import add_translated_pages
from vecinos.privacy.blind_index import email_index

from .models import (
    EventCount,
    EventPage,
    LetterDelivery,
    LetterPage,
    PetitionMilestone,
    PetitionPage,
    PetitionSignature,
    Rsvp,
)
from .models import Signature as S

LETTER = {
    "en": {
        "title": "End the city's data sharing with immigration agents",
        "slug": "end-data-sharing",
        "summary": (
            "Organizations across the region ask City Council to end every agreement that "
            "lets immigration agents search city records about our neighbors."
        ),
        "addressee": "Philadelphia City Council",
        "body": (
            "<p>Dear Council members,</p>"
            "<p>We write as congregations, unions, legal clinics, schools' parent groups and "
            "neighborhood organizations that serve immigrant families every day.</p>"
            "<p>When city records are open to immigration agents, a traffic stop, a visit to "
            "a clinic or a call for help can end with a parent taken from their children. "
            "Families stop calling the police, stop taking their children to the doctor and "
            "stop coming to school meetings. The whole city is less safe.</p>"
            "<p>We ask the Council to end every data-sharing agreement with immigration "
            "agencies, to publish each request they make, and to hear the families affected "
            "at a public hearing before any new agreement is signed.</p>"
        ),
    },
    "es": {
        "title": "Que la ciudad deje de compartir datos con agentes de inmigración",
        "slug": "no-compartir-datos",
        "summary": (
            "Organizaciones de toda la región piden al Concejo Municipal que termine todo "
            "acuerdo que permite a agentes de inmigración buscar en los registros de la ciudad."
        ),
        "addressee": "Concejo Municipal de Filadelfia",
        "body": (
            "<p>Estimados miembros del Concejo:</p>"
            "<p>Les escribimos como congregaciones, sindicatos, clínicas legales, grupos de "
            "madres y padres de escuelas y organizaciones de barrio que atienden a familias "
            "inmigrantes todos los días.</p>"
            "<p>Cuando los registros de la ciudad están abiertos a agentes de inmigración, una "
            "parada de tránsito, una visita a la clínica o una llamada pidiendo ayuda pueden "
            "terminar con una madre o un padre separado de sus hijos. Las familias dejan de "
            "llamar a la policía, de llevar a sus hijos al médico y de ir a las reuniones de la "
            "escuela. Toda la ciudad es menos segura.</p>"
            "<p>Pedimos al Concejo que termine todo acuerdo de datos con las agencias de "
            "inmigración, que publique cada solicitud que hagan y que escuche a las familias "
            "afectadas en una audiencia pública antes de firmar cualquier acuerdo nuevo.</p>"
        ),
    },
}

# Thirty invented organizations: (name, city, state, type).
ORGANIZATIONS = [
    ("Comité de Vecinos de Ritner", "Philadelphia", "PA", S.OrgType.COMMUNITY),
    ("Casa Maíz Community Kitchen", "Philadelphia", "PA", S.OrgType.COMMUNITY),
    ("Red de Madres del Sur", "Philadelphia", "PA", S.OrgType.COMMUNITY),
    ("Point Breeze Tenants Together", "Philadelphia", "PA", S.OrgType.COMMUNITY),
    ("Kensington Mutual Aid Pantry", "Philadelphia", "PA", S.OrgType.COMMUNITY),
    ("Asociación Poblana del Valle", "Norristown", "PA", S.OrgType.COMMUNITY),
    ("Fair Hill Block Captains Circle", "Philadelphia", "PA", S.OrgType.COMMUNITY),
    ("Juventud en Marcha", "Camden", "NJ", S.OrgType.COMMUNITY),
    ("Iglesia Luterana Buen Pastor", "Philadelphia", "PA", S.OrgType.FAITH),
    ("St. Casimir Parish Social Ministry", "Philadelphia", "PA", S.OrgType.FAITH),
    ("Congregation Shalom Rising", "Cheltenham", "PA", S.OrgType.FAITH),
    ("Masjid al-Nur Community Council", "Philadelphia", "PA", S.OrgType.FAITH),
    ("Friends Meeting of Germantown Avenue", "Philadelphia", "PA", S.OrgType.FAITH),
    ("Iglesia Pentecostal Roca Firme", "Reading", "PA", S.OrgType.FAITH),
    ("Restaurant Workers United Local 9", "Philadelphia", "PA", S.OrgType.UNION),
    ("Centro de Trabajadores del Norte", "Philadelphia", "PA", S.OrgType.UNION),
    ("Home Care Aides Alliance", "Philadelphia", "PA", S.OrgType.UNION),
    ("Mushroom Farmworkers Committee", "Kennett Square", "PA", S.OrgType.UNION),
    ("Schuylkill Legal Clinic", "Philadelphia", "PA", S.OrgType.LEGAL),
    ("Defensa Migrante Delaware Valley", "Wilmington", "DE", S.OrgType.LEGAL),
    ("Temple Street Family Law Project", "Philadelphia", "PA", S.OrgType.LEGAL),
    ("Bond Fund of the Three Rivers", "Pittsburgh", "PA", S.OrgType.LEGAL),
    ("Parents for Open Schools", "Philadelphia", "PA", S.OrgType.NONPROFIT),
    ("Coalición de Salud Comunitaria", "Philadelphia", "PA", S.OrgType.NONPROFIT),
    ("Digital Rights Neighbors", "Philadelphia", "PA", S.OrgType.NONPROFIT),
    ("Refugee Resettlement Friends of Lancaster", "Lancaster", "PA", S.OrgType.NONPROFIT),
    ("Youth Arts on Ninth Street", "Philadelphia", "PA", S.OrgType.NONPROFIT),
    ("Panadería La Espiga", "Philadelphia", "PA", S.OrgType.BUSINESS),
    ("Tienda El Quetzal", "Philadelphia", "PA", S.OrgType.BUSINESS),
    ("Ninth Street Barbers Cooperative", "Philadelphia", "PA", S.OrgType.BUSINESS),
]

INDIVIDUALS = [
    ("Marisol Quintero", "Philadelphia", "PA", "South Philly High parents' group"),
    ("Tomás Ybarra", "Camden", "NJ", ""),
    ("Dr. Helen Okafor", "Philadelphia", "PA", "Family physician"),
    ("Father Luis Andrade", "Philadelphia", "PA", "Retired parish priest"),
    ("Keisha Morrow", "Philadelphia", "PA", ""),
    ("Ana Lucía Pérez", "Norristown", "PA", "Teacher"),
    ("Wei Chen", "Philadelphia", "PA", "Chinatown resident"),
]

PETITION = {
    "en": {
        "title": "Keep our data away from ICE",
        "slug": "keep-our-data",
        "summary": "The Mayor can end the city's last data agreement with immigration agents.",
        "addressee": "The Mayor of Philadelphia",
        "body": (
            "<p>We, residents of Philadelphia, ask the Mayor to end the last agreement that "
            "gives immigration agents access to city data, and to keep it ended.</p>"
        ),
    },
    "es": {
        "title": "Nuestros datos, lejos de ICE",
        "slug": "nuestros-datos",
        "summary": (
            "La alcaldía puede terminar el último acuerdo de datos con agentes de inmigración."
        ),
        "addressee": "La alcaldía de Filadelfia",
        "body": (
            "<p>Quienes vivimos en Filadelfia pedimos a la alcaldía que termine el último "
            "acuerdo que da a los agentes de inmigración acceso a datos de la ciudad, y que "
            "no vuelva a firmarlo.</p>"
        ),
    },
}
FIRST_NAMES = ["Lucía", "José", "Mei", "Amina", "Carlos", "Rosa", "Dwayne", "Fatou", "Iván"]
CITIES = ["Philadelphia", "Filadelfia", "Camden", "Norristown"]

MARCH = {
    "en": {
        "title": "March from the neighborhood to City Hall",
        "slug": "march-to-city-hall",
        "summary": "We walk together to the Council hearing on data sharing, and speak there.",
        "place": "Mifflin Square Park",
        "address": "S 6th St & W Ritner St",
        "accessibility": (
            "A slow group walks at the back with volunteers. A van follows the route for "
            "anyone who cannot walk all of it. Spanish–English interpretation at the hearing."
        ),
        "childcare": "Child care from 9:30 at the church hall, 1300 S 7th St, until we return.",
    },
    "es": {
        "title": "Marcha del barrio a la alcaldía",
        "slug": "marcha-a-la-alcaldia",
        "summary": "Caminamos juntos a la audiencia del Concejo sobre los datos, y hablamos ahí.",
        "place": "Parque Mifflin Square",
        "address": "S 6th St y W Ritner St",
        "accessibility": (
            "Un grupo a paso lento camina al final con voluntarios. Una camioneta sigue la "
            "ruta para quien no pueda caminarla entera. Interpretación español–inglés en la "
            "audiencia."
        ),
        "childcare": (
            "Cuidado de niños desde las 9:30 en el salón de la iglesia, 1300 S 7th St, hasta "
            "que volvamos."
        ),
    },
}
TOWN_HALL = {
    "en": {
        "title": "Town hall: our data, our safety",
        "slug": "town-hall-our-data",
        "summary": "Neighbors told the city what data sharing has done to their families.",
        "place": "Annunciation Parish Hall",
        "address": "1511 S 10th St",
        "accessibility": "Step-free entrance on Dickinson St. Interpretation in both languages.",
        "childcare": "Child care in the room next door.",
    },
    "es": {
        "title": "Asamblea: nuestros datos, nuestra seguridad",
        "slug": "asamblea-nuestros-datos",
        "summary": (
            "Los vecinos contaron a la ciudad lo que el intercambio de datos hizo a sus familias."
        ),
        "place": "Salón parroquial de la Anunciación",
        "address": "1511 S 10th St",
        "accessibility": "Entrada sin escalones por Dickinson St. Interpretación en ambos idiomas.",
        "childcare": "Cuidado de niños en el salón de al lado.",
    },
}


def _publish(pages: dict[str, Page]) -> None:
    for page in pages.values():
        page.save_revision().publish()


def forget_orphans() -> None:
    """Delete the signatures, RSVPs and counts of pages that no longer exist (a demo reset)."""
    for model, field, pages in (
        (S, "letter_key", LetterPage),
        (LetterDelivery, "letter_key", LetterPage),
        (PetitionSignature, "petition_key", PetitionPage),
        (PetitionMilestone, "petition_key", PetitionPage),
        (Rsvp, "event_key", EventPage),
        (EventCount, "event_key", EventPage),
    ):
        keys = pages.objects.values("translation_key")
        model.objects.exclude(**{f"{field}__in": keys}).delete()


@transaction.atomic
def build(homes: dict[str, Page]) -> None:
    """Add the letter, the petition and the two events under the home pages, once."""
    if LetterPage.objects.child_of(homes["en"]).exists():
        return
    forget_orphans()
    now = timezone.now()
    letter = add_translated_pages(
        homes,
        {
            code: LetterPage(**LETTER[code], deadline=timezone.localdate() + timedelta(days=21))
            for code in ("en", "es")
        },
    )
    _publish(letter)
    key = letter["en"].translation_key
    for n, (name, city, state, kind) in enumerate(ORGANIZATIONS):
        email = f"contact{n}@org{n}.example"
        # The last three wait in the queue, so the verification screen has work in it.
        status = S.Status.TO_VERIFY if n >= len(ORGANIZATIONS) - 3 else S.Status.PUBLIC
        S.objects.create(
            letter_key=key,
            kind=S.Kind.ORGANIZATION,
            public_name=name,
            city=city,
            state=state,
            org_type=kind,
            contact_name=f"Contact {n + 1}",
            email=email,
            email_index=email_index(email),
            language="es" if n % 2 else "en",
            status=status,
            created_at=now - timedelta(days=10 - n % 9),
            confirmed_at=now - timedelta(days=9 - n % 9),
        )
    for n, (name, city, state, affiliation) in enumerate(INDIVIDUALS):
        email = f"neighbor{n}@example.org"
        S.objects.create(
            letter_key=key,
            kind=S.Kind.INDIVIDUAL,
            public_name=name,
            city=city,
            state=state,
            affiliation=affiliation,
            email=email,
            email_index=email_index(email),
            language="es" if n % 2 else "en",
            status=S.Status.PUBLIC,
            confirmed_at=now - timedelta(days=n + 1),
        )
    S.objects.create(
        letter_key=key,
        kind=S.Kind.INDIVIDUAL,
        public_name="Test Test",
        city="Nowhere",
        email="held@example.org",
        email_index=email_index("held@example.org"),
        status=S.Status.HELD,
        hold_reason=S.HoldReason.NAME,
        confirmed_at=now,
    )

    petition = add_translated_pages(
        homes,
        {
            code: PetitionPage(**PETITION[code], short_code="DATOS", milestones="25,50,100")
            for code in ("en", "es")
        },
    )
    _publish(petition)
    for n in range(38):
        PetitionSignature.objects.create(
            petition_key=petition["en"].translation_key,
            first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
            city=CITIES[n % len(CITIES)],
            show_publicly=n % 3 != 0,
            email=f"signer{n}@example.org",
            email_index=email_index(f"signer{n}@example.org"),
            language="es" if n % 2 else "en",
            may_contact=n % 2 == 0,
            source=PetitionSignature.Source.WEB,
            status=PetitionSignature.Status.CONFIRMED,
            confirmed_at=now - timedelta(hours=n * 5),
        )

    start = (now + timedelta(days=12)).replace(hour=14, minute=0, second=0, microsecond=0)
    march = add_translated_pages(
        homes,
        {
            code: EventPage(
                **MARCH[code],
                kind=EventPage.Kind.MARCH,
                starts_at=start,
                ends_at=start + timedelta(hours=4),
                capacity=300,
            )
            for code in ("en", "es")
        },
    )
    _publish(march)
    for n in range(24):
        Rsvp.objects.create(
            event_key=march["en"].translation_key,
            answer=[Rsvp.Answer.YES, Rsvp.Answer.YES, Rsvp.Answer.MAYBE, Rsvp.Answer.NO][n % 4],
            party_size=1 + n % 3,
            name=f"Neighbor {n + 1}",
            email=f"rsvp{n}@example.org",
            email_index=email_index(f"rsvp{n}@example.org"),
            language="es" if n % 2 else "en",
            source=Rsvp.Source.WEB,
        )
    past = (now - timedelta(days=20)).replace(hour=23, minute=0, second=0, microsecond=0)
    town_hall = add_translated_pages(
        homes,
        {
            code: EventPage(
                **TOWN_HALL[code],
                kind=EventPage.Kind.TOWN_HALL,
                starts_at=past,
                ends_at=past + timedelta(hours=2),
            )
            for code in ("en", "es")
        },
    )
    _publish(town_hall)
    # Its RSVPs' contacts are already gone; the answers and the count at the door remain.
    for n in range(40):
        Rsvp.objects.create(
            event_key=town_hall["en"].translation_key,
            answer=Rsvp.Answer.YES if n % 5 else Rsvp.Answer.MAYBE,
            source=Rsvp.Source.SMS if n % 2 else Rsvp.Source.WEB,
            purged_at=past + timedelta(days=2),
        )
    EventCount.objects.create(event_key=town_hall["en"].translation_key, head_count=87)
