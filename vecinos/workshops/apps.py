from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _purge_page_cache(sender, **kwargs):
    from vecinos.core import pagecache

    pagecache.purge()


class WorkshopsConfig(AppConfig):
    name = "vecinos.workshops"
    # The label the tables, migrations and permissions were created under; renaming it would
    # orphan the data of every existing installation.
    label = "trainings"
    verbose_name = _("Workshops")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import RightsCard, Topic, Workshop

        # The public list of workshops is kept by the whole-page cache for anonymous
        # visitors (vecinos/core/pagecache.py); staff changes must show at once.
        for model in (Topic, Workshop, RightsCard):
            post_save.connect(_purge_page_cache, sender=model, dispatch_uid=f"trainings-{model}")
            post_delete.connect(
                _purge_page_cache, sender=model, dispatch_uid=f"trainings-del-{model}"
            )
