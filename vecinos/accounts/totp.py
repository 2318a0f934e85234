"""Reading helpers for authenticator-app (TOTP) devices: the secret as typed, the QR code."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def secret_base32(device: TOTPDevice) -> str:
    """Return the device's secret in base32, the form authenticator apps accept."""
    return b32encode(device.bin_key).decode("ascii")


def secret_for_display(device: TOTPDevice) -> str:
    """Return the base32 secret in groups of four characters, easier to copy by hand."""
    secret = secret_base32(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(data: str) -> SafeString:
    """Return a QR code for data as inline SVG markup, drawn here so no other server sees it."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    markup = image.to_string(encoding="unicode")
    # The library's markup is built from the QR matrix alone; nothing from the request is copied
    # into it as text, so it is safe to embed.
    return mark_safe(markup)  # noqa: S308
