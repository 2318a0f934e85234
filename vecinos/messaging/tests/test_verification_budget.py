"""Verification texts have an hourly budget for the whole organization; admins hear of it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from vecinos.core import ratelimit
from vecinos.core.models import AuditEntry
from vecinos.messaging.models import OutboundMessage
from vecinos.messaging.services import queue_message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user():
    user = get_user_model().objects.create_user(username="ada", email="ada@example.org")
    user.groups.add(Group.objects.get(name="admin"))
    return user


def code_text(n, purpose="verification"):
    return queue_message(
        channel="sms",
        to=f"+1215555{n:04d}",
        language="es",
        body="Su código: 123456",
        purpose=purpose,
    )


def test_past_the_budget_no_more_codes_are_texted_and_admins_get_one_e_mail(settings, admin_user):
    settings.VECINOS_VERIFICATION_TEXTS_PER_HOUR = 5
    sent = [code_text(n) for n in range(12)]
    assert sum(message is not None for message in sent) == 5
    assert OutboundMessage.objects.filter(purpose="verification").count() == 5
    [alert] = OutboundMessage.objects.filter(purpose="staff_alert")
    assert alert.to_address == "ada@example.org"
    assert "5" in alert.body and "VECINOS_VERIFICATION_TEXTS_PER_HOUR" in alert.body
    assert AuditEntry.objects.filter(action="messaging.verification_budget.reached").count() == 1
    # Other texts are not counted nor held back.
    assert code_text(99, purpose="hotline_page") is not None


def test_the_budget_starts_again_the_next_hour(settings, admin_user, monkeypatch):
    from datetime import timedelta

    settings.VECINOS_VERIFICATION_TEXTS_PER_HOUR = 2
    start = ratelimit._now()
    for n in range(4):
        code_text(n)
    monkeypatch.setattr(ratelimit, "_now", lambda: start + timedelta(hours=1))
    assert code_text(10) is not None
    assert OutboundMessage.objects.filter(purpose="verification").count() == 3
    # A second hour past its budget alerts again.
    for n in range(3):
        code_text(20 + n)
    assert OutboundMessage.objects.filter(purpose="staff_alert").count() == 2


def test_a_budget_of_zero_means_none(settings):
    settings.VECINOS_VERIFICATION_TEXTS_PER_HOUR = 0
    assert all(code_text(n) is not None for n in range(30))
