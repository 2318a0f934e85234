"""Test helpers: staff sessions that have passed the second factor."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from .stepup import VERIFIED_AT_SESSION_KEY


def sign_in_verified(client, user) -> TOTPDevice:
    """Sign the test client in as `user` with a confirmed authenticator, already verified."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT_SESSION_KEY] = int(time.time())
    session.save()
    return device
