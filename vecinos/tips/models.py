"""The tip box: the organization's tip key, sources (known only by codename), their tips,
attachments and the replies they get.

Nothing here can be read by the server alone: every text and file is a libsodium sealed box
(sealing.py), to the tip key or to the source's own key. Dates are kept to the day, never
the time; no address, browser or device is kept.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TipKey(models.Model):
    """The organization's tip keypair; its private half only locked under the passphrase.

    One row. An operator who reads tips offline leaves `encrypted_private_key` empty: the
    server then holds the public key alone.
    """

    public_key = models.BinaryField()
    encrypted_private_key = models.BinaryField(blank=True, default=b"")
    salt = models.BinaryField(blank=True, default=b"")
    opslimit = models.PositiveBigIntegerField(default=0)
    memlimit = models.PositiveBigIntegerField(default=0)
    created_on = models.DateField()

    class Meta:
        verbose_name = _("tip key")

    def __str__(self):
        return f"tip key {self.public_key.hex()[:12] if self.public_key else ''}"

    @property
    def kept_offline(self) -> bool:
        return not bytes(self.encrypted_private_key)


class SourceQuerySet(models.QuerySet):
    def by_day(self):
        return self.order_by("-last_tip_on", "-pk")


class Source(models.Model):
    """Someone who sent tips, known only by a codename the server never keeps."""

    lookup = models.CharField(max_length=64, unique=True)  # HMAC of codename; goes with source
    salt = models.BinaryField()
    verifier = models.BinaryField()  # Argon2id of the codename; goes with the source
    opslimit = models.PositiveBigIntegerField()
    memlimit = models.PositiveBigIntegerField()
    reply_public_key = models.BinaryField()  # derived from the codename; goes with the source
    first_tip_on = models.DateField()
    last_tip_on = models.DateField()
    starred = models.BooleanField(default=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        permissions = [("read_tips", "Can read anonymous tips")]

    def __str__(self):
        return f"source {self.pk}"


class Tip(models.Model):
    """One message from a source, sealed to the tip key."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="tips")
    sealed_body = models.BinaryField()  # sealed to the tip key; purged with the source
    received_on = models.DateField()
    read = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"tip {self.pk}"


class Attachment(models.Model):
    """A file sent with a tip, cleaned of its metadata and then sealed to the tip key."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="attachments")
    sealed_content = models.BinaryField()  # sealed; with source

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"attachment {self.pk}"


class Reply(models.Model):
    """A tip reader's answer, sealed to the source's key and, for the staff's copy, the tip key."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="replies")
    sealed_for_source = models.BinaryField()  # sealed to source; with it
    sealed_for_staff = models.BinaryField()  # sealed to the tip key; purged with the source
    sent_on = models.DateField()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"reply {self.pk}"
