from datetime import timedelta

from vecinos.privacy.retention import Shredder, register

from .models import Source


class UnstarredSources(Shredder):
    """A source nobody starred goes, with its tips, files and replies, after its last tip."""

    name = "tips_unstarred"
    description = "Anonymous tips of sources nobody starred, with their files and replies"
    default_period = timedelta(days=90)

    def due(self, now):
        return Source.objects.filter(starred=False, last_tip_on__lt=(now - self.period).date())


register(UnstarredSources())
