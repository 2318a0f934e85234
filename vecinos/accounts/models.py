"""Passkeys: WebAuthn credentials that staff use as a second factor or to sign in alone."""

from django.db import models
from django_otp.models import Device, TimestampMixin


class Passkey(TimestampMixin, Device):
    """One passkey of a staff user, a django-otp device so a session is verified one way.

    created_at and last_used_at come from django-otp's TimestampMixin; no address is kept.
    """

    # The credential id the authenticator chose; public, it names the key and nothing else.
    credential_id = models.BinaryField(unique=True)  # not encrypted: public; deleted with the key
    # The public half of the key (COSE); a seized copy cannot sign anything.
    public_key = models.BinaryField()  # not encrypted: public key; deleted with the key
    sign_count = models.PositiveBigIntegerField(default=0)
    # Comma-separated hints such as "internal,hybrid", given back to the browser at sign-in.
    transports = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def verify_token(self, token):
        # A passkey answers a signed challenge, never a typed code.
        return False

    def transport_list(self) -> list[str]:
        return [t for t in self.transports.split(",") if t]
