from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _purge_page_cache(sender, **kwargs):
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
        from .models import Block, ConsentText, Tag, Zone

        # Each process keeps, until the page cache is purged, the member filters' zones,
        # blocks and tags (backoffice/forms.py: filter_choices) and the sign-up form's zones,
        # blocks and consent text as HTML (`{% remember %}` in zones/join.html); the workshops
        # list names the zones too. A change must show at once.
        for model in (Zone, Block, Tag, ConsentText):
            name = model.__name__
            post_save.connect(_purge_page_cache, sender=model, dispatch_uid=f"zones-purge-{name}")
            post_delete.connect(
                _purge_page_cache, sender=model, dispatch_uid=f"zones-purge-del-{name}"
            )
