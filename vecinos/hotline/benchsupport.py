"""Steps of the hotline bench, run in the bench's throwaway installation.

    python -m vecinos.hotline.benchsupport setup --members 2000
    python -m vecinos.hotline.benchsupport send --alert 1

`setup` imports two real zones, puts N made-up members on a block and its neighbours, and
leaves a confirmed incident with a drafted alert; `send` is the dispatcher's "send" click
(`alerts.request_send`, which hands the send itself to the workers) and reports when it
happened. Each prints one JSON
line. Both refuse to run unless texts go to a provider on the loopback interface.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
import urllib.parse


def _guard() -> None:
    from django.conf import settings

    host = urllib.parse.urlsplit(settings.TWILIO_API_BASE).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"TWILIO_API_BASE points at {host}; this script only feeds a fake.")


def setup(members: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from vecinos.privacy.blind_index import phone_index
    from vecinos.zones.models import Block, Member

    from . import services
    from .services import alerts
    from .testing import block_with_neighbours, import_city

    import_city()
    block = block_with_neighbours()
    blocks = [block, *block.neighbours.all()]
    now = timezone.now()
    rows = []
    for number in range(members):
        phone = f"+1617{3000000 + number:07d}"
        place: Block = blocks[number % len(blocks)]
        rows.append(
            Member(
                name=f"Bench {number}",
                phone=phone,
                phone_index=phone_index(phone),
                language="es" if number % 2 else "en",
                zone=place.zone,
                block=place,
                status=Member.Status.ACTIVE,
                source=Member.Source.STAFF,
                consented_at=now,
                confirmed_at=now,
            )
        )
    with transaction.atomic():
        Member.objects.bulk_create(rows, batch_size=1000)
        actor = get_user_model().objects.create_user(username="bench-dispatcher")
        incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
        services.change_state(incident, "confirmed", actor=actor)
        alert = alerts.draft_alert(incident, actor=actor, template="agents_present")
    return {"alert": alert.pk, "recipients": alerts.preview_alert(alert).total}


def send(alert_id: int) -> dict:
    from django.contrib.auth import get_user_model

    from vecinos.privacy import crypto

    from .models import Alert
    from .services import alerts

    # Keys are loaded before the clock starts, as in a web process that is already running.
    crypto.active_key_id()
    crypto.derive_key("phone")
    alert = Alert.objects.get(pk=alert_id)
    actor = get_user_model().objects.get(username="bench-dispatcher")
    clicked_at = time.time()
    started = time.perf_counter()
    # What the "send" button does: check, mark as sending, hand the send to the worker.
    alerts.request_send(alert, actor=actor)
    return {
        "click_seconds": round(time.perf_counter() - started, 3),
        "clicked_at": clicked_at,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["setup", "send"])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--alert", type=int)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vecinos.messaging.testing.settings")
    import django

    django.setup()
    _guard()
    result = setup(args.members) if args.step == "setup" else send(args.alert)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
