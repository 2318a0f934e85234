"""One date format per language: pages and e-mails with the year, texts without it."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from vecinos.core.dates import long_date, sms_date, sms_datetime

FRIDAY = datetime.date(2026, 12, 4)


def test_the_long_date_is_the_same_in_code_and_in_templates():
    assert long_date(FRIDAY, "en") == "Friday, December 4, 2026"
    assert long_date(FRIDAY, "es") == "viernes, 4 de diciembre de 2026"
    template = Template('{{ day|date:"DATE_FORMAT" }}|{{ day|date }}')
    for language, expected in (("en", "Friday, December 4, 2026"), ("es", long_date(FRIDAY, "es"))):
        with translation.override(language):
            assert template.render(Context({"day": FRIDAY})) == f"{expected}|{expected}"


def test_texts_say_the_day_without_the_year():
    assert sms_date(FRIDAY, "en") == "Friday, December 4"
    assert sms_date(FRIDAY, "es") == "viernes, 4 de diciembre"
    evening = timezone.make_aware(datetime.datetime(2026, 12, 4, 18, 30))
    assert sms_datetime(evening, "en") == "Friday, December 4, 6:30 p.m."
    assert sms_datetime(evening, "es") == "viernes, 4 de diciembre, 18:30"


@pytest.mark.django_db
def test_a_workshop_text_and_its_page_write_the_day_the_same_way(client):
    from vecinos.workshops.models import Topic, Workshop
    from vecinos.workshops.services import when_text

    start = timezone.make_aware(datetime.datetime(2026, 12, 4, 18, 30))
    topic = Topic.objects.create(name_en="Housing rights", name_es="Derechos de vivienda")
    workshop = Workshop.objects.create(
        topic=topic,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Parish hall",
        address="1631 S 17th St",
        capacity=10,
        status=Workshop.Status.PUBLISHED,
    )
    assert when_text(workshop, "es") == "viernes, 4 de diciembre, 18:30"
    with translation.override("es"):
        from django.urls import reverse

        page = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert "viernes, 4 de diciembre de 2026" in page
