"""Queue one SMS to each of N made-up numbers in one transaction, as a broadcast does.

    python -m vecinos.messaging.testing.fanout --count 10000 --batch bench:1

Run by `workers.Deployment.fanout` for the reliability tests and the messaging bench, with
DJANGO_SETTINGS_MODULE and the database set by it. It prints one JSON line: how many rows
were queued, how long `queue_many` and the commit took, when the commit happened (the time
the clock for delivery starts) and this process's peak resident memory.

It refuses to run unless SMS go to a provider on the loopback interface: the numbers are
real-looking (617-2xx-xxxx), and a real provider would text strangers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
import urllib.parse


class RolledBack(Exception):
    pass


def numbers(count: int, first: int = 0) -> list[str]:
    """Valid-looking US mobile numbers, distinct for 0 ≤ i < 1,000,000."""
    return [f"+1617{2000000 + i:07d}" for i in range(first, first + count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--batch", required=True)
    parser.add_argument("--expires-in", type=float, help="seconds until the messages expire")
    parser.add_argument("--rollback", action="store_true", help="roll back after queuing")
    parser.add_argument("--sender", default="default")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vecinos.messaging.testing.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from vecinos.messaging.services import Recipient, queue_many

    host = urllib.parse.urlsplit(settings.TWILIO_API_BASE).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"TWILIO_API_BASE points at {host}; this script only feeds a fake.")

    expires_at = None
    if args.expires_in is not None:
        expires_at = timezone.now() + timedelta(seconds=args.expires_in)
    recipients = [
        Recipient(to=to, language="es" if i % 2 else "en", dedupe_key=f"{args.batch}:{i}")
        for i, to in enumerate(numbers(args.count))
    ]
    # Load the encryption keys first, outside the transaction: the key cache fills only
    # after a commit, so a cold process would read the key table twice per row inside it.
    from vecinos.privacy import crypto

    crypto.active_key_id()
    crypto.derive_key("phone")

    started = time.perf_counter()
    report = None
    try:
        with transaction.atomic():
            report = queue_many(
                recipients,
                channel="sms",
                purpose="broadcast",
                body={"en": "Meeting tonight at 7 at the library.", "es": "Reunión hoy a las 7."},
                batch=args.batch,
                sender=args.sender,
                expires_at=expires_at,
            )
            queued_seconds = time.perf_counter() - started
            if args.rollback:
                raise RolledBack
    except RolledBack:
        pass
    committed_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "queued": report.queued if report else 0,
                "rolled_back": args.rollback,
                "queue_seconds": round(queued_seconds, 3),
                "commit_seconds": round(committed_seconds, 3),
                "committed_at": time.time(),
                "expires_at": expires_at.timestamp() if expires_at else None,
                "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
