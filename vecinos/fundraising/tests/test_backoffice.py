"""The fundraiser's back office: who sees it, searching by e-mail, offline entry, the export."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from vecinos.core.models import AuditEntry
from vecinos.fundraising.models import Gift
from vecinos.fundraising.services import record_offline_gift

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def offline(campaign, **kwargs):
    values = {
        "actor": None,
        "amount_cents": 12000,
        "method": Gift.Method.CHECK,
        "given_on": timezone.localdate(),
        "name": "Teodoro Valdez",
        "email": "teo@example.org",
        "language": "es",
    }
    values.update(kwargs)
    return record_offline_gift(campaign, **values)


@pytest.mark.parametrize(
    "name", ["fundraising_admin:index", "fundraising_admin:gifts", "fundraising_admin:gift-add"]
)
def test_other_roles_get_404(client, organizer, name):
    sign_in(client, organizer)
    assert client.get(reverse(name)).status_code == 404


def test_campaign_list_and_detail_show_totals_chart_and_table(client, fundraiser, campaign):
    offline(campaign["en"])
    sign_in(client, fundraiser)
    listing = client.get(reverse("fundraising_admin:index"))
    assert listing.status_code == 200
    assert "$120 (1%)" in listing.content.decode()
    detail = client.get(reverse("fundraising_admin:campaign", args=[campaign["en"].pk]))
    html = detail.content.decode()
    assert 'id="weekly"' in html and 'class="chart__bar"' in html
    assert '<table class="chart-table">' in html and "$120" in html
    assert "no-store" in detail["Cache-Control"] or "max-age=0" in detail["Cache-Control"]


def test_search_by_email_finds_the_donor_through_the_blind_index(client, fundraiser, campaign):
    offline(campaign["en"])
    offline(campaign["en"], name="Otra Persona", email="otra@example.org", amount_cents=500)
    sign_in(client, fundraiser)
    response = client.get(reverse("fundraising_admin:gifts"), {"email": " TEO@example.org "})
    html = response.content.decode()
    assert "Teodoro Valdez" in html and "Otra Persona" not in html
    assert "teo@example.org" not in html  # masked in lists
    assert AuditEntry.objects.filter(action="fundraising.donor.searched").count() == 1


def test_offline_gift_entered_with_a_receipt(
    client, fundraiser, campaign, django_capture_on_commit_callbacks
):
    sign_in(client, fundraiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fundraising_admin:gift-add"),
            {
                "campaign": campaign["en"].pk,
                "amount": "$1,250.00",
                "method": "cash",
                "given_on": timezone.localdate().isoformat(),
                "name": "Iglesia San Rafael",
                "email": "tesoreria@example.org",
                "language": "es",
                "display_name": "",
                "send_receipt": "on",
            },
        )
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert (gift.amount_cents, gift.method, gift.recorded_by) == (125000, "cash", fundraiser)
    assert campaign["es"].progress().raised_cents == 125000
    from vecinos.messaging.channels import locmem

    (receipt,) = locmem.outbox
    assert receipt.language == "es" and "$1,250.00" in receipt.body


def test_offline_gift_form_refuses_a_receipt_without_an_email(client, fundraiser, campaign):
    sign_in(client, fundraiser)
    response = client.post(
        reverse("fundraising_admin:gift-add"),
        {
            "campaign": campaign["en"].pk,
            "amount": "20",
            "method": "cash",
            "given_on": timezone.localdate().isoformat(),
            "language": "en",
            "send_receipt": "on",
        },
    )
    assert response.status_code == 200
    assert "A receipt needs the donor" in response.content.decode()
    assert Gift.objects.count() == 0


def test_export_is_audited_and_writes_formulas_as_text(client, fundraiser, campaign):
    offline(campaign["en"], name='=HYPERLINK("http://evil")', display_name="+1 neighbor")
    sign_in(client, fundraiser)
    response = client.get(reverse("fundraising_admin:gifts-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["date", "campaign", "amount"]
    assert rows[1][7] == '\'=HYPERLINK("http://evil")'
    assert rows[1][9] == "'+1 neighbor"
    entry = AuditEntry.objects.get(action="fundraising.gift.exported")
    assert entry.detail == {"rows": 1}


def test_gift_page_is_audited_and_shows_a_refund(client, fundraiser, campaign):
    gift = offline(campaign["en"])
    Gift.objects.filter(pk=gift.pk).update(status=Gift.Status.REFUNDED, refunded_cents=2000)
    sign_in(client, fundraiser)
    html = client.get(reverse("fundraising_admin:gift", args=[gift.pk])).content.decode()
    assert "teo@example.org" in html and "$20.00 refunded" in html
    assert AuditEntry.objects.filter(action="fundraising.gift.viewed").count() == 1


def test_dashboard_panel_shows_the_campaign(client, fundraiser, campaign):
    offline(campaign["en"])
    sign_in(client, fundraiser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "$120 of $10,000 from 1 gift" in html
