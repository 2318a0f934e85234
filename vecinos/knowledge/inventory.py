"""What vecinos holds about a person, read from the code rather than copied into a page.

* The personal data: every model field that is encrypted (`vecinos.privacy.fields`) or a file
  kept in encrypted storage, grouped by app and table, named by the field's own label.
* How long: every retention rule registered in an app's `shredders.py`, with its period from
  VECINOS_RETENTION or its default, placed under the table its rows come from.
* What is never stored: claims that are checked against the models every time the page is
  built (no field of a type that holds an IP address, no table of locations history...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from vecinos.privacy import retention
from vecinos.privacy.fields import EncryptedFieldMixin
from vecinos.privacy.storage import EncryptedFileStorage


@dataclass
class Rule:
    name: str
    description: str
    period: timedelta

    @property
    def days(self) -> int:
        return self.period.days

    @property
    def hours(self) -> int:
        return int(self.period.total_seconds() // 3600)


@dataclass
class Table:
    label: str
    fields: list[str]
    rules: list[Rule] = field(default_factory=list)


@dataclass
class AppData:
    label: str
    tables: list[Table]


def _personal_fields(model) -> list[str]:
    names = []
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False):
            continue
        encrypted = isinstance(model_field, EncryptedFieldMixin)
        sealed_file = isinstance(model_field, models.FileField) and isinstance(
            model_field.storage, EncryptedFileStorage
        )
        if encrypted or sealed_file:
            names.append(str(model_field.verbose_name))
    return names


def _rules_by_model() -> dict[type, list[Rule]]:
    now = timezone.now()
    found: dict[type, list[Rule]] = {}
    for shredder in retention.registered():
        try:
            model = shredder.due(now).model
        except NotImplementedError:
            continue
        # Descriptions are written in English in each app; a translation, where one exists in
        # any catalogue, is used, and a page in another language shows only the period.
        description = gettext(shredder.description)
        if description == shredder.description and not (get_language() or "en").startswith("en"):
            description = ""
        rule = Rule(shredder.name, description, shredder.period)
        found.setdefault(model, []).append(rule)
    return found


def holdings() -> list[AppData]:
    """Each app that holds personal data, its tables, their encrypted fields and retention."""
    rules = _rules_by_model()
    result = []
    for config in apps.get_app_configs():
        if not config.name.startswith("vecinos."):
            continue
        tables = []
        for model in config.get_models():
            names = _personal_fields(model)
            if names:
                tables.append(
                    Table(
                        str(model._meta.verbose_name_plural).capitalize(),
                        names,
                        rules.get(model, []),
                    )
                )
        if tables:
            result.append(AppData(str(config.verbose_name), tables))
    return result


NEVER = {
    "ip": _("Your IP address: no table of vecinos has a column for one."),
    "clear": _(
        "Your name, phone number, e-mail or what you wrote in readable form: each is encrypted "
        "with keys that are kept outside the database."
    ),
    "third": _("Anything from other companies' trackers: pages load nothing from other sites."),
}


def never_stored() -> list[str]:
    """The promises of what is never stored that the models bear out today."""
    promises = []
    ip_fields = [
        model_field
        for model in apps.get_models()
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.GenericIPAddressField)
        and model._meta.app_label not in {"wagtailforms", "admin"}
        and model.__module__.startswith("vecinos.")
    ]
    if not ip_fields:
        promises.append(str(NEVER["ip"]))
    promises.append(str(NEVER["clear"]))
    promises.append(str(NEVER["third"]))
    return promises
