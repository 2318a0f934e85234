"""Several senders: how they are configured, and how recipients are spread over them."""

from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured

from vecinos.messaging import outbox, senders
from vecinos.messaging.channels import locmem
from vecinos.messaging.models import OutboundMessage

A, B = "+12155550100", "+12155550101"
SERVICE = "MG" + "a" * 32


def sms(index, sender=senders.DEFAULT):
    return OutboundMessage(channel="sms", to_index=index, sender=sender)


def test_one_sender_without_the_list(settings):
    settings.VECINOS_SMS_SENDERS = ""
    settings.VECINOS_SMS_RATE = 3
    settings.TWILIO_FROM_NUMBER = A
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    assert senders.senders("sms") == (senders.Sender(A, 3.0),)
    settings.TWILIO_MESSAGING_SERVICE_SID = SERVICE
    assert senders.senders("sms") == (senders.Sender(SERVICE, 3.0),)
    assert senders.total_rate("sms") == 3


def test_the_list_names_numbers_and_services_each_with_its_rate(settings):
    settings.VECINOS_SMS_RATE = 1
    settings.VECINOS_SMS_SENDERS = f" {A}:2, {B} ,{SERVICE}:50"
    assert senders.senders("sms") == (
        senders.Sender(A, 2.0),
        senders.Sender(B, 1.0),
        senders.Sender(SERVICE, 50.0),
    )
    assert senders.total_rate("sms") == 53
    settings.VECINOS_SMS_SENDERS = f"{A}:2,{B}:0"
    assert senders.total_rate("sms") == 0, "one sender without a limit: no limit overall"


@pytest.mark.parametrize("listed", ["2155550100:1", f"{A}:fast", "MG123:5", f"{A};{B}"])
def test_a_bad_list_is_refused(settings, listed):
    settings.VECINOS_SMS_SENDERS = listed
    with pytest.raises(ImproperlyConfigured):
        senders.senders("sms")


def test_each_recipient_keeps_one_sender_and_people_spread_by_rate(settings):
    settings.VECINOS_SMS_SENDERS = f"{A}:1,{B}:3"
    picks = {index: senders.sender_for(sms(index)).address for index in range(4000)}
    assert all(senders.sender_for(sms(index)).address == picks[index] for index in range(4000))
    shares = Counter(picks.values())
    assert 0.22 < shares[A] / 4000 < 0.28 and 0.72 < shares[B] / 4000 < 0.78
    # A row that names a configured sender goes from it.
    assert senders.sender_for(sms(1, sender=A)).address == A
    assert senders.sender_for(sms(1, sender=B)).address == B


def test_a_sender_added_later_takes_over_only_its_share(settings):
    settings.VECINOS_SMS_SENDERS = f"{A}:1,{B}:1"
    before = {i: senders.sender_for(sms(i)).address for i in range(3000)}
    settings.VECINOS_SMS_SENDERS = f"{A}:1,{B}:1,+12155550102:1"
    after = {i: senders.sender_for(sms(i)).address for i in range(3000)}
    moved = [i for i in before if before[i] != after[i]]
    assert all(after[i] == "+12155550102" for i in moved)
    assert 0.28 < len(moved) / 3000 < 0.39


@pytest.mark.django_db
def test_an_alert_is_spread_over_the_senders_and_each_row_says_which(settings):
    settings.VECINOS_SMS_SENDERS = f"{A}:0,{B}:0"
    locmem.reset()
    rows = [
        OutboundMessage.objects.create(
            channel="sms",
            to_address=f"+1215555{2000 + i:04d}",
            to_index=i,
            body="hi",
            language="en",
            purpose="alert",
        )  # fmt: skip
        for i in range(40)
    ]
    report = outbox.deliver_due(100, worker="w")
    assert report.counts == {"sent": 40}
    used = {row.pk: OutboundMessage.objects.get(pk=row.pk).sender for row in rows}
    assert set(used.values()) == {A, B}
    assert all(used[row.pk] == senders.sender_for(sms(row.to_index)).address for row in rows)
    locmem.reset()
