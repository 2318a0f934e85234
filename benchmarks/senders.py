"""`python -m benchmarks senders`: each sender's rate as the provider sees it, and the hand-over
rate without a limit.

On a fresh copy of a migrated database (SQLite by default), a fan-out is queued, then K
`db_worker` processes send it through the Twilio channel to the fake Twilio API, which
refuses (429, error 20429) whatever exceeds a sender's limit in any one second. Each run:
one sender, then two, at --rate per second each (VECINOS_SMS_SENDERS), with --seconds worth
of messages per sender; then no limit at all with --unlimited messages. Beside the last, in
the same run, the anchor: K processes posting the same requests to the same fake provider
with nothing else to do (plain `requests` sessions), the most the provider and the loopback
take. The figures replace the "Senders" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.messaging import ROOT, postgres_answers, replace_section
from benchmarks.report import machine

SECTION = "## Senders"
NUMBERS = ["+12155550100", "+12155550101", "+12155550102", "+12155550103"]


@dataclass
class Run:
    senders: int
    rate: float  # per sender; 0: no limit
    messages: int
    busiest_second: dict[str, int]  # per sender: the most accepted in any one-second window
    sustained: dict[str, float]  # per sender: accepted per second, first to last acceptance
    refused: int  # 429 answers
    duplicates: int
    lost: int
    handover_rate: float  # all senders together, first to last acceptance


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks senders", description=__doc__)
    parser.add_argument("--rate", type=float, default=50, help="sends per second per sender")
    parser.add_argument("--seconds", type=float, default=20, help="of sending per sender")
    parser.add_argument("--unlimited", type=int, default=5000, help="messages without a limit")
    parser.add_argument("--workers", type=int, default=4, help="db_worker processes")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "VECINOS_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args(argv)


def busiest_second(times: list[float]) -> int:
    """The most of `times` in any window of one second [t, t + 1)."""
    times = sorted(times)
    most, start = 0, 0
    for end, when in enumerate(times):
        while times[start] <= when - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def per_second(times: list[float]) -> float:
    return (len(times) - 1) / max(max(times) - min(times), 1e-9) if len(times) > 1 else 0.0


def measure(template, server_url: str, work: Path, *, senders: int, rate: float, messages: int,
            workers: int) -> Run:  # fmt: skip
    from vecinos.messaging.testing.fake_twilio import FakeTwilio
    from vecinos.messaging.testing.workers import Deployment

    numbers = NUMBERS[:senders]
    with FakeTwilio(rate_limit=dict.fromkeys(numbers, rate) if rate else None) as fake:
        fake.callbacks.enabled = False
        env = {
            "VECINOS_SMS_SENDERS": ",".join(f"{n}:{rate:g}" for n in numbers),
            "TWILIO_FROM_NUMBER": numbers[0],
        }
        with Deployment(
            work, fake=fake, database_server_url=server_url, template=template, extra_env=env
        ) as deployment:
            deployment.fanout(messages, batch="senders")
            deployment.start_workers(workers)
            # Lost: what has not arrived once the provider saw nothing new for a while.
            last, quiet = -1, time.monotonic()
            while len(fake.sent_to()) < messages and time.monotonic() - quiet < 60:
                if len(fake.messages) != last:
                    last, quiet = len(fake.messages), time.monotonic()
                time.sleep(0.2)
            accepted = list(fake.messages)
    by_sender: dict[str, list[float]] = {}
    for message in accepted:
        by_sender.setdefault(message.sender, []).append(message.received_at)
    delivered = Counter(message.to for message in accepted)
    return Run(
        senders=senders,
        rate=rate,
        messages=messages,
        busiest_second={s: busiest_second(t) for s, t in sorted(by_sender.items())},
        sustained={s: per_second(t) for s, t in sorted(by_sender.items())},
        refused=fake.requests["rate_limited"],
        duplicates=sum(count - 1 for count in delivered.values()),
        lost=messages - len(delivered),
        handover_rate=per_second([message.received_at for message in accepted]),
    )


def _post(url: str, account: str, token: str, count: int, offset: int) -> None:
    import requests

    with requests.Session() as session:
        for i in range(count):
            session.post(
                url,
                auth=(account, token),
                data={"To": f"+1617{3000000 + offset + i:07d}", "From": NUMBERS[0], "Body": "x"},
                timeout=10,
            )


def anchor(messages: int, workers: int) -> float:
    """Messages per second K bare processes get accepted by the fake provider."""
    from vecinos.messaging.testing.fake_twilio import FakeTwilio

    with FakeTwilio() as fake:
        fake.callbacks.enabled = False
        share = messages // workers
        context = multiprocessing.get_context("fork")
        processes = [
            context.Process(
                target=_post,
                args=(fake.messages_url, fake.account_sid, fake.auth_token, share, n * share),
            )
            for n in range(workers)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        return per_second([message.received_at for message in fake.messages])


def render(runs: list[Run], anchor_rate: float, args, started: float, load: tuple) -> str:
    import django

    django.setup()
    from vecinos.messaging.services import DELIVERY_TASK_SIZE

    info = machine()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    python = platform.python_version()
    rows = [
        "| senders × setting | messages | busiest second per sender | sustained per sender"
        " | share of the setting | 429s | duplicates | lost |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        if not run.rate:
            continue
        busiest = " / ".join(str(n) for n in run.busiest_second.values())
        sustained = " / ".join(f"{r:.1f}/s" for r in run.sustained.values())
        shares = " / ".join(f"{r / run.rate:.1%}" for r in run.sustained.values())
        rows.append(
            f"| {run.senders} × {run.rate:g}/s | {run.messages:,} | {busiest} | {sustained} |"
            f" {shares} | {run.refused} | {run.duplicates} | {run.lost} |"
        )
    unlimited = [run for run in runs if not run.rate]
    handover = ""
    if unlimited:
        run = unlimited[0]
        handover = (
            f"| {args.workers} workers, no limit | {run.messages:,} | {run.handover_rate:,.0f}/s"
            f" | {run.duplicates} | {run.lost} |\n"
            f"| anchor: {args.workers} bare processes posting to the fake provider |"
            f" {run.messages:,} | {anchor_rate:,.0f}/s | | |"
        )
    return f"""{SECTION}

Each sender's rate as the provider sees it, measured by `python -m benchmarks senders` (part
of `make bench`): a fan-out sent by {args.workers} `db_worker` processes ({args.database})
through the Twilio channel to the fake Twilio API (`vecinos/messaging/testing/fake_twilio.py`),
which refuses with 429 (error 20429) whatever exceeds a sender's limit in any one second. The
senders are set with `VECINOS_SMS_SENDERS`, each recipient on one of them
(`vecinos/messaging/senders.py`); the rate limiter hands out send slots spaced 1.03/rate
apart (`vecinos/messaging/rate_limiter.py`).

| measured | value |
| --- | --- |
| when | {when} |
| machine | {info["cpus"]} CPUs, {info["cpu"]}, {info["memory"]}, Python {python} |
| load average before → after | {load[0][0]:.1f} → {load[1][0]:.1f} (the machine was shared) |

{chr(10).join(rows)}

- **Busiest second**: the most messages the provider accepted from one sender in any window
  of one second (a sliding window over the acceptance times), the first second included.
  **Sustained**: accepted per second from that sender's first acceptance to its last.
- **Lost**: recipients the provider never got a message for; **duplicates**: messages
  beyond one per recipient.
- A fan-out is handed to the workers in tasks of {DELIVERY_TASK_SIZE} messages, so a run
  of N messages keeps at most N / {DELIVERY_TASK_SIZE} workers busy.

Without a limit (all messages from one sender, setting 0):

| run | messages | hand-over rate | duplicates | lost |
| --- | ---: | ---: | ---: | ---: |
{handover}

What limits the hand-over: the workers, the fake provider and the database share 2 cores,
and the fake provider alone (Python's threaded HTTP server, in the bench's process) takes
no more than the anchor's rate even from processes that do nothing else. A worker posts each
text over a plain kept-alive `http.client` connection (0.2 ms of CPU per request against
0.7 ms through the Twilio library and `requests`, which the anchor's processes still use),
checks the opt-outs of a claim in one query and writes its sends in one statement; what is
left of its time per message is mostly the claim and the decryption of the rows. A
delivery task done with its ids helps with the rest of their batch, so the last tasks of a
fan-out do not leave workers idle.
"""


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vecinos.messaging.testing.settings")
    sys.path.insert(0, str(ROOT))
    from vecinos.messaging.testing.workers import MigratedTemplate

    server_url = ""
    if args.database == "postgresql":
        if not postgres_answers(args.postgres_url):
            print(f"PostgreSQL does not answer at {args.postgres_url}.", file=sys.stderr)
            return 1
        server_url = args.postgres_url
    started = time.time()
    load_before = os.getloadavg()
    runs = []
    per_sender = int(args.rate * args.seconds)
    with tempfile.TemporaryDirectory(prefix="vecinos-bench-senders-") as temp:
        work = Path(temp)
        print(f"Migrating a {args.database} database…", file=sys.stderr)
        template = MigratedTemplate(work / "template", server_url)
        try:
            plan = [(1, args.rate, per_sender), (2, args.rate, 2 * per_sender)]
            plan.append((1, 0, args.unlimited))
            for number, (senders, rate, messages) in enumerate(plan):
                run = measure(
                    template, server_url, work / f"run-{number}", senders=senders, rate=rate,
                    messages=messages, workers=args.workers,
                )  # fmt: skip
                print(
                    f"  {senders} × {rate:g}/s  {messages:>6,}  busiest {run.busiest_second}"
                    f"  sustained { ({s: round(r, 1) for s, r in run.sustained.items()}) }"
                    f"  429s {run.refused}  dup {run.duplicates}  lost {run.lost}"
                    f"  all {run.handover_rate:,.0f}/s",
                    file=sys.stderr,
                )
                runs.append(run)
        finally:
            template.close()
    anchor_rate = anchor(args.unlimited, args.workers)
    print(f"  anchor: {anchor_rate:,.0f}/s", file=sys.stderr)
    section = render(runs, anchor_rate, args, started, (load_before, os.getloadavg()))
    replace_section(args.output, section, SECTION)
    print(section)
    print(f"Written to the {SECTION[3:]} section of {args.output}", file=sys.stderr)
    return 0
