from datetime import timedelta

from django.utils import timezone

from vecinos.privacy.retention import Shredder, register

from .models import Source


class UnstarredSources(Shredder):
    """A source nobody starred goes, with its tips, files and replies, after its last tip."""

    name = "tips_unstarred"
    description = "Anonymous tips of sources nobody starred, with their files and replies"
    default_period = timedelta(days=90)

    def due(self, now):
        # Only the day of the last tip is kept: it counts from the start of that day, so a
        # source goes at most a day early, never late.
        last_day = timezone.localdate(now - self.period)
        return Source.objects.filter(starred=False, last_tip_on__lte=last_day)


register(UnstarredSources())
