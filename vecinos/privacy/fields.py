"""Model fields whose values are encrypted in the database and bound to their row.

The Python value is a str (or None with null=True). The column holds base64 of a sealed value
(see crypto.py); an empty string is stored as an empty string, so only emptiness shows.

Sealing needs the row's primary key, because the key is part of the associated data: a model
using these fields gets its primary key before the first save, e.g.
`id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)`.

Reads are lazy: loading a row keeps the sealed text, and the attribute opens it on first
access with the primary key the row was loaded with. `save()`, `objects.create()`,
`save(update_fields=...)` and `bulk_create()` seal values; `QuerySet.update()`,
`bulk_update()` and filtering on plaintext are refused, because they would put plaintext in
the database or compare against it. `values()` and `values_list()` return sealed text.
"""

from __future__ import annotations

from django import forms
from django.core import validators
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import class_prepared, post_init

from . import crypto

# Where an instance remembers the primary key its sealed values were loaded with, so that a
# row copied under a new key is opened with the old one and sealed again with the new one.
LOADED_PK = "_privacy_loaded_pk"


class Sealed(str):
    """Sealed text as read from the database, not opened yet."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<encrypted>"


class MissingPrimaryKey(ValueError):
    """A row with encrypted fields was saved before it had a primary key."""


class EncryptedAttribute(DeferredAttribute):
    """Open a sealed value on first access and keep the plaintext on the instance."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(instance, value)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedFieldMixin:
    """Seal on save, open on access; refuse plaintext anywhere else."""

    descriptor_class = EncryptedAttribute
    encrypted = True

    def __init__(self, *args, **kwargs) -> None:
        for option in ("unique", "db_index", "primary_key"):
            if kwargs.get(option):
                raise TypeError(
                    f"{type(self).__name__} cannot be {option}: sealed values differ each time. "
                    "Use a blind index (vecinos.privacy.blind_index) to find rows."
                )
        super().__init__(*args, **kwargs)

    def context(self, pk: object) -> bytes:
        return crypto.field_context(self.model._meta.label_lower, self.column, pk)

    def open(self, instance: models.Model, sealed: Sealed) -> str:
        """Decrypt a value loaded from the database for `instance`."""
        pk = instance.__dict__.get(LOADED_PK, instance.pk)
        return crypto.decrypt_text(sealed, self.context(pk))

    def pre_save(self, model_instance: models.Model, add: bool):
        value = model_instance.__dict__.get(self.attname, None)
        if value is None or value == "":
            return value
        pk = model_instance.pk
        if pk is None:
            raise MissingPrimaryKey(
                f"{model_instance._meta.label} has encrypted fields, so its primary key must be "
                "set before the first save (UUIDField(primary_key=True, default=uuid.uuid4))."
            )
        if isinstance(value, Sealed):
            if model_instance.__dict__.get(LOADED_PK) == pk:
                return value
            value = self.open(model_instance, value)
        return Sealed(crypto.encrypt_text(str(value), self.context(pk)))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return Sealed(value)

    def to_python(self, value):
        if value is None or isinstance(value, Sealed):
            return value
        return str(value)

    def get_prep_value(self, value):
        if value is None or isinstance(value, Sealed) or value == "":
            return value
        raise TypeError(
            f"{type(self).__name__} refuses plaintext in a query: values are sealed only by "
            "save(), create() and bulk_create(), and found through a blind index."
        )

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else value


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """Free text about a person, encrypted."""


class EncryptedCharField(EncryptedFieldMixin, models.TextField):
    """A short string, encrypted; `max_length` limits the plaintext, not the column."""

    def __init__(self, *args, max_length: int, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(validators.MaxLengthValidator(max_length))

    def formfield(self, **kwargs):
        # Skip TextField's textarea: this is a one-line input.
        return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})


class EncryptedEmailField(EncryptedCharField):
    """An e-mail address, encrypted; find it with `blind_index.email_index`."""

    default_validators = [validators.validate_email]

    def __init__(self, *args, max_length: int = 254, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.EmailField, **kwargs})


def encrypted_fields(model: type[models.Model]) -> list[EncryptedFieldMixin]:
    """Return the encrypted columns a model stores in its own table."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedFieldMixin) and field.model is model
    ]


def _remember_loaded_pk(sender, instance, **kwargs) -> None:
    instance.__dict__[LOADED_PK] = instance.pk


def _watch_model(sender, **kwargs) -> None:
    if any(isinstance(f, EncryptedFieldMixin) for f in sender._meta.concrete_fields):
        post_init.connect(
            _remember_loaded_pk,
            sender=sender,
            weak=False,
            dispatch_uid=f"privacy-loaded-pk-{sender.__module__}.{sender.__qualname__}",
        )


class_prepared.connect(_watch_model, dispatch_uid="privacy-watch-encrypted-models")
