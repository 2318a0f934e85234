from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _purge_page_cache(sender, **kwargs):
    from vecinos.core import pagecache

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
        from .models import Block, ConsentText, Zone

        # The sign-up form's zones, blocks and consent text are kept as HTML per process
        # until the page cache is purged (`{% remember %}` in zones/join.html), and the
        # workshops list names the zones: a change must show at once.
        for model in (Zone, Block, ConsentText):
            post_save.connect(_purge_page_cache, sender=model, dispatch_uid=f"zones-{model}")
            post_delete.connect(_purge_page_cache, sender=model, dispatch_uid=f"zones-del-{model}")
