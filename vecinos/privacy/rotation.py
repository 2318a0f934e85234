"""Re-encrypt every stored value and private file under a new data key, while vecinos runs.

A rotation makes a new data key (new values are sealed with it from then on), then walks every
encrypted column of every model and every private file in batches, each batch in its own
transaction, re-sealing what is still under an older key. The header of a sealed value names
its key, so the database itself tells what is left to do: an interrupted rotation is resumed
by running it again, and no second new key is made while old values remain.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from . import crypto
from .fields import EncryptedFieldMixin, Sealed, encrypted_fields
from .models import DataKey
from .storage import EncryptedFileStorage


@dataclass
class RotationReport:
    key_id: int
    new_key: bool
    values: int = 0
    files: int = 0
    failures: list[str] = field(default_factory=list)
    finished: bool = False
    deleted_keys: list[int] = field(default_factory=list)


def encrypted_columns() -> list[tuple[type[models.Model], EncryptedFieldMixin]]:
    """Return every (model, field) pair that stores sealed text, across installed apps."""
    return [
        (model, column)
        for model in apps.get_models()
        if not model._meta.proxy
        for column in encrypted_fields(model)
    ]


def _stale(model, column, key_id: int) -> models.QuerySet:
    return (
        model._base_manager.exclude(**{f"{column.attname}__isnull": True})
        .exclude(**{column.attname: ""})
        .exclude(**{f"{column.attname}__startswith": crypto.text_prefix(key_id)})
    )


def _stale_files(storage: EncryptedFileStorage, key_id: int) -> list[str]:
    stale = []
    for name in storage.walk():
        try:
            if crypto.key_id_of(storage.read_sealed(name)[: crypto.OVERHEAD]) != key_id:
                stale.append(name)
        except crypto.DecryptionError:
            stale.append(name)
    return stale


def remaining(key_id: int, storage: EncryptedFileStorage | None = None) -> int:
    """Count the values and files not yet sealed with data key `key_id`."""
    storage = storage or EncryptedFileStorage()
    count = sum(_stale(model, column, key_id).count() for model, column in encrypted_columns())
    return count + len(_stale_files(storage, key_id))


def rotate(
    *,
    batch_size: int = 500,
    max_batches: int | None = None,
    delete_old: bool = False,
    storage: EncryptedFileStorage | None = None,
    progress: Callable[[str], None] = lambda line: None,
    sleep: Callable[[float], None] = time.sleep,
) -> RotationReport:
    """Rotate the data key, or resume an unfinished rotation; stop after `max_batches`."""
    storage = storage or EncryptedFileStorage()
    current = crypto.active_key_id()
    new_key = remaining(current, storage) == 0
    if new_key:
        with transaction.atomic():
            key_id = crypto.create_data_key().pk
            DataKey.objects.filter(purpose=DataKey.Purpose.DATA).exclude(pk=key_id).update(
                retired=True
            )
        crypto.forget_data_keys()
        progress(f"New data key {key_id}.")
        # Other processes keep the previous active key for up to this long; waiting means no
        # value is sealed with the old key behind the rotation's back.
        wait = float(getattr(settings, "VECINOS_KEY_CACHE_SECONDS", 30))
        if wait > 0:
            progress(f"Waiting {wait:.0f} s for every process to take up the new key.")
            sleep(wait + 1)
    else:
        key_id = current
        progress(f"Resuming the rotation to data key {key_id}.")
    report = RotationReport(key_id=key_id, new_key=new_key)
    batches = 0
    failed_pks: dict[tuple[str, str], set] = {}

    for model, column in encrypted_columns():
        failed = failed_pks.setdefault((model._meta.label, column.attname), set())
        while max_batches is None or batches < max_batches:
            done = _reseal_batch(model, column, key_id, batch_size, failed, report)
            if not done:
                break
            batches += 1
            progress(f"{model._meta.label}.{column.attname}: {report.values} values so far.")
    stale_files = _stale_files(storage, key_id)
    for start in range(0, len(stale_files), batch_size):
        if max_batches is not None and batches >= max_batches:
            break
        for name in stale_files[start : start + batch_size]:
            try:
                report.files += storage.reseal(name, key_id)
            except crypto.DecryptionError:
                report.failures.append(f"file {name}")
        batches += 1

    report.finished = not report.failures and remaining(key_id, storage) == 0
    if report.finished:
        old = DataKey.objects.filter(purpose=DataKey.Purpose.DATA).exclude(pk=key_id)
        old.update(retired=True)
        if delete_old:
            report.deleted_keys = list(old.values_list("pk", flat=True))
            old.delete()
            crypto.forget_data_keys()
    return report


def _reseal_batch(model, column, key_id, batch_size, failed, report) -> int:
    attname = column.attname
    with transaction.atomic():
        rows = list(
            _stale(model, column, key_id)
            .exclude(pk__in=failed)
            .order_by("pk")
            .values_list("pk", attname)[:batch_size]
        )
        for pk, sealed in rows:
            context = column.context(pk)
            try:
                text = crypto.encrypt_text(crypto.decrypt_text(sealed, context), context)
            except crypto.DecryptionError:
                failed.add(pk)
                report.failures.append(f"{model._meta.label}.{attname} {pk}")
                continue
            if not text.startswith(crypto.text_prefix(key_id)):
                raise RuntimeError("Another data key became active during the rotation.")
            # Only replace the value read above: a concurrent save wins and is sealed anew.
            report.values += model._base_manager.filter(pk=pk, **{attname: sealed}).update(
                **{attname: Sealed(text)}
            )
    return len(rows)


def rewrap(new_kek: bytes) -> int:
    """Wrap every data key under a new key-encryption key; return how many were wrapped."""
    return crypto.rewrap_data_keys(new_kek)
