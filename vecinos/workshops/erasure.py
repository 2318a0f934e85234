"""What workshops hold about a person, for export and erasure on request."""

from vecinos.privacy.erasure import PersonalDataSource, register

from .models import Registration


class RegistrationSource(PersonalDataSource):
    name = "workshop_registrations"
    model = Registration
    email_field = "email"
    phone_field = "phone"
    export_fields = (
        "workshop",
        "name",
        "phone",
        "email",
        "language",
        "family_size",
        "status",
        "source",
        "created_at",
        "attended_at",
    )

    def erase(self, rows):
        # The anonymous row stays for the counts; the person's details go.
        from django.utils import timezone

        from .services import PURGED_VALUES

        return self.model.objects.filter(pk__in=[row.pk for row in rows]).update(
            **PURGED_VALUES, purged_at=timezone.now()
        )


register(RegistrationSource())
