import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from vecinos.core.audit import log_action
from vecinos.core.models import AuditEntry
from vecinos.privacy.models import LegalHold

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def test_admin_reads_the_audit_log_filtered_by_action(client, admin_user):
    log_action(admin_user, "export.csv", object_type="jobs.jobapplication", object_id="17")
    log_action("public", "job_application.received", object_type="jobs.jobapplication")

    response = client.get(reverse("audit_log:index"), {"action": "export.csv"})

    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [row.action for row in rows] == ["export.csv"]
    assert "job_application.received" not in response.content.decode().split("<tbody")[1]


def test_admin_filters_the_audit_log_by_date(client, admin_user):
    entry = log_action("system", "retention.shredded", detail={"job_applications": 2})
    day = timezone.localdate(entry.created).isoformat()

    same_day = client.get(reverse("audit_log:index"), {"created_from": day, "created_to": day})
    before = client.get(reverse("audit_log:index"), {"created_to": "2000-01-01"})

    assert [row.pk for row in same_day.context["object_list"]] == [entry.pk]
    assert list(before.context["object_list"]) == []


def test_superuser_without_the_admin_role_reads_the_log(client, db):
    signed_in(client, "root", superuser=True)
    assert client.get(reverse("audit_log:index")).status_code == 200


@pytest.mark.parametrize("role", ["organizer", "dispatcher", "editor", "researcher"])
def test_other_roles_cannot_read_the_audit_log(client, db, role):
    signed_in(client, f"{role}-person", role)
    log_action("system", "export.csv")
    response = client.get(reverse("audit_log:index"))
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_the_audit_log_has_no_add_edit_or_delete_views():
    for name, args in [("add", []), ("edit", [1]), ("delete", [1]), ("copy", [1])]:
        with pytest.raises(NoReverseMatch):
            reverse(f"audit_log:{name}", args=args)


def test_audit_listing_offers_no_edit_or_delete_link(client, admin_user):
    entry = log_action("system", "export.csv")
    content = client.get(reverse("audit_log:index")).content.decode()
    assert f"/edit/{entry.pk}/" not in content
    assert f"/delete/{entry.pk}/" not in content
    assert AuditEntry.objects.count() == 1


def test_admin_switches_the_legal_hold_and_each_change_is_audited(client, admin_user):
    url = reverse("vecinos_legal_hold")
    assert client.get(url).status_code == 200

    response = client.post(url, {"enabled": "on", "reason": "Preservation letter of 3 March"})
    assert response.status_code == 302
    assert LegalHold.is_on()
    client.post(url, {"reason": ""})

    assert not LegalHold.is_on()
    entries = AuditEntry.objects.order_by("seq")
    assert [(e.action, e.actor_label) for e in entries] == [
        ("privacy.legal_hold.enabled", "adela"),
        ("privacy.legal_hold.disabled", "adela"),
    ]
    assert all(e.detail == {} for e in entries)


def test_legal_hold_needs_a_reason(client, admin_user):
    response = client.post(reverse("vecinos_legal_hold"), {"enabled": "on", "reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Say why records must be preserved."]
    assert not LegalHold.is_on()


def test_organizer_cannot_switch_the_legal_hold(client, db):
    signed_in(client, "orla", "organizer")
    response = client.post(reverse("vecinos_legal_hold"), {"enabled": "on", "reason": "x"})
    # Wagtail answers a refused admin page by sending the user back to the dashboard.
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert not LegalHold.is_on()
    assert AuditEntry.objects.count() == 0


def test_legal_hold_form_and_honeypot_speak_spanish():
    from django import forms
    from django.utils import translation

    from vecinos.core.ratelimit import HoneypotMixin
    from vecinos.privacy.backoffice.legal_hold import LegalHoldForm

    class Form(HoneypotMixin, forms.Form):
        pass

    with translation.override("es"):
        assert str(LegalHoldForm().fields["enabled"].label) == "Conservar todos los registros"
        assert str(Form().fields["website"].label) == "Deje este campo vacío"
