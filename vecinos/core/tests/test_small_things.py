"""The small things a visitor notices: the icon, the page title, the labels of checkboxes."""

import pytest
from django import forms

from vecinos.content.testing import make_homes
from vecinos.core.models import OrganizationSettings


def test_favicon_is_served_from_this_machine(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    # An ICO file starts with a zero word and the type 1.
    assert response.content[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_the_home_page_title_names_the_organization_once(client):
    org = OrganizationSettings.load()
    org.name = "Casa Vecinos Unidos"
    org.save()
    homes = make_homes()
    for code, home in homes.items():
        home.title = "Casa Vecinos Unidos"
        home.save_revision().publish()
        html = client.get(f"/{code}/").content.decode()
        assert "<title>Casa Vecinos Unidos</title>" in html
    # Any other page still says whose site it is.
    with_title = client.get("/en/workshops/").content.decode()
    assert "· Casa Vecinos Unidos</title>" in with_title


class Choices(forms.Form):
    has_car = forms.BooleanField(label="I have a car", required=False)
    name = forms.CharField(label="Name")


def test_a_checkbox_label_has_no_colon_and_other_labels_keep_theirs():
    form = Choices()
    assert form["has_car"].label_tag() == '<label for="id_has_car">I have a car</label>'
    assert form["name"].label_tag() == '<label for="id_name">Name:</label>'
    assert "I have a car:" not in form.as_div()
