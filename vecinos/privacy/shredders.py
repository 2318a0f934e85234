from datetime import timedelta

from vecinos.privacy.retention import Shredder, register

from .models import HeldPost


class HeldPosts(Shredder):
    """Posts held during a flood go a few days after they arrived, reviewed or not: by then a
    raid report or a sign-up is no longer worth acting on. The run is audited and staff see
    the waiting posts' age on their screen, so none goes unnoticed."""

    name = "held_posts"
    description = "Posts to public forms held during a flood for staff review"
    default_period = timedelta(days=7)

    def due(self, now):
        return HeldPost.objects.filter(received_at__lte=now - self.period)


register(HeldPosts())
