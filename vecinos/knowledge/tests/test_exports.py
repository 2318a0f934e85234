"""Exports: one CSV per dataset a role may see, every one audited, formulas written as text."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from vecinos.accounts.roles import Role
from vecinos.accounts.testing import sign_in_verified
from vecinos.core.csvexport import inert
from vecinos.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def staff(client, role):
    user = get_user_model().objects.create_user(f"{role}-export", password="x" * 20)
    user.groups.add(Group.objects.get(name=role))
    sign_in_verified(client, user)
    return user


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_cell_that_starts_like_a_formula_is_written_as_text():
    assert inert('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert inert("+1") == "'+1" and inert("@SUM(A1)") == "'@SUM(A1)"
    assert inert("Point Breeze") == "Point Breeze"
    assert inert(-3) == -3


def test_records_requests_export_for_a_researcher_is_audited_and_inert(client):
    from vecinos.content.testing import make_homes
    from vecinos.records.models import RequestEvent, TransparencyLaw
    from vecinos.records.tests.factories import make_agency, make_request

    make_homes()
    agency = make_agency(en="=cmd|' /C calc'!A0", es="Agencia")
    pair = make_request(agency, en='=HYPERLINK("http://evil")', es="Otra", filed="2026-11-25")
    pair["en"].law = TransparencyLaw.objects.get(code="pa-rtkl")
    pair["en"].save()
    RequestEvent.objects.create(request=pair["en"], status="denied", on=datetime.date(2026, 12, 1))
    user = staff(client, Role.RESEARCHER)

    table = rows(client.get("/admin/records/requests.csv"))
    assert table[0][:3] == ["title", "agency", "reference"]
    assert len(table) == 2  # one row per filing, not per language
    assert table[1][0].startswith("'=HYPERLINK")
    assert table[1][1].startswith("'=cmd")
    assert table[1][5] == "denied"
    assert table[1][6] == "2026-12-04"  # five PA business days after Thanksgiving week
    entry = AuditEntry.objects.get(action="records.requests.exported")
    assert entry.actor_id == user.pk and entry.detail == {"rows": 1}


def test_incidents_export_names_nobody_and_is_closed_to_organizers(client):
    from vecinos.hotline import demo as hotline_demo
    from vecinos.zones import demo as zones_demo

    zones_demo.build()
    hotline_demo.build()
    staff(client, Role.ORGANIZER)
    assert client.get("/admin/hotline/incidents.csv").status_code == 404
    assert not AuditEntry.objects.filter(action="hotline.incidents.exported").exists()
    client.logout()

    staff(client, Role.DISPATCHER)
    table = rows(client.get("/admin/hotline/incidents.csv"))
    assert table[0] == [
        "week",
        "zone",
        "agency",
        "activity",
        "state",
        "minutes_to_first_responder",
        "minutes_to_confirmed",
        "minutes_to_alert",
    ]
    assert len(table) > 1
    for row in table[1:]:
        assert datetime.date.fromisoformat(row[0]).weekday() == 0  # a week, never a day
    client.logout()

    # The researcher: aggregates only, adding up to the same incidents.
    staff(client, Role.RESEARCHER)
    counts = rows(client.get("/admin/hotline/incidents.csv"))
    assert counts[0] == ["week", "zone", "agency", "activity", "state", "incidents"]
    assert sum(int(row[5]) for row in counts[1:]) == len(table) - 1
    assert AuditEntry.objects.filter(action="hotline.incidents.exported").count() == 2


def test_families_trained_export_is_counts_per_zone_and_month(client):
    from vecinos.workshops import demo as workshops_demo
    from vecinos.zones import demo as zones_demo

    zones_demo.build()
    workshops_demo.build()
    staff(client, Role.ORGANIZER)
    table = rows(client.get("/admin/workshops/figures/attendance.csv"))
    assert table[0] == ["zone", "month", "families_trained"]
    assert all(row[2].isdigit() for row in table[1:])
    assert sum(int(row[2]) for row in table[1:]) > 0
    assert AuditEntry.objects.filter(action="workshops.attendance.exported").exists()
    client.logout()
    staff(client, Role.DISPATCHER)
    assert client.get("/admin/workshops/figures/attendance.csv").status_code == 404
