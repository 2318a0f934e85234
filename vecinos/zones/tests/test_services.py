"""Member services: which channel a member is reached on, and proof of a number by text."""

import pytest

from vecinos.messaging.channels import locmem
from vecinos.messaging.optout import opt_out
from vecinos.zones import services
from vecinos.zones.models import Member

from .conftest import first_block, make_member

pytestmark = pytest.mark.django_db

PHONE = "+12155550142"


def test_a_member_is_texted_while_their_phone_takes_texts(
    zones, django_capture_on_commit_callbacks
):
    member = make_member(
        phone=PHONE, email="rocio@example.org", block=first_block(zones["Point Breeze"])
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_member(member, "zones/stopped")

    assert [m.to for m in locmem.outbox] == [PHONE]


def test_a_member_whose_phone_opted_out_is_written_to_by_email(
    zones, django_capture_on_commit_callbacks
):
    member = make_member(
        phone=PHONE, email="rocio@example.org", block=first_block(zones["Point Breeze"])
    )
    opt_out("sms", PHONE)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_member(member, "zones/stopped")

    assert [m.to for m in locmem.outbox] == ["rocio@example.org"]


def test_a_web_sign_up_waiting_for_its_code_is_proven_by_texting_from_the_number(zones):
    block = first_block(zones["Passyunk Square"])
    signup = services.Signup(name="Memo", language="es", phone=PHONE, block=block)
    pending = services.join_zone(signup, source=Member.Source.WEB)
    assert pending.status == Member.Status.PENDING

    again = services.join_zone(signup, source=Member.Source.SMS)

    again.refresh_from_db()
    assert again.pk == pending.pk and again.status == Member.Status.ACTIVE
    assert again.confirmed_at is not None
    assert Member.objects.count() == 1
