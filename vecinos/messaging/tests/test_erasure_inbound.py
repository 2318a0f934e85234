from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.messaging.models import InboundMessage
from vecinos.messaging.shredders import inbound_messages
from vecinos.privacy.blind_index import phone_index
from vecinos.privacy.erasure import erase_person, export_person

pytestmark = pytest.mark.django_db

NUMBER = "+12155550134"


def receive(body, *, number=NUMBER, provider_id, received_at=None):
    return InboundMessage.objects.create(
        from_address=number,
        from_index=phone_index(number),
        body=body,
        provider_id=provider_id,
        received_at=received_at or timezone.now(),
    )


def test_erasing_a_person_blanks_the_texts_they_sent_and_keeps_the_provider_id():
    mine = receive("BORRAR", provider_id="SM1")
    other = receive("AYUDA", number="+12155550199", provider_id="SM2")

    exported = export_person(phone="215-555-0134")["records"]["inbound_messages"]
    assert [row["body"] for row in exported] == ["BORRAR"]
    erase_person(phone="(215) 555 0134")

    mine = InboundMessage.objects.get(pk=mine.pk)
    assert (mine.from_address, mine.body, mine.from_index, mine.provider_id) == (
        "",
        "",
        None,
        "SM1",
    )
    assert InboundMessage.objects.get(pk=other.pk).body == "AYUDA"


def test_inbound_texts_are_blanked_seven_days_after_arrival_and_not_before():
    now = timezone.now()
    old = receive("UNIRME", provider_id="SM3", received_at=now - timedelta(days=7, minutes=1))
    recent = receive("UNIRME", provider_id="SM4", received_at=now - timedelta(days=6))

    assert list(inbound_messages.due(now)) == [InboundMessage.objects.get(pk=old.pk)]
    assert inbound_messages.shred(inbound_messages.due(now)) == 1
    assert InboundMessage.objects.get(pk=old.pk).body == ""
    assert InboundMessage.objects.get(pk=recent.pk).body == "UNIRME"
