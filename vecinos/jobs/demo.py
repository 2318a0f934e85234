"""Demo hiring content: a jobs section in both languages with two open positions."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from vecinos.content.models import HomePage
from vecinos.content.services import add_translated_pages
from vecinos.jobs.models import JobIndexPage, JobPage

ORGANIZER = {
    "en": {
        "title": "Community Organizer",
        "slug": "community-organizer",
        "summary": (
            "Build neighbor-to-neighbor defense networks block by block, and bring new "
            "leaders into our campaigns."
        ),
        "location": "South Philadelphia, with evening and weekend outreach",
        "salary_range": "$46,000–$52,000 a year, with health coverage",
        "description": (
            "<p>You will spend most of your week outside the office: knocking on doors, "
            "meeting families after church and at the corner store, and helping neighbors "
            "organize their own blocks.</p>"
            "<ul><li>Recruit and support block captains and trained responders.</li>"
            "<li>Plan and run Know-Your-Rights sessions with our trainers.</li>"
            "<li>Keep in touch with members by phone and text, in Spanish and English.</li>"
            "<li>Help prepare days of action and testimony for public hearings.</li></ul>"
            "<p>You speak Spanish and English well. Lived experience of immigration counts "
            "as much as any degree.</p>"
        ),
        "how_we_hire": (
            "<p>We read every application. Shortlisted people have a first conversation "
            "with two staff members, then meet a group of members. We answer everyone.</p>"
        ),
    },
    "es": {
        "title": "Organizador(a) comunitario(a)",
        "slug": "organizador-comunitario",
        "summary": (
            "Construye redes de defensa entre vecinos, cuadra por cuadra, y suma nuevos "
            "liderazgos a nuestras campañas."
        ),
        "location": "Sur de Filadelfia, con trabajo de calle por las tardes y fines de semana",
        "salary_range": "De $46,000 a $52,000 al año, con seguro médico",
        "description": (
            "<p>Pasarás la mayor parte de la semana fuera de la oficina: tocando puertas, "
            "conversando con las familias a la salida de misa y en la tienda de la esquina, "
            "y ayudando a los vecinos a organizar sus propias cuadras.</p>"
            "<ul><li>Reclutar y acompañar a capitanes de cuadra y a personas de respuesta "
            "rápida.</li>"
            "<li>Planear y dar talleres de Conozca sus derechos junto a nuestro equipo de "
            "capacitación.</li>"
            "<li>Mantener el contacto con los miembros por teléfono y mensajes, en español e "
            "inglés.</li>"
            "<li>Ayudar a preparar jornadas de acción y testimonios para audiencias "
            "públicas.</li></ul>"
            "<p>Habla bien español e inglés. La experiencia vivida de la migración vale "
            "tanto como cualquier título.</p>"
        ),
        "how_we_hire": (
            "<p>Leemos todas las solicitudes. Las personas preseleccionadas tienen una "
            "primera conversación con dos personas del equipo y luego se reúnen con un grupo "
            "de miembros. Respondemos a todo el mundo.</p>"
        ),
    },
}

OFFICE_MANAGER = {
    "en": {
        "title": "Office Manager",
        "slug": "office-manager",
        "summary": (
            "Keep our office, our books and our calendar in order so that organizers can "
            "stay in the street."
        ),
        "location": "Our community office, in person",
        "salary_range": "$22–$25 an hour",
        "description": (
            "<p>Our office is where families come first when something goes wrong. You "
            "make sure it is open, welcoming and well run.</p>"
            "<ul><li>Greet visitors and direct calls in Spanish and English.</li>"
            "<li>Track invoices, receipts and small purchases with our bookkeeper.</li>"
            "<li>Keep the shared calendar, book rooms and order supplies for workshops.</li>"
            "<li>Look after our files and make sure private papers stay private.</li></ul>"
            "<p>You are organized, calm under pressure and comfortable with spreadsheets.</p>"
        ),
        "how_we_hire": (
            "<p>After a short call, we invite a few people to a practical exercise and an "
            "interview at the office. We cover travel costs.</p>"
        ),
    },
    "es": {
        "title": "Administrador(a) de oficina",
        "slug": "administrador-de-oficina",
        "summary": (
            "Mantén en orden la oficina, las cuentas y la agenda para que el equipo de "
            "organización pueda seguir en la calle."
        ),
        "location": "Nuestra oficina comunitaria, de forma presencial",
        "salary_range": "De $22 a $25 por hora",
        "description": (
            "<p>Nuestra oficina es el primer lugar al que llegan las familias cuando algo "
            "sale mal. Usted se asegura de que esté abierta, sea acogedora y funcione bien.</p>"
            "<ul><li>Recibir a las visitas y atender llamadas en español e inglés.</li>"
            "<li>Llevar el control de facturas, recibos y compras pequeñas con nuestra "
            "contadora.</li>"
            "<li>Manejar el calendario compartido, reservar salones y pedir materiales para "
            "los talleres.</li>"
            "<li>Cuidar los archivos y asegurar que los papeles privados sigan siendo "
            "privados.</li></ul>"
            "<p>Es una persona organizada, tranquila bajo presión y se maneja bien con las "
            "hojas de cálculo.</p>"
        ),
        "how_we_hire": (
            "<p>Después de una llamada corta, invitamos a algunas personas a un ejercicio "
            "práctico y a una entrevista en la oficina. Cubrimos los gastos de transporte.</p>"
        ),
    },
}

INDEX = {
    "en": {
        "title": "Jobs",
        "slug": "jobs",
        "intro": "<p>Work with us. We hire from the communities we organise with.</p>",
    },
    "es": {
        "title": "Empleos",
        "slug": "empleos",
        "intro": (
            "<p>Trabaja con nosotros. Contratamos a personas de las comunidades con las que "
            "nos organizamos.</p>"
        ),
    },
}


@transaction.atomic
def build(homes: dict[str, HomePage]) -> dict[str, Page]:
    """Add the jobs index and two postings under each language's home; return the indexes.

    Does nothing if the English home already has a jobs index.
    """
    existing = JobIndexPage.objects.child_of(homes["en"]).first()
    if existing is not None:
        return {"en": existing, **{p.locale.language_code: p for p in existing.get_translations()}}
    indexes = add_translated_pages(
        homes, {code: JobIndexPage(**INDEX[code]) for code in ("en", "es")}
    )
    today = timezone.localdate()
    for posting, days_open in ((ORGANIZER, 45), (OFFICE_MANAGER, 30)):
        add_translated_pages(
            indexes,
            {
                code: JobPage(
                    **posting[code],
                    employment_type=JobPage.EmploymentType.FULL_TIME
                    if posting is ORGANIZER
                    else JobPage.EmploymentType.PART_TIME,
                    closing_date=today + timedelta(days=days_open),
                )
                for code in ("en", "es")
            },
        )
    return indexes
