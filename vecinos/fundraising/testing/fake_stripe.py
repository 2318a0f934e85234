"""A local stand-in for Stripe's API and hosted Checkout, for tests and benchmarks.

A real HTTP server on the loopback interface: the `stripe` library talks to it as to
api.stripe.com (point STRIPE_API_BASE at `FakeStripe.url`). It creates Checkout sessions,
serves a checkout page where a browser pays or cancels, and then posts the events Stripe
would post to `webhook_url`, signed with the stripe library's own signing helper, optionally
twice or in reverse order. Subscriptions can be read, changed and cancelled; tests send any
further event (a refund, a dispute) with `send()`.
"""

from __future__ import annotations

import html
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vecinos.fundraising.processors import simulated
from vecinos.fundraising.processors.stripe import sign_payload

SESSIONS = re.compile(r"^/v1/checkout/sessions$")
SUBSCRIPTION = re.compile(r"^/v1/subscriptions/(?P<id>[\w-]+)$")
PAY = re.compile(r"^/pay/(?P<id>[\w-]+)$")


@dataclass
class FakeSession:
    id: str
    reference: str
    monthly: bool
    amount_cents: int
    email: str
    locale: str
    success_url: str
    cancel_url: str
    paid: bool = False
    ids: dict = field(default_factory=dict)  # customer, subscription, payment_intent, charge


@dataclass
class DeliveryPlan:
    """How the events of a paid checkout are posted; change the fields between checkouts."""

    duplicate: bool = False  # post each event twice
    reorder: bool = False  # post them last first


class FakeStripe:
    """A threaded HTTP server speaking the parts of Stripe's API vecinos uses."""

    def __init__(
        self,
        *,
        webhook_url: str = "",
        secret_key: str = "sk_test_fake",  # noqa: S107 (a test server)
        webhook_secret: str = "whsec_fake",  # noqa: S107
        port: int = 0,
    ) -> None:
        self.webhook_url = webhook_url
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.plan = DeliveryPlan()
        self.sessions: dict[str, FakeSession] = {}
        self.subscriptions: dict[str, dict] = {}
        # (event type, event id, the receiver's HTTP status) for every delivery.
        self.deliveries: list[tuple[str, str, int | None]] = []
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FakeStripe:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # Deliveries

    def send(self, body: dict, *, signature: str | None = None) -> int | None:
        """Post one event to the webhook, signed unless `signature` is given; return the status."""
        payload = json.dumps(body)
        header = sign_payload(payload, self.webhook_secret) if signature is None else signature
        request = urllib.request.Request(  # noqa: S310 (a loopback URL the test gave)
            self.webhook_url,
            data=payload.encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": header},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status: int | None = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = None
        with self._lock:
            self.deliveries.append((body["type"], body["id"], status))
        return status

    def pay(self, session_id: str) -> list[dict]:
        """Complete a checkout as a donor would and post its events; return them."""
        session = self.sessions[session_id]
        events, ids = simulated.checkout_events(
            session_id=session.id,
            reference=session.reference,
            monthly=session.monthly,
            amount_cents=session.amount_cents,
        )
        session.paid, session.ids = True, ids
        if session.monthly:
            self.subscriptions[ids["subscription"]] = {
                "id": ids["subscription"],
                "object": "subscription",
                "status": "active",
                "metadata": {"vecinos_reference": session.reference},
                "items": {
                    "object": "list",
                    "data": [
                        {
                            "id": simulated.new_id("si"),
                            "object": "subscription_item",
                            "price": {
                                "id": simulated.new_id("price"),
                                "object": "price",
                                "product": simulated.new_id("prod"),
                                "unit_amount": session.amount_cents,
                            },
                        }
                    ],
                },
            }
        order = list(reversed(events)) if self.plan.reorder else events
        for event in order:
            for _ in range(2 if self.plan.duplicate else 1):
                self.send(event)
        return events

    def refund(self, session_id: str, cents: int | None = None) -> dict:
        """Refund a paid checkout's charge (all of it by default) and post charge.refunded."""
        session = self.sessions[session_id]
        event = simulated.refunded_charge(
            charge=session.ids["charge"],
            payment_intent=session.ids["payment_intent"],
            amount_cents=session.amount_cents,
            refunded_cents=session.amount_cents if cents is None else cents,
        )
        self.send(event)
        return event

    def session_for(self, reference: str) -> FakeSession:
        return next(s for s in self.sessions.values() if s.reference == reference)

    # Requests

    def _create_session(self, form: dict[str, str]) -> dict:
        session = FakeSession(
            id=simulated.new_id("cs_test"),
            reference=form.get("client_reference_id", ""),
            monthly=form.get("mode") == "subscription",
            amount_cents=int(form.get("line_items[0][price_data][unit_amount]") or 0),
            email=form.get("customer_email", ""),
            locale=form.get("locale", "auto"),
            success_url=form.get("success_url", ""),
            cancel_url=form.get("cancel_url", ""),
        )
        with self._lock:
            self.sessions[session.id] = session
        return {
            "id": session.id,
            "object": "checkout.session",
            "mode": form.get("mode"),
            "client_reference_id": session.reference,
            "status": "open",
            "payment_status": "unpaid",
            "url": f"{self.url}/pay/{session.id}",
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeStripe


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args) -> None:
        return

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        return {key: values[-1] for key, values in urllib.parse.parse_qs(raw).items()}

    def _authorized(self) -> bool:
        return self.headers.get("Authorization", "") == f"Bearer {self.server.fake.secret_key}"

    def _api(self, method: str) -> None:
        fake = self.server.fake
        path = urllib.parse.urlsplit(self.path).path
        form = self._form() if method == "POST" else {}
        fake.requests.append((method, path))
        if not self._authorized():
            self._json(401, {"error": {"type": "invalid_request_error", "message": "No key"}})
            return
        if method == "POST" and SESSIONS.match(path):
            self._json(200, fake._create_session(form))
            return
        match = SUBSCRIPTION.match(path)
        subscription = fake.subscriptions.get(match["id"]) if match else None
        if subscription is None:
            self._json(404, {"error": {"type": "invalid_request_error", "code": "not_found"}})
            return
        if method == "POST" and "items[0][price_data][unit_amount]" in form:
            item = subscription["items"]["data"][0]
            item["price"]["unit_amount"] = int(form["items[0][price_data][unit_amount]"])
        elif method == "DELETE":
            subscription["status"] = "canceled"
            reference = subscription["metadata"]["vecinos_reference"]
            threading.Thread(
                target=fake.send,
                args=(
                    simulated.cancelled_subscription(
                        subscription=subscription["id"], reference=reference
                    ),
                ),
                daemon=True,
            ).start()
        self._json(200, subscription)

    def do_GET(self) -> None:
        match = PAY.match(urllib.parse.urlsplit(self.path).path)
        if not match:
            self._api("GET")
            return
        session = self.server.fake.sessions.get(match["id"])
        if session is None:
            self._html(404, "<p>No such checkout</p>")
            return
        every = " every month" if session.monthly else ""
        self._html(
            200,
            f"<h1>Fake Stripe Checkout</h1><p>Pay ${session.amount_cents / 100:.2f}{every}"
            f" ({html.escape(session.email)})</p>"
            f'<form method="post"><button name="action" value="pay">Pay</button>'
            f'<button name="action" value="cancel">Cancel</button></form>',
        )

    def do_POST(self) -> None:
        match = PAY.match(urllib.parse.urlsplit(self.path).path)
        if not match:
            self._api("POST")
            return
        fake = self.server.fake
        session = fake.sessions.get(match["id"])
        form = self._form()
        if session is None:
            self._html(404, "<p>No such checkout</p>")
            return
        if form.get("action") == "pay" and not session.paid:
            fake.pay(session.id)
            target = session.success_url
        else:
            target = session.cancel_url
        self.send_response(303)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_DELETE(self) -> None:
        self._api("DELETE")

    def _html(self, status: int, body: str) -> None:
        data = f"<!DOCTYPE html><html><body>{body}</body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
