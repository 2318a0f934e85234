"""A local stand-in for Twilio's Messages API, for tests and benchmarks.

It is a real HTTP server on the loopback interface, so the Twilio channel talks to it through
the `twilio` library exactly as it would talk to api.twilio.com (point `TWILIO_API_BASE` at
`FakeTwilio.url`). It checks basic auth, answers like Twilio (201 with a message resource,
or Twilio's JSON error bodies), limits each sender to a number of messages in any one second
(429, error 20429), fails on request (500, 429, a hang, a connection reset, a permanent 400),
and later posts status callbacks signed the way Twilio signs them, optionally late, twice or
out of order. It also keeps voice recordings (`add_recording`), serves their media
(`GET .../Recordings/RE....wav`) and metadata (`.json`), and deletes them
(`DELETE .../Recordings/RE....json`), as Twilio does.

Run it on its own with `python -m vecinos.messaging.testing.fake_twilio --port 8099`.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import hmac
import itertools
import json
import math
import re
import secrets
import socket
import struct
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, deque
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_VERSION = "2010-04-01"
MESSAGES_PATH = re.compile(rf"^/{API_VERSION}/Accounts/(?P<account>[^/]+)/Messages\.json$")
RECORDING_PATH = re.compile(
    rf"^/{API_VERSION}/Accounts/(?P<account>[^/]+)/Recordings/(?P<sid>RE[0-9a-f]{{32}})"
    r"(?P<ext>\.json|\.wav|\.mp3)?$"
)
FAULTS = ("500", "429", "hang", "reset", "invalid")


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Sign a request the way Twilio signs its webhooks (X-Twilio-Signature).

    The full URL, then each POST parameter name followed by its value in name order, hashed
    with HMAC-SHA1 keyed by the auth token, base64-encoded.
    """
    payload = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class FakeMessage:
    """One message the fake provider accepted."""

    sid: str
    to: str
    body: str
    sender: str  # the From number or the MessagingServiceSid: the rate-limit key
    from_number: str  # the request's From, "" when there was none
    service_sid: str  # the request's MessagingServiceSid, "" when there was none
    status_callback: str
    received_at: float  # time.time() when accepted


@dataclass(frozen=True)
class CallbackRecord:
    """One status callback the fake provider posted, and how the receiver answered."""

    sid: str
    status: str
    url: str
    response_status: int | None  # None when the receiver could not be reached
    posted_at: float


@dataclass
class FakeRecording:
    """A voice recording the fake provider holds, as Twilio keeps a caller's message."""

    sid: str
    data: bytes
    content_type: str
    duration: int
    fetches: int = 0  # times its media was downloaded


@dataclass
class CallbackPlan:
    """How status callbacks behave; change the fields between sends."""

    enabled: bool = True
    delay: float = 0.0  # seconds between accepting a message and its first callback
    gap: float = 0.05  # seconds between "sent" and the final status
    outcome: str = "delivered"  # or "failed" / "undelivered"
    error_code: str = "30003"  # sent with a failed or undelivered outcome
    duplicate: bool = False  # post every callback twice
    reorder: bool = False  # post the final status before "sent"


@dataclass
class _Fault:
    kind: str
    remaining: float


@dataclass(order=True)
class _Scheduled:
    due: float
    order: int
    url: str = field(compare=False)
    params: dict = field(compare=False)


class FakeTwilio:
    """A threaded HTTP server speaking Twilio's Messages API on 127.0.0.1."""

    def __init__(
        self,
        *,
        account_sid: str = "AC" + "0" * 32,
        auth_token: str = "fake-twilio-auth-token",  # noqa: S107 (a test server)
        port: int = 0,
        rate_limit: float | dict[str, float] | None = None,
        hang_seconds: float = 30.0,
        callback_workers: int = 4,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        # Messages per second per sender (From number or MessagingServiceSid): one figure for
        # every sender, or {sender: figure}; None (or a sender not in the dict) is unlimited.
        self.rate_limit = rate_limit
        self.hang_seconds = hang_seconds
        self.callbacks = CallbackPlan()
        self.messages: list[FakeMessage] = []
        self.callback_log: list[CallbackRecord] = []
        self.recordings: dict[str, FakeRecording] = {}
        # Sids of recordings deleted through the API, in order.
        self.deleted_recordings: list[str] = []
        # Every request by outcome: "accepted", "500", "429", "rate_limited", "unauthorized"...
        self.requests: Counter[str] = Counter()
        # (time.time(), To, outcome) for every message request that got past authentication.
        self.attempts: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()
        self._faults: list[_Fault] = []
        self._windows: dict[str, deque[float]] = {}
        self._stopping = threading.Event()
        self._schedule: list[_Scheduled] = []
        self._schedule_ready = threading.Condition()
        self._order = itertools.count()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.fake = self
        self._threads = [threading.Thread(target=self._server.serve_forever, daemon=True)]
        self._threads += [
            threading.Thread(target=self._post_callbacks, daemon=True)
            for _ in range(callback_workers)
        ]

    # Life cycle

    def start(self) -> FakeTwilio:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._schedule_ready:
            self._schedule_ready.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The API base to give the Twilio client (like https://api.twilio.com)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def messages_url(self) -> str:
        return f"{self.url}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

    # Test controls

    def fail_next(self, kind: str, n: int | None = 1) -> None:
        """Answer the next `n` message requests (all, with None) with a fault.

        Kinds: "500" (server error), "429" (Twilio error 20429), "hang" (no answer until
        `hang_seconds` pass or the server stops), "reset" (the TCP connection is reset),
        "invalid" (400, Twilio error 21211: a permanent failure).
        """
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; choose from {FAULTS}")
        with self._lock:
            self._faults.append(_Fault(kind, math.inf if n is None else n))

    def add_recording(
        self, data: bytes, *, content_type: str = "audio/x-wav", duration: int = 1
    ) -> str:
        """Keep a recording as Twilio would after a call; return its RecordingUrl (the
        https://api.twilio.com address Twilio posts in its callback, without an extension)."""
        sid = "RE" + secrets.token_hex(16)
        with self._lock:
            self.recordings[sid] = FakeRecording(sid, data, content_type, duration)
        return f"https://api.twilio.com/{API_VERSION}/Accounts/{self.account_sid}/Recordings/{sid}"

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def sent_to(self) -> Counter[str]:
        """How many times each number was sent a message."""
        with self._lock:
            return Counter(message.to for message in self.messages)

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until at least `count` messages were accepted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return True
            time.sleep(0.01)
        return len(self.messages) >= count

    def wait_for_callbacks(self, count: int, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.callback_log) >= count:
                return True
            time.sleep(0.01)
        return len(self.callback_log) >= count

    # Request handling (called from the server's threads)

    def _take_fault(self) -> str | None:
        with self._lock:
            while self._faults:
                fault = self._faults[0]
                if fault.remaining > 0:
                    fault.remaining -= 1
                    return fault.kind
                self._faults.pop(0)
            return None

    def _within_rate(self, sender: str) -> bool:
        """Whether one more message from `sender` keeps it within its limit in every window
        of one second: fewer than the limit accepted in the second before now. (Twilio queues
        what exceeds a sender's rate rather than refusing it; a refusal is what a test sees.)"""
        limit = self.rate_limit
        if isinstance(limit, dict):
            limit = limit.get(sender)
        if not limit:
            return True
        now = time.monotonic()
        with self._lock:
            window = self._windows.setdefault(sender, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                return False
            window.append(now)
            return True

    def _accept(self, form: dict[str, str]) -> dict:
        sid = "SM" + secrets.token_hex(16)
        sender = form.get("MessagingServiceSid") or form.get("From", "")
        message = FakeMessage(
            sid=sid,
            to=form["To"],
            body=form["Body"],
            sender=sender,
            from_number=form.get("From", ""),
            service_sid=form.get("MessagingServiceSid", ""),
            status_callback=form.get("StatusCallback", ""),
            received_at=time.time(),
        )
        with self._lock:
            self.messages.append(message)
            self.requests["accepted"] += 1
            self.attempts.append((message.received_at, message.to, "accepted"))
        if message.status_callback.startswith(("http://", "https://")) and self.callbacks.enabled:
            self._schedule_callbacks(message, form)
        now = formatdate(usegmt=True)
        return {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": message.body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From") or None,
            "messaging_service_sid": form.get("MessagingServiceSid") or None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if form.get("MessagingServiceSid") else "queued",
            "subresource_uris": {
                "media": f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}/Media.json"
            },
            "to": message.to,
            "uri": f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json",
        }

    # Status callbacks

    def _schedule_callbacks(self, message: FakeMessage, form: dict[str, str]) -> None:
        plan = self.callbacks
        base = {
            "AccountSid": self.account_sid,
            "ApiVersion": API_VERSION,
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "To": message.to,
        }
        if form.get("From"):
            base["From"] = form["From"]
        if form.get("MessagingServiceSid"):
            base["MessagingServiceSid"] = form["MessagingServiceSid"]
        final = dict(base, MessageStatus=plan.outcome, SmsStatus=plan.outcome)
        if plan.outcome in ("failed", "undelivered"):
            final["ErrorCode"] = plan.error_code
        sent = dict(base, MessageStatus="sent", SmsStatus="sent")
        steps = [final, sent] if plan.reorder else [sent, final]
        start = time.monotonic() + plan.delay
        with self._schedule_ready:
            for index, params in enumerate(steps):
                copies = 2 if plan.duplicate else 1
                for _ in range(copies):
                    item = _Scheduled(
                        start + index * plan.gap, next(self._order), message.status_callback, params
                    )
                    heapq.heappush(self._schedule, item)
            self._schedule_ready.notify_all()

    def _post_callbacks(self) -> None:
        while not self._stopping.is_set():
            with self._schedule_ready:
                while not self._stopping.is_set():
                    if self._schedule:
                        wait = self._schedule[0].due - time.monotonic()
                        if wait <= 0:
                            item = heapq.heappop(self._schedule)
                            break
                        self._schedule_ready.wait(wait)
                    else:
                        self._schedule_ready.wait(0.5)
                else:
                    return
            self._post_one(item)

    def _post_one(self, item: _Scheduled) -> None:
        data = urllib.parse.urlencode(item.params).encode()
        # Only http(s) callback URLs are scheduled (see _accept), so no file: URL is opened.
        request = urllib.request.Request(  # noqa: S310
            item.url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio_signature(self.auth_token, item.url, item.params),
                "User-Agent": "TwilioProxy/1.1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                status: int | None = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, ValueError):
            status = None
        with self._lock:
            self.callback_log.append(
                CallbackRecord(
                    sid=item.params["MessageSid"],
                    status=item.params["MessageStatus"],
                    url=item.url,
                    response_status=status,
                    posted_at=time.time(),
                )
            )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    fake: FakeTwilio

    def handle_error(self, request, client_address) -> None:
        # Clients that vanish mid-request (a killed worker) are part of the tests, not errors.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as the twilio library's requests session expects.
    protocol_version = "HTTP/1.1"
    # Headers and body are written separately; with Nagle's algorithm on, the body would wait
    # for the client's delayed ACK (40 ms a request on Linux).
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format, *args) -> None:
        return

    def do_GET(self) -> None:
        self._recording("GET")

    def do_DELETE(self) -> None:
        self._recording("DELETE")

    def _recording(self, method: str) -> None:
        """A recording's metadata (.json), its media (.wav, .mp3 or no extension), or its
        deletion (DELETE ....json), for the account that owns it."""
        fake = self.server.fake
        match = RECORDING_PATH.match(urllib.parse.urlsplit(self.path).path)
        if not match:
            self._error(405 if method == "GET" else 404, 20004, "Method not allowed")
            return
        if not self._authorized(fake, match["account"]):
            with fake._lock:
                fake.requests["unauthorized"] += 1
            self._error(401, 20003, "Authenticate")
            return
        fault = fake._take_fault()
        if fault is not None:
            with fake._lock:
                fake.requests[fault] += 1
            self._fault(fault, fake)
            return
        with fake._lock:
            recording = fake.recordings.get(match["sid"])
            if recording is not None and method == "DELETE":
                del fake.recordings[recording.sid]
                fake.deleted_recordings.append(recording.sid)
            elif recording is not None and match["ext"] != ".json":
                recording.fetches += 1
        if recording is None:
            self._error(404, 20404, "The requested resource was not found")
        elif method == "DELETE":
            if match["ext"] != ".json":
                self._error(405, 20004, "Method not allowed")
                return
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif match["ext"] == ".json":
            self._json(200, self._recording_resource(fake, recording))
        else:
            self.send_response(200)
            self.send_header("Content-Type", recording.content_type)
            self.send_header("Content-Length", str(len(recording.data)))
            self.end_headers()
            self.wfile.write(recording.data)

    def _recording_resource(self, fake: FakeTwilio, recording: FakeRecording) -> dict:
        now = formatdate(usegmt=True)
        uri = f"/{API_VERSION}/Accounts/{fake.account_sid}/Recordings/{recording.sid}.json"
        return {
            "account_sid": fake.account_sid,
            "api_version": API_VERSION,
            "call_sid": "CA" + "0" * 32,
            "channels": 1,
            "date_created": now,
            "date_updated": now,
            "duration": str(recording.duration),
            "sid": recording.sid,
            "source": "RecordVerb",
            "status": "completed",
            "uri": uri,
        }

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        match = MESSAGES_PATH.match(urllib.parse.urlsplit(self.path).path)
        if not match:
            self._error(404, 20404, "The requested resource was not found")
            return
        if not self._authorized(fake, match["account"]):
            with fake._lock:
                fake.requests["unauthorized"] += 1
            self._error(401, 20003, "Authenticate")
            return

        form = {k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
        fault = fake._take_fault()
        if fault is not None:
            with fake._lock:
                fake.requests[fault] += 1
                fake.attempts.append((time.time(), form.get("To", ""), fault))
            self._fault(fault, fake)
            return
        if not form.get("To"):
            self._error(400, 21604, "A 'To' phone number is required.")
            return
        if not (form.get("From") or form.get("MessagingServiceSid")):
            self._error(400, 21603, "A 'From' phone number is required.")
            return
        if not form.get("Body"):
            self._error(400, 21602, "Message body is required.")
            return
        sender = form.get("MessagingServiceSid") or form["From"]
        if not fake._within_rate(sender):
            with fake._lock:
                fake.requests["rate_limited"] += 1
                fake.attempts.append((time.time(), form["To"], "rate_limited"))
            self._error(429, 20429, "Too Many Requests")
            return
        self._json(201, fake._accept(form))

    def _authorized(self, fake: FakeTwilio, account: str) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return (
            hmac.compare_digest(user, fake.account_sid)
            and hmac.compare_digest(password, fake.auth_token)
            and account == fake.account_sid
        )

    def _fault(self, kind: str, fake: FakeTwilio) -> None:
        if kind == "500":
            self._error(500, 20500, "Internal Server Error")
        elif kind == "429":
            self._error(429, 20429, "Too Many Requests")
        elif kind == "invalid":
            self._error(400, 21211, "The 'To' number is not a valid phone number.")
        elif kind == "hang":
            fake._stopping.wait(fake.hang_seconds)
            self.close_connection = True
        elif kind == "reset":
            # SO_LINGER with a zero timeout turns close() into a TCP reset.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

    def _error(self, status: int, code: int, message: str) -> None:
        self._json(
            status,
            {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
        )

    def _json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--rate", type=float, default=None, help="messages per second per sender")
    args = parser.parse_args(argv)
    fake = FakeTwilio(port=args.port, rate_limit=args.rate).start()
    print(f"Fake Twilio on {fake.url} (account {fake.account_sid}, token {fake.auth_token})")
    print("Accepted messages are counted every 5 seconds; Ctrl-C stops.")
    try:
        while True:
            time.sleep(5)
            print(f"{len(fake.messages)} accepted; {dict(fake.requests)}")
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
