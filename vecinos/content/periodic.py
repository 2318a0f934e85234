"""Scheduled publishing: pages an editor set to go live (or to expire) at a time do so.

Wagtail only stores the times; without this run a scheduled page never went live.
"""

from datetime import timedelta

from vecinos.core.periodic import Periodic, every, register

from .services import publish_scheduled_pages

register(
    Periodic(
        name="content.publish_scheduled",
        run=publish_scheduled_pages,
        next_run=every(timedelta(minutes=1)),
        description="Publish the pages scheduled to go live, unpublish the expired ones.",
    )
)
