"""Demo fundraising: the campaign to stay in the neighborhood when the office lease ends,
in both languages, with card, monthly and offline gifts, a little over 60% of the goal."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from vecinos.content.services import add_translated_pages
from vecinos.privacy.blind_index import blind_index

from .models import CampaignPage, Donor, Gift, Pledge

CAMPAIGN = {
    "en": {
        "title": "Help us stay in the neighborhood",
        "slug": "stay-in-the-neighborhood",
        "summary": (
            "Our lease ends this spring and the building is being turned into a café. We are "
            "raising $10,000 to move to a new office a few blocks away, not across the city."
        ),
        "story": (
            "<p>For years our office on the corner has been where neighbors come first: to "
            "ask about a letter from immigration, to print a form, to wait for a ride to a "
            "check-in, or just to sit somewhere safe for an hour.</p>"
            "<p>This winter the owner told us the lease will not be renewed. The rent nearby "
            "has nearly doubled since we moved in, and the spaces we can afford are far from "
            "the families we work with.</p>"
            "<p>We found a storefront six blocks away. To sign, we need the deposit, the first "
            "months of rent, a ramp at the door and the move itself. Your gift keeps our door "
            "open where people already know to find it.</p>"
        ),
        "offline_ways": (
            "<p><strong>By check:</strong> payable to the organization, mailed or brought to "
            "the office. Write “Stay” on the memo line.</p>"
            "<p><strong>In cash:</strong> at the office during open hours; we give you a "
            "written receipt on the spot.</p>"
            "<p><strong>By bank transfer:</strong> write to us and we send the details.</p>"
        ),
    },
    "es": {
        "title": "Ayúdenos a quedarnos en el barrio",
        "slug": "quedarnos-en-el-barrio",
        "summary": (
            "Nuestro contrato de alquiler termina esta primavera y el local será un café. "
            "Estamos reuniendo $10,000 para mudarnos a una oficina a pocas cuadras, no al otro "
            "lado de la ciudad."
        ),
        "story": (
            "<p>Desde hace años nuestra oficina de la esquina es el primer lugar al que llegan "
            "los vecinos: para preguntar por una carta de inmigración, imprimir un formulario, "
            "esperar quien les lleve a una cita o simplemente sentarse un rato en un lugar "
            "seguro.</p>"
            "<p>Este invierno el dueño nos avisó que no renovará el contrato. El alquiler en la "
            "zona casi se ha duplicado desde que llegamos, y los locales que podemos pagar "
            "quedan lejos de las familias con las que trabajamos.</p>"
            "<p>Encontramos un local a seis cuadras. Para firmar necesitamos el depósito, los "
            "primeros meses de alquiler, una rampa en la entrada y la mudanza. Su donación "
            "mantiene nuestra puerta abierta donde la gente ya sabe encontrarla.</p>"
        ),
        "offline_ways": (
            "<p><strong>Con cheque:</strong> a nombre de la organización, por correo o en la "
            "oficina. Escriba «Quedarnos» en la línea de concepto.</p>"
            "<p><strong>En efectivo:</strong> en la oficina en horario de atención; le damos un "
            "recibo por escrito en el momento.</p>"
            "<p><strong>Por transferencia bancaria:</strong> escríbanos y le enviamos los "
            "datos.</p>"
        ),
    },
}

FIRST = [
    "Ana",
    "Luis",
    "Marta",
    "José",
    "Carmen",
    "Diego",
    "Rosa",
    "Pedro",
    "Lucía",
    "Jorge",
    "Elena",
    "Miguel",
    "Sara",
    "Tomás",
    "Julia",
    "Andrés",
    "Paula",
    "Raúl",
    "Inés",
    "Hugo",
]
LAST = [
    "Reyes",
    "Morales",
    "Castillo",
    "Ortiz",
    "Vargas",
    "Navarro",
    "Ramos",
    "Herrera",
    "Medina",
    "Aguilar",
    "Campos",
    "Fuentes",
    "Rojas",
    "Soto",
    "Pineda",
    "Cruz",
]
SHOWN = [
    "",
    "",
    "",
    "the Ramos family",
    "Marta y Luis",
    "a neighbor from 8th Street",
    "Hugo",
    "",
    "Abuela Carmen",
    "",
    "Panadería La Espiga",
    "",
    "Sara R.",
]
CARD_AMOUNTS = [
    25,
    50,
    100,
    25,
    10,
    50,
    250,
    40,
    25,
    100,
    75,
    20,
    50,
    35,
    150,
    25,
    60,
    100,
    30,
    50,
    200,
    25,
    45,
    100,
    460,
]
MONTHLY = [(25, 4), (50, 3), (20, 4), (35, 3), (15, 4), (100, 2)]


def _donor(rng: random.Random, n: int, *, may_contact: bool) -> Donor:
    first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
    email = f"{first.lower()}.{last.lower()}{n}@example.org".replace("é", "e").replace("í", "i")
    email = email.replace("á", "a").replace("ú", "u").replace("ó", "o")
    return Donor.objects.create(
        name=f"{first} {last}",
        email=email,
        email_index=blind_index("email", email),
        language="es" if n % 3 else "en",
        may_contact=may_contact,
    )


DEMO_PREFIX = "demo-"


def forget_previous_demo() -> None:
    """Remove the gifts, monthly gifts and donors a demo whose pages were reset left behind."""
    gifts = Gift.objects.filter(campaign__isnull=True, checkout_session_id__startswith=DEMO_PREFIX)
    pledges = Pledge.objects.filter(campaign__isnull=True, subscription_id__startswith="sub_demo_")
    donors = {*gifts.values_list("donor", flat=True), *pledges.values_list("donor", flat=True)}
    gifts.delete()
    pledges.delete()
    Donor.objects.filter(pk__in=donors - {None}, gifts__isnull=True, pledges__isnull=True).delete()


@transaction.atomic
def build(homes: dict[str, Page]) -> dict[str, CampaignPage]:
    """Add the campaign under each language's home with its gifts; return the pages.

    Does nothing if the English home already has a campaign.
    """
    existing = CampaignPage.objects.child_of(homes["en"]).first()
    if existing is not None:
        return {p.locale.language_code: p for p in [existing, *existing.get_translations()]}
    forget_previous_demo()
    end = timezone.localdate() + timedelta(days=45)
    pages = add_translated_pages(
        homes,
        {
            code: CampaignPage(
                **CAMPAIGN[code], goal=10_000, end_date=end, preset_amounts="10,25,50,100,250"
            )
            for code in ("en", "es")
        },
    )
    english = pages["en"]
    rng = random.Random(7)  # noqa: S311 (demo data)
    now = timezone.now()
    shared = {"campaign": english, "campaign_key": english.translation_key}

    for n, dollars in enumerate(CARD_AMOUNTS):
        donor = _donor(rng, n, may_contact=n % 2 == 0)
        given_at = now - timedelta(days=rng.randint(1, 70), hours=rng.randint(0, 12))
        Gift.objects.create(
            **shared,
            donor=donor,
            amount_cents=dollars * 100,
            method=Gift.Method.CARD,
            status=Gift.Status.PAID,
            display_name=SHOWN[n % len(SHOWN)],
            given_at=given_at,
            payment_intent_id=f"pi_demo_{n}",
            charge_id=f"ch_demo_{n}",
            checkout_session_id=f"{DEMO_PREFIX}card-{n}",
        )
        Donor.objects.filter(pk=donor.pk).update(last_gift_at=given_at)
    # One gift given twice by mistake and refunded: the back office shows it.
    refunded = Gift.objects.filter(charge_id="ch_demo_5").get()
    refunded.status, refunded.refunded_cents = Gift.Status.REFUNDED, refunded.amount_cents
    refunded.save(update_fields=["status", "refunded_cents"])

    for n, (dollars, months) in enumerate(MONTHLY, start=len(CARD_AMOUNTS)):
        donor = _donor(rng, n, may_contact=True)
        started = now - timedelta(days=30 * months - 3)
        pledge = Pledge.objects.create(
            **shared,
            donor=donor,
            amount_cents=dollars * 100,
            display_name=SHOWN[n % len(SHOWN)],
            status=Pledge.Status.ACTIVE,
            subscription_id=f"sub_demo_{n}",
            activated_at=started,
            created_at=started,
        )
        for month in range(months):
            Gift.objects.create(
                **shared,
                donor=donor,
                pledge=pledge,
                amount_cents=dollars * 100,
                method=Gift.Method.CARD,
                status=Gift.Status.PAID,
                display_name=pledge.display_name,
                given_at=started + timedelta(days=30 * month),
                invoice_id=f"in_demo_{n}_{month}",
                checkout_session_id=f"{DEMO_PREFIX}monthly-{n}-{month}",
            )

    offline = [
        (1340, Gift.Method.CASH, "", 40),
        (400, Gift.Method.CHECK, "St. Rita parish social justice committee", 33),
        (500, Gift.Method.CHECK, "Panadería La Espiga", 25),
        (1000, Gift.Method.TRANSFER, "Local 27 of the home care workers' union", 12),
        (60, Gift.Method.CASH, "", 5),
    ]
    for n, (dollars, method, shown, days) in enumerate(offline):
        Gift.objects.create(
            checkout_session_id=f"{DEMO_PREFIX}offline-{n}",
            **shared,
            amount_cents=dollars * 100,
            method=method,
            status=Gift.Status.PAID,
            display_name=shown,
            given_at=now - timedelta(days=days),
        )
    return pages
