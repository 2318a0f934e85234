"""What the hotline holds about a person that can be found by their number or e-mail.

Reports never keep the number they came from, so they cannot be found this way (nor handed
to anyone asking for "everything about this phone"). What can: a family's follow-up case by
its contact phone, a legal or partner contact, and a dispatcher's paging number.
"""

from vecinos.privacy.erasure import PersonalDataSource, register

from .models import AlertContact, Case, Dispatcher
from .shredders import purge_case


class CaseSource(PersonalDataSource):
    name = "hotline_cases"
    model = Case
    phone_field = "contact_phone"
    export_fields = ("family", "contact_phone", "language", "notes", "status", "opened_at")

    def erase(self, rows):
        # The case stays, without anything that names the family, so its tasks' dates remain.
        for row in rows:
            purge_case(row)
        return len(rows)


class AlertContactSource(PersonalDataSource):
    name = "hotline_alert_contacts"
    model = AlertContact
    phone_field = "phone"
    email_field = "email"
    export_fields = ("kind", "name", "phone", "email", "language", "active")


class DispatcherSource(PersonalDataSource):
    name = "hotline_dispatchers"
    model = Dispatcher
    phone_field = "phone"
    export_fields = ("phone", "language")

    def erase(self, rows):
        for row in rows:
            row.phone = ""
            row.save(update_fields=["phone"])
        return len(rows)


register(CaseSource())
register(AlertContactSource())
register(DispatcherSource())
