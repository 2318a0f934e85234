"""Find, export and erase everything held about one person, given a phone or an e-mail.

Each app that holds people describes it in an `erasure.py` module that calls `register()`
with a `PersonalDataSource`; this module finds those on first use. A source finds its rows
through the blind indexes when the model has them, and confirms each candidate by decrypting
it, since an index value is shared by many numbers on purpose.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from vecinos.core.audit import log_action
from vecinos.core.registry import Registry
from vecinos.privacy.blind_index import (
    InvalidPhoneNumber,
    find_by_email,
    find_by_phone,
    normalize_email,
    normalize_phone,
)

from .audit import AuditCode


class PersonalDataSource:
    """One model's rows about a person: how to find them, show them and remove them.

    Set `name`, `model`, the names of the encrypted `email_field` and `phone_field` (either
    may be empty) and `export_fields`. Override `erase()` when removing a row must also
    remove files or keep a non-personal trace.
    """

    name: str = ""
    model: type[models.Model]
    email_field: str = ""
    phone_field: str = ""
    export_fields: tuple[str, ...] = ()

    def queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

    def find(self, *, email: str | None = None, phone: str | None = None) -> list[models.Model]:
        """Return the rows that hold this e-mail address or this phone number."""
        found: dict[Any, models.Model] = {}
        if email and self.email_field:
            for row in self._find(self.email_field, email, find_by_email, self._same_email):
                found[row.pk] = row
        if phone and self.phone_field:
            for row in self._find(self.phone_field, phone, find_by_phone, self._same_phone):
                found[row.pk] = row
        return list(found.values())

    def _find(self, field: str, raw: str, by_index, same) -> list[models.Model]:
        index_field = f"{field}_index"
        if any(f.name == index_field for f in self.model._meta.get_fields()):
            return by_index(self.queryset(), field, raw, index_field=index_field)
        # No blind index on this model (it holds few rows): decrypt each one and compare.
        return [row for row in self.queryset().iterator() if same(getattr(row, field), raw)]

    @staticmethod
    def _same_email(value: str, raw: str) -> bool:
        try:
            return bool(value) and normalize_email(value) == normalize_email(raw)
        except ValueError:
            return False

    @staticmethod
    def _same_phone(value: str, raw: str) -> bool:
        try:
            return bool(value) and normalize_phone(value) == normalize_phone(raw)
        except InvalidPhoneNumber:
            return False

    def export(self, row: models.Model) -> dict:
        """Return one row as plain JSON-ready values, decrypted."""
        data = {}
        for name in self.export_fields:
            value = getattr(row, name)
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif isinstance(value, models.fields.files.FieldFile):
                value = bool(value.name)
            elif value is not None and not isinstance(value, bool | int | float | str):
                value = str(value)
            data[name] = value
        return data

    def erase(self, rows: list[models.Model]) -> int:
        """Delete the rows and return how many went."""
        pks = [row.pk for row in rows]
        self.model._default_manager.filter(pk__in=pks).delete()
        return len(pks)


_erasure = Registry[PersonalDataSource]("erasure")
register = _erasure.register
unregister = _erasure.unregister
# Every registered personal data source, after loading each app's `erasure.py`.
registered = _erasure.registered


@dataclass
class PersonQuery:
    email: str | None = None
    phone: str | None = None

    def __post_init__(self) -> None:
        if not (self.email or self.phone):
            raise ValueError("Give an e-mail address, a phone number or both.")
        # Bad input fails here, before anything is searched or changed.
        if self.email:
            self.email = normalize_email(self.email)
        if self.phone:
            self.phone = normalize_phone(self.phone)


def find_person(email: str | None = None, phone: str | None = None) -> dict[str, list]:
    """Return, source by source, the rows that hold this e-mail address or phone number."""
    query = PersonQuery(email, phone)
    return {
        source.name: rows
        for source in registered()
        if (rows := source.find(email=query.email, phone=query.phone))
    }


def export_person(email: str | None = None, phone: str | None = None, *, actor=None) -> dict:
    """Return everything held about the person as readable JSON-ready data, and audit it."""
    found = find_person(email, phone)
    sources = {source.name: source for source in registered()}
    records = {name: [sources[name].export(row) for row in rows] for name, rows in found.items()}
    log_action(
        actor,
        AuditCode.PERSON_EXPORTED,
        detail={"records": sum(len(rows) for rows in records.values()), "sources": len(records)},
    )
    return {"exported_at": timezone.now().isoformat(), "records": records}


def erase_person(email: str | None = None, phone: str | None = None, *, actor=None) -> dict:
    """Erase everything held about the person; return the count per source, and audit it.

    The audit row carries the counts only: it must not become the list of who asked.
    """
    counts: dict[str, int] = {}
    with transaction.atomic():
        found = find_person(email, phone)
        sources = {source.name: source for source in registered()}
        for name, rows in found.items():
            counts[name] = sources[name].erase(rows)
        log_action(actor, AuditCode.PERSON_ERASED, detail=counts)
    return counts
