"""Models that exist only in the privacy tests, to exercise the fields on a real table."""

import uuid

from django.db import models

from vecinos.privacy.blind_index import BlindIndexField
from vecinos.privacy.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from vecinos.privacy.storage import EncryptedFileStorage


class Neighbour(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = EncryptedCharField(max_length=20)
    email = EncryptedEmailField(blank=True)
    email_index = BlindIndexField()
    phone = EncryptedCharField(max_length=32, blank=True)
    phone_index = BlindIndexField()
    notes = EncryptedTextField(null=True, blank=True)
    block = models.CharField(max_length=20, blank=True)
    letter = models.FileField(storage=EncryptedFileStorage(), upload_to="letters", blank=True)

    class Meta:
        app_label = "privacy_tests"

    def __str__(self):
        return str(self.pk)


class Tally(models.Model):
    """A model with an automatic primary key, which encrypted fields cannot be bound to."""

    label = EncryptedCharField(max_length=20)

    class Meta:
        app_label = "privacy_tests"

    def __str__(self):
        return str(self.pk)
