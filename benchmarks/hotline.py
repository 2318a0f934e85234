"""`python -m benchmarks hotline`: from "send alert" to the provider's last "accepted".

For each size, on a fresh copy of a migrated SQLite database: two real zones are imported and
N made-up members put on a block and its neighbours, with a confirmed incident and a drafted
alert (`vecinos/hotline/benchsupport.py setup`). Then the "send" click is made
(`alerts.request_send`), and K `db_worker` processes run the send task and hand the texts
through the Twilio channel to the fake Twilio API on loopback with no rate limit, until the
provider has every one. The figures replace the
"Hotline alerts" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.messaging import replace_section
from benchmarks.report import machine

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Hotline alerts"


@dataclass
class Result:
    size: int
    workers: int
    click_seconds: float  # the click: checks, the alert marked as sending, the task queued
    total_seconds: float  # click → the provider accepted the last message
    duplicates: int


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks hotline", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    parser.add_argument("--workers", type=int, default=4, help="db_worker processes")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args(argv)


def measure(template, size: int, workers: int, work: Path) -> Result:
    from vecinos.messaging.testing.fake_twilio import FakeTwilio
    from vecinos.messaging.testing.workers import Deployment

    with FakeTwilio() as fake:
        fake.callbacks.enabled = False
        with Deployment(work, fake=fake, template=template) as deployment:
            module = "vecinos.hotline.benchsupport"
            made = json.loads(
                deployment.run("-m", module, "setup", "--members", str(size), timeout=3600)
                .stdout.strip()
                .splitlines()[-1]
            )
            sent = json.loads(
                deployment.run("-m", module, "send", "--alert", str(made["alert"]), timeout=3600)
                .stdout.strip()
                .splitlines()[-1]
            )
            # The workers start right after the click: the send task (recipients, one outbox
            # row each) and the deliveries all run on them.
            deployment.start_workers(workers)
            if not fake.wait_for(made["recipients"], timeout=24 * 3600):
                raise RuntimeError(deployment.log_tail())
            last = max(message.received_at for message in fake.messages)
            duplicates = len(fake.messages) - len(fake.sent_to())
    return Result(
        size=made["recipients"],
        workers=workers,
        click_seconds=sent["click_seconds"],
        total_seconds=last - sent["clicked_at"],
        duplicates=duplicates,
    )


def render(results: list[Result], args, started: float, load: tuple) -> str:
    info = machine()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    rows = [
        "| recipients | send click | click → last accepted by the provider | duplicates |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rows.append(
            f"| {r.size:,} | {r.click_seconds:,.2f} s | {r.total_seconds:,.1f} s | {r.duplicates} |"
        )
    workers = results[0].workers if results else args.workers
    python = platform.python_version()
    return f"""{SECTION}

How long a confirmed incident's alert takes from the dispatcher's "send" to the provider
accepting the last text, measured by `python -m benchmarks hotline` (part of `make bench`),
on SQLite, with the fake Twilio API of the test suite on loopback and no rate limit. The
audience is a block and its neighbours in Point Breeze / Passyunk Square (real shapes), with
made-up members, half in English and half in Spanish.

| measured | value |
| --- | --- |
| when | {when} |
| machine | {info["cpus"]} CPUs, {info["cpu"]}, {info["memory"]}, Python {python} |
| load average before → after | {load[0][0]:.1f} → {load[1][0]:.1f} |
| workers | {workers} `db_worker` processes |

{chr(10).join(rows)}

- **Send click**: what the button does (`alerts.request_send`): the checks, the alert marked
  as sending, its send task queued. The page answers at once whatever the audience's size.
- **Click → last accepted**: from the click until the provider accepted the last text. The
  workers run the send task (the audience, then one `AlertRecipient` and one encrypted
  outbox row per person, committed 2,000 at a time) and the deliveries, which start as soon
  as the first 2,000 are committed. The workers are started just after the
  click, so their start-up is included: an upper bound for a site whose workers are running.
"""


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vecinos.messaging.testing.settings")
    sys.path.insert(0, str(ROOT))
    from vecinos.messaging.testing.workers import MigratedTemplate

    started = time.time()
    load_before = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory(prefix="vecinos-bench-hotline-") as temp:
        work = Path(temp)
        print("Migrating a sqlite database…", file=sys.stderr)
        template = MigratedTemplate(work / "template", "")
        try:
            for size in args.sizes:
                result = measure(template, size, args.workers, work / f"run-{size}")
                print(
                    f"  {result.size:>7,}  click {result.click_seconds:6.2f} s"
                    f"  click → last accepted {result.total_seconds:7.1f} s",
                    file=sys.stderr,
                )
                results.append(result)
        finally:
            template.close()
    section = render(results, args, started, (load_before, os.getloadavg()))
    replace_section(args.output, section, SECTION)
    print(section)
    print(f"Written to the {SECTION[3:]} section of {args.output}", file=sys.stderr)
    return 0
