from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _purge_remembered(sender, **kwargs):
    from vecinos.core import pagecache

    if not kwargs.get("raw"):
        pagecache.purge()


class ZonesConfig(AppConfig):
    name = "vecinos.zones"
    label = "zones"
    verbose_name = _("Zones")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # Connects the signals that drop the in-memory block index when a block or zone
        # changes, in every process (the one editing blocks may never look one up).
        from . import geo  # noqa: F401
        from .models import Block, Tag, Zone

        # Each process keeps the member filters' zones, blocks and tags until a purge
        # (backoffice/forms.py: filter_choices); the public pages that name zones and blocks
        # are dropped with them.
        for model in (Zone, Block, Tag):
            name = model.__name__
            post_save.connect(_purge_remembered, sender=model, dispatch_uid=f"zones-purge-{name}")
            post_delete.connect(
                _purge_remembered, sender=model, dispatch_uid=f"zones-purge-del-{name}"
            )
