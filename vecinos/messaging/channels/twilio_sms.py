"""SMS through Twilio's Messages API, and voice recordings fetched and deleted through its
Recordings API: the only module that imports `twilio`.

TWILIO_API_BASE points the clients at another host with the same API (the fake provider the
test suite runs, or a regional edge); the library itself always builds https://api.twilio.com
URLs, so its HTTP client below rewrites the scheme and host of each request.

Texts are posted without the library (`_MessagesAPI`): one form POST over a kept-alive
connection, answered with a JSON resource or a JSON error, is all the Messages API needs, and
the library with `requests` under it took 0.7 ms of CPU per text against 0.2 ms for a plain
`http.client` connection (measured against the fake provider, 2026-12-02), the largest part
of a worker's time per message. Recordings, a few per call, keep the library.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import select
import ssl
import urllib.request
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

import certifi
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
API_VERSION = "2010-04-01"
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
    """Send every request to TWILIO_API_BASE."""

    def __init__(self, base: str, **kwargs) -> None:
        super().__init__(timeout=REQUEST_TIMEOUT_SECONDS, **kwargs)
        self.base = urlsplit(base.rstrip("/"))
        # requests reads the proxy and CA settings from the environment again on every
        # request (a scan of os.environ); they are read once here, for the one host this
        # client talks to, and passed with each request.
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
        return super().request(method, url, *args, **kwargs)


class _MessagesAPI:
    """POST /Messages.json of one account over one kept-alive connection."""

    def __init__(self, base: str, account: str, token: str) -> None:
        parts = urlsplit(base.rstrip("/"))
        self.path = f"{parts.path}/{API_VERSION}/Accounts/{account}/Messages.json"
        credentials = base64.b64encode(f"{account}:{token}".encode()).decode()
        self.headers = {
            "Authorization": f"Basic {credentials}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        host, port = parts.hostname or "", parts.port
        if parts.scheme == "https":
            # The CA bundle requests would use (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, certifi).
            cafile = (
                os.environ.get("REQUESTS_CA_BUNDLE")
                or os.environ.get("CURL_CA_BUNDLE")
                or certifi.where()
            )
            context = ssl.create_default_context(cafile=cafile)
            proxy = None if urllib.request.proxy_bypass(host) else urllib.request.getproxies()
            tunnel = urlsplit((proxy or {}).get("https", ""))
            if tunnel.hostname:
                self.connection = http.client.HTTPSConnection(
                    tunnel.hostname, tunnel.port, timeout=REQUEST_TIMEOUT_SECONDS, context=context
                )
                self.connection.set_tunnel(host, port)
            else:
                self.connection = http.client.HTTPSConnection(
                    host, port, timeout=REQUEST_TIMEOUT_SECONDS, context=context
                )
        else:
            self.connection = http.client.HTTPConnection(
                host, port, timeout=REQUEST_TIMEOUT_SECONDS
            )

    def post(self, form: str) -> SendResult:
        """Post one message's form; return its sid or raise RetryLater / PermanentFailure."""
        connection = self.connection
        # A kept connection the server has closed meanwhile reads as ready (end of file):
        # open a fresh one rather than lose this request on it.
        if connection.sock is not None and select.select([connection.sock], [], [], 0)[0]:
            connection.close()
        try:
            connection.request("POST", self.path, form, self.headers)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            # Timeouts and dropped connections: Twilio may or may not have the message, and
            # sending again is the lesser harm for alerts (duplicates are bounded by retries).
            connection.close()
            raise RetryLater(code="network", backpressure=False) from None
        try:
            payload = json.loads(raw) if raw else {}
        except ValueError:
            payload = {}
        if 200 <= response.status < 300 and payload.get("sid"):
            return SendResult(payload["sid"])
        raise _classify(response.status, payload.get("code"), response.getheader("Retry-After"))


def _classify(status: int, code, retry_after: str | None) -> Exception:
    if status == 429 or code in BACKPRESSURE_CODES:
        return RetryLater(_seconds(retry_after), code=str(code or status))
    # A server error, or an answer that is not Twilio's (no sid, no error): try again.
    if not 400 <= status < 500:
        return RetryLater(code=f"http-{status}", backpressure=False)
    if code == UNSUBSCRIBED_CODE:
        return PermanentFailure(str(code), opted_out=True)
    return PermanentFailure(str(code or f"http-{status}"))


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def validity_seconds(expires_at: datetime | None) -> int | None:
    """Return how long Twilio may hold the message, or None to leave its default."""
    if expires_at is None:
        return None
    seconds = int((expires_at - timezone.now()).total_seconds())
    return max(1, seconds) if seconds <= MAX_VALIDITY_SECONDS else None


class TwilioSMSChannel(ChannelBackend):
    reports_delivery = True

    def __init__(self) -> None:
        self.api = _MessagesAPI(
            settings.TWILIO_API_BASE or DEFAULT_API_BASE,
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
        )
        # Resolved once, when the channel is built: the first reverse() loads every URLconf,
        # a fraction of a second.
        self.callback_path = reverse("messaging:twilio-status")

    def prepare(self, message) -> Callable[[], SendResult]:
        form = {"To": message.to_address, "Body": message.body}
        sender = sender_for(message)
        form["MessagingServiceSid" if sender.is_service else "From"] = sender.address
        # Our own id rides along, so a callback that beats the API's answer finds its row.
        form["StatusCallback"] = f"{settings.PUBLIC_URL}{self.callback_path}?m={message.id}"
        if (validity := validity_seconds(message.expires_at)) is not None:
            form["ValidityPeriod"] = str(validity)
        encoded = urlencode(form)
        return lambda: self.api.post(encoded)


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
