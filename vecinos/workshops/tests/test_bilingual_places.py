"""A workshop's place and address are shown in the reader's language, on the page and in texts."""

from django.urls import reverse
from django.utils import translation

from vecinos.workshops import services

from .conftest import make_workshop


def _page(client, workshop, language):
    with translation.override(language):
        return client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()


def test_the_place_is_shown_in_each_language(client, topic):
    workshop = make_workshop(
        topic,
        place="Neighborhood center",
        place_es="Centro vecinal",
        address="9th St & Tasker St",
        address_es="Calle 9 y calle Tasker",
    )
    spanish, english = _page(client, workshop, "es"), _page(client, workshop, "en")
    assert "Centro vecinal, Calle 9 y calle Tasker" in spanish
    assert "Neighborhood center" not in spanish
    assert "Neighborhood center, 9th St &amp; Tasker St" in english
    assert workshop.where("es") == "Centro vecinal, Calle 9 y calle Tasker"
    assert workshop.where("en") == "Neighborhood center, 9th St & Tasker St"


def test_a_place_written_once_is_shown_in_both(client, topic):
    workshop = make_workshop(topic, place="Parish hall", address="1631 S 17th St")
    assert "Parish hall, 1631 S 17th St" in _page(client, workshop, "es")
    assert workshop.where("es") == workshop.where("en") == "Parish hall, 1631 S 17th St"


def test_a_spanish_text_names_the_spanish_place(topic):
    workshop = make_workshop(topic, place="Neighborhood center", place_es="Centro vecinal")
    registration = services.register_for_workshop(
        workshop,
        services.Registrant(name="Chela", language="es", phone="+12155550190", family_size=1),
        source="web",
    )
    assert services.message_context(registration)["place"].startswith("Centro vecinal")
