"""Ready the demo site for the throughput bench: `python -m benchmarks.throughput_site`.

Run after `python -m benchmarks.site` in the same data folder and environment (the same
DJANGO_SECRET_KEY, which signs the session). Creates a staff member holding the roles the
staff pages need, with a confirmed authenticator, signed in and past the second factor as
after typing a code; gives the workshop the bench registers for room for every registration;
prints as JSON what the bench sends: paths (the coalition's letter, petition and event that
take answers among them), the staff session cookie, the form values and the tables whose rows
a write adds.
"""

import json

import django


def staff_cookie() -> tuple[str, str]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from vecinos.accounts.roles import Role
    from vecinos.accounts.testing import sign_in_verified

    user = get_user_model().objects.create_user(
        username="bench-staff", password=None, first_name="Bench"
    )
    user.groups.set(Group.objects.filter(name__in=[Role.ADMIN, Role.ORGANIZER, Role.DISPATCHER]))
    client = Client()
    # The same session a sign-in with a password and an authenticator code leaves behind.
    sign_in_verified(client, user)
    name = settings.SESSION_COOKIE_NAME
    return name, client.cookies[name].value


def main() -> None:
    django.setup()
    from django.urls import reverse
    from django.utils import translation

    from vecinos.coalition.models import (
        EventPage,
        LetterPage,
        PetitionPage,
        PetitionSignature,
        Rsvp,
        Signature,
    )
    from vecinos.hotline.models.incidents import Report
    from vecinos.records.models import ArchiveIndexPage
    from vecinos.workshops.models import Registration, Workshop
    from vecinos.zones.models import ConsentText, Member, Zone

    zone = Zone.objects.filter(blocks__isnull=False).order_by("name").first()
    block = zone.blocks.exclude(name="").order_by("name").first()
    workshop = next(w for w in Workshop.objects.order_by("starts_at") if w.is_open_for_registration)
    # Every registration gets a seat, so the bench measures a registration, never "full".
    Workshop.objects.filter(pk=workshop.pk).update(capacity=10_000_000)
    cookie_name, cookie_value = staff_cookie()
    archive = ArchiveIndexPage.objects.live().get(locale__language_code="en")
    english = {"locale__language_code": "en"}
    letter, petition, event = (
        next(page for page in model.objects.live().filter(**english) if page.is_open)
        for model in (LetterPage, PetitionPage, EventPage)
    )
    with translation.override("en"):
        paths = {
            "records": f"{archive.url}?q=detainer",
            "workshops": reverse("workshops:list"),
            "join": reverse("zones:join"),
            "workshop": reverse("workshops:detail", args=[workshop.pk]),
            "hotline": reverse("hotline:report"),
            "console": reverse("hotline_admin:console"),
            "members": reverse("zones_admin:members"),
            "coverage": reverse("zones_admin:index"),
            "letter": letter.url,
            "letter_sign": reverse("coalition:sign", args=[letter.pk]),
            "petition": petition.url,
            "petition_sign": reverse("coalition:petition-sign", args=[petition.pk]),
            "event": event.url,
            "rsvp": reverse("coalition:event-rsvp", args=[event.pk]),
        }
    print(
        json.dumps(
            {
                "paths": paths,
                "cookie": f"{cookie_name}={cookie_value}",
                "zone": zone.slug,
                "consent_version": ConsentText.current().version,
                "block": str(block.pk),
                "zone_id": str(zone.pk),
                "tables": {
                    "join": Member._meta.db_table,
                    "workshop": Registration._meta.db_table,
                    "hotline": Report._meta.db_table,
                    "letter": Signature._meta.db_table,
                    "petition": PetitionSignature._meta.db_table,
                    "rsvp": Rsvp._meta.db_table,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
