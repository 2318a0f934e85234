import pytest
from django.db import connection

from vecinos.core.models import OrganizationSettings
from vecinos.core.organization import message_context, organization
from vecinos.messaging.rendering import render_text

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_setting_keeps_the_table_the_content_app_created():
    assert OrganizationSettings._meta.db_table == "content_organizationsettings"
    assert "content_organizationsettings" in connection.introspection.table_names()


def test_organization_returns_the_settings_and_the_hotline_number(settings):
    settings.TWILIO_FROM_NUMBER = "+12155550100"
    stored = OrganizationSettings.load()
    stored.name, stored.contact_email = "Vecinos de Fairhill", "hola@example.org"
    stored.save()
    org = organization()
    assert (org.name, org.contact, org.hotline_number) == (
        "Vecinos de Fairhill",
        "hola@example.org",
        "+12155550100",
    )
    assert str(message_context()["org_name"]) == "Vecinos de Fairhill"


def test_every_message_gets_the_organization_and_the_caller_wins(tmp_path, settings):
    stored = OrganizationSettings.load()
    stored.name = "Casa"
    stored.save()
    template = tmp_path / "t.txt"
    template.write_text("{{ org_name }} / {{ organization.name }}")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], str(tmp_path)]}]
    assert render_text("t.txt", {}, "en") == "Casa / Casa"
    assert render_text("t.txt", {"org_name": "Short"}, "en") == "Short / Casa"


def test_editors_find_the_setting_in_the_admin(client):
    signed_in(client, "ana", "admin", superuser=True)
    response = client.get("/admin/settings/core/organizationsettings/", follow=True)
    assert response.status_code == 200
    assert 'name="name"' in response.content.decode()
