import pytest
from django.contrib.auth.models import Group, User

pytestmark = pytest.mark.django_db


def test_missing_admin_page_is_a_404_not_a_redirect_to_a_language(client):
    editor = User.objects.create_user("ed", password="x-long-password-1")
    editor.groups.add(Group.objects.get(name="editor"))
    client.force_login(editor)
    assert client.get("/admin/no-such-thing/").status_code == 404


def test_missing_document_is_a_404(client):
    assert client.get("/documents/999999/nothing.pdf").status_code == 404


def test_unprefixed_public_path_still_gets_the_visitors_language(client):
    response = client.get("/about-us/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/es/about-us/"
