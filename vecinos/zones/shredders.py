"""Retention for zones: sign-ups never confirmed, members who stopped, used or old links.

Periods are in days under these names in VECINOS_RETENTION, like every other shredder.
"""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from vecinos.privacy.retention import Shredder, register

from .models import Member, MemberToken
from .services import PENDING_LIFETIME


class UnconfirmedMemberShredder(Shredder):
    name = "members_unconfirmed"
    description = "Sign-ups whose code or link was never used, with everything they gave."
    default_period = PENDING_LIFETIME

    def due(self, now: datetime) -> QuerySet:
        return Member.objects.filter(
            status=Member.Status.PENDING, created_at__lte=now - self.period
        )


class StoppedMemberShredder(Shredder):
    name = "members_stopped"
    description = "Members who left (STOP, ALTO or the leave link), counted from leaving."
    # Long enough to undo a mistaken STOP with organizers' help, short enough that a list of
    # people who left does not build up.
    default_period = timedelta(days=30)

    def due(self, now: datetime) -> QuerySet:
        return Member.objects.filter(
            status=Member.Status.STOPPED, stopped_at__lte=now - self.period
        )


class MemberTokenShredder(Shredder):
    name = "member_tokens"
    description = "Members' one-time codes and links once used or expired."
    # Only a keyed hash is kept, but an old row still says when a member was sent a code.
    default_period = timedelta(0)

    def due(self, now: datetime) -> QuerySet:
        cutoff = now - self.period
        return MemberToken.objects.filter(Q(used_at__lte=cutoff) | Q(expires_at__lte=cutoff))


members_unconfirmed = register(UnconfirmedMemberShredder())
members_stopped = register(StoppedMemberShredder())
member_tokens = register(MemberTokenShredder())
