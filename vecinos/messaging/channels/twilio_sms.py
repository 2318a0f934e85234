"""SMS through Twilio's Messages API, and voice recordings fetched and deleted through its
Recordings API: the only module that imports `twilio`.

TWILIO_API_BASE points the client at another host with the same API (the fake provider the
test suite runs, or a regional edge); the library itself always builds https://api.twilio.com
URLs, so the HTTP client below rewrites the scheme and host of each request.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from ..senders import sender_for
from .base import ChannelBackend, PermanentFailure, RetryLater, SendResult

DEFAULT_API_BASE = "https://api.twilio.com"
# Shorter than the outbox lease, so a hung request cannot outlive the worker's claim.
REQUEST_TIMEOUT_SECONDS = 10
# Twilio keeps an undelivered message in its queue at most this long (ValidityPeriod).
MAX_VALIDITY_SECONDS = 36000

# Twilio error codes (https://www.twilio.com/docs/api/errors) that mean "slow down": the
# account's request rate (20429) or the sender's queue of pending messages (21611) is full.
BACKPRESSURE_CODES = {20429, 21611}
# The recipient replied STOP to this sender and Twilio itself blocks the message.
UNSUBSCRIBED_CODE = 21610


class _BaseUrlHttpClient(TwilioHttpClient):
    """Send every request to TWILIO_API_BASE and remember the last Retry-After header."""

    def __init__(self, base: str, **kwargs) -> None:
        super().__init__(timeout=REQUEST_TIMEOUT_SECONDS, **kwargs)
        self.base = urlsplit(base.rstrip("/"))
        self.retry_after: float | None = None
        # requests reads the proxy and CA settings from the environment again on every
        # request (a scan of os.environ, about a tenth of a send's time); they are read once
        # here, for the one host this client talks to, and passed with each request.
        found = self.session.merge_environment_settings(base, self.proxy, None, None, None)
        self.session.trust_env = False
        self.proxy = found["proxies"]
        if found["verify"] not in (True, None):
            self.session.verify = found["verify"]

    def request(self, method, url, *args, **kwargs):
        parts = urlsplit(url)
        url = urlunsplit(
            (self.base.scheme, self.base.netloc, self.base.path + parts.path, parts.query, "")
        )
        self.retry_after = None
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 429:
            self.retry_after = _seconds(response.headers.get("Retry-After"))
        return response


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def status_callback_url(message) -> str:
    # Our own id rides along, so a callback that beats the API's answer still finds its row.
    return f"{settings.PUBLIC_URL}{reverse('messaging:twilio-status')}?m={message.id}"


def validity_seconds(expires_at: datetime | None) -> int | None:
    """Return how long Twilio may hold the message, or None to leave its default."""
    if expires_at is None:
        return None
    seconds = int((expires_at - timezone.now()).total_seconds())
    return max(1, seconds) if seconds <= MAX_VALIDITY_SECONDS else None


class TwilioSMSChannel(ChannelBackend):
    reports_delivery = True

    def __init__(self) -> None:
        self.http = _BaseUrlHttpClient(settings.TWILIO_API_BASE or DEFAULT_API_BASE)
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, http_client=self.http
        )
        # The library imports its Messages API on first use, a fraction of a second: here,
        # when the channel is built, rather than in a send that was given a time to go.
        self.messages = self.client.messages

    def send(self, message) -> SendResult:
        params = {
            "to": message.to_address,
            "body": message.body,
            "status_callback": status_callback_url(message),
        }
        sender = sender_for(message)
        if sender.is_service:
            params["messaging_service_sid"] = sender.address
        else:
            params["from_"] = sender.address
        if (validity := validity_seconds(message.expires_at)) is not None:
            params["validity_period"] = validity
        try:
            sent = self.messages.create(**params)
        except TwilioException as exc:
            raise self._classify(exc) from None
        except requests.RequestException:
            # Timeouts and dropped connections: Twilio may or may not have the message, and
            # sending again is the lesser harm for alerts (duplicates are bounded by retries).
            raise RetryLater(code="network", backpressure=False) from None
        return SendResult(sent.sid)

    def _classify(self, exc: TwilioException) -> Exception:
        status = getattr(exc, "status", None) or 0
        code = getattr(exc, "code", None)
        if status == 429 or code in BACKPRESSURE_CODES:
            return RetryLater(self.http.retry_after, code=str(code or status))
        if status >= 500 or not status:
            return RetryLater(code=f"http-{status}", backpressure=False)
        if code == UNSUBSCRIBED_CODE:
            return PermanentFailure(str(code), opted_out=True)
        return PermanentFailure(str(code or f"http-{status}"))


# The address Twilio posts as RecordingUrl; only its sid is used, never the address itself.
RECORDING_URL = re.compile(
    r"^https://api\.twilio\.com/2010-04-01/Accounts/(?P<account>AC[0-9a-fA-F]{32})"
    r"/Recordings/(?P<sid>RE[0-9a-fA-F]{32})(\.(json|wav|mp3))?$"
)
RECORDING_FORMAT = ".wav"


def recording_sid(url: str) -> str | None:
    """Return the RecordingSid of a RecordingUrl of this account, or None for anything else."""
    match = RECORDING_URL.match(url or "")
    if not match or match["account"] != settings.TWILIO_ACCOUNT_SID:
        return None
    return match["sid"]


class TwilioRecordings:
    """Fetch a voice recording's audio once, then delete it at Twilio."""

    def __init__(self) -> None:
        self.http = _BaseUrlHttpClient(settings.TWILIO_API_BASE or DEFAULT_API_BASE)
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, http_client=self.http
        )

    def fetch(self, sid: str) -> tuple[bytes, str]:
        """Return the recording's audio and its content type.

        Raise LookupError when Twilio has no such recording, RetryLater when it cannot answer.
        """
        try:
            resource = self.client.recordings(sid).fetch()
        except TwilioException as exc:
            raise self._classify(exc) from None
        except requests.RequestException:
            raise RetryLater(code="network", backpressure=False) from None
        # The media is not JSON, so the library's client (which decodes text) is not used for
        # it; the same base address and account credentials are.
        media = DEFAULT_API_BASE + resource.uri.removesuffix(".json") + RECORDING_FORMAT
        parts = urlsplit(media)
        base = self.http.base
        url = urlunsplit((base.scheme, base.netloc, base.path + parts.path, "", ""))
        try:
            response = requests.get(
                url,
                auth=(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN),
                timeout=REQUEST_TIMEOUT_SECONDS * 3,
            )
        except requests.RequestException:
            raise RetryLater(code="network", backpressure=False) from None
        if response.status_code == 404:
            raise LookupError(sid)
        if response.status_code != 200:
            raise RetryLater(code=f"http-{response.status_code}", backpressure=False)
        content_type = response.headers.get("Content-Type", "audio/x-wav").split(";")[0]
        return response.content, content_type

    def delete(self, sid: str) -> None:
        """Delete the recording at Twilio; a recording already gone counts as deleted."""
        try:
            self.client.recordings(sid).delete()
        except TwilioException as exc:
            if getattr(exc, "status", None) == 404:
                return
            raise self._classify(exc) from None
        except requests.RequestException:
            raise RetryLater(code="network", backpressure=False) from None

    def _classify(self, exc: TwilioException) -> Exception:
        status = getattr(exc, "status", None) or 0
        if status == 404:
            return LookupError(str(exc))
        return RetryLater(code=f"http-{status}", backpressure=False)


def validate_signature(url: str, params: dict, signature: str) -> bool:
    """Return whether a webhook request was signed by Twilio with our auth token."""
    if not settings.TWILIO_AUTH_TOKEN or not signature:
        return False
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, params, signature)
