"""Retention for zones: what each shredder removes, and what it keeps."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from vecinos.privacy.retention import run_shredders
from vecinos.zones import services
from vecinos.zones.models import Member, MemberToken
from vecinos.zones.shredders import member_tokens, members_stopped, members_unconfirmed

from .conftest import make_member

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_sign_ups_never_confirmed_go_after_seven_days():
    now = timezone.now()
    old = make_member(phone="+12155550101", status="pending", created_at=now - 8 * DAY)
    fresh = make_member(phone="+12155550102", status="pending", created_at=now - 6 * DAY)
    confirmed = make_member(phone="+12155550103", status="active", created_at=now - 90 * DAY)
    services.issue_token(old, MemberToken.Purpose.CONFIRM, numeric=True)

    assert members_unconfirmed.period == services.PENDING_LIFETIME == 7 * DAY
    assert ids(members_unconfirmed.due(now)) == {old.pk}
    report = run_shredders(now=now)

    assert report.counts["members_unconfirmed"] == 1
    assert ids(Member.objects.all()) == {fresh.pk, confirmed.pk}


def test_stopped_members_go_thirty_days_after_stopping_or_as_configured():
    now = timezone.now()
    long_ago = make_member(phone="+12155550101", status="stopped", stopped_at=now - 31 * DAY)
    recent = make_member(phone="+12155550102", status="stopped", stopped_at=now - 29 * DAY)
    active = make_member(phone="+12155550103", created_at=now - 400 * DAY)

    assert ids(members_stopped.due(now)) == {long_ago.pk}
    with override_settings(VECINOS_RETENTION={"members_stopped": 60}):
        assert ids(members_stopped.due(now)) == set()
    with override_settings(VECINOS_RETENTION={"members_stopped": 10}):
        assert ids(members_stopped.due(now)) == {long_ago.pk, recent.pk}

    run_shredders(now=now)
    assert ids(Member.objects.all()) == {recent.pk, active.pk}


def test_a_member_stopped_by_the_service_goes_after_the_period():
    member = make_member(phone="+12155550101")
    services.stop_membership(member, notify=False)
    run_shredders(now=timezone.now() + 29 * DAY)
    assert Member.objects.filter(pk=member.pk).exists()
    run_shredders(now=timezone.now() + 31 * DAY)
    assert not Member.objects.filter(pk=member.pk).exists()


def test_used_and_expired_tokens_go_and_live_ones_stay():
    member = make_member(phone="+12155550101")
    now = timezone.now()

    def token(**fields):
        return MemberToken.objects.create(
            member=member,
            purpose=MemberToken.Purpose.MANAGE,
            secret_hash=f"{MemberToken.objects.count():064d}",
            **fields,
        )

    used = token(expires_at=now + 6 * DAY, used_at=now - timedelta(minutes=1))
    expired = token(expires_at=now - timedelta(minutes=1))
    live = token(expires_at=now + timedelta(minutes=29))

    assert ids(member_tokens.due(now)) == {used.pk, expired.pk}
    run_shredders(now=now)
    assert ids(MemberToken.objects.all()) == {live.pk}
    assert Member.objects.filter(pk=member.pk).exists()
