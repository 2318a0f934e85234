"""The wrapped data keys; the key that wraps them is never stored here."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DataKeyQuerySet(models.QuerySet):
    def active(self) -> "DataKeyQuerySet":
        """Return the data key new values are sealed with first: the newest one not retired."""
        return self.filter(purpose=DataKey.Purpose.DATA, retired=False).order_by("-pk")


class DataKey(models.Model):
    """A random key, stored only wrapped (AES-GCM) by the key-encryption key."""

    class Purpose(models.TextChoices):
        DATA = "data", pgettext_lazy("key purpose", "Data")
        INDEX = "index", pgettext_lazy("key purpose", "Blind index")

    # The id travels in the header of every sealed value (two bytes).
    id = models.SmallAutoField(primary_key=True)
    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose.choices)
    wrapped = models.BinaryField(_("wrapped key"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # A retired key seals nothing new; it is deleted once no value is sealed with it.
    retired = models.BooleanField(_("retired"), default=False)

    objects = DataKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose"],
                condition=models.Q(purpose="index"),
                name="privacy_one_index_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.pk}"

    def __repr__(self) -> str:
        return f"<DataKey {self.pk} {self.purpose}{' retired' if self.retired else ''}>"
