"""`python -m benchmarks messaging`: how fast the outbox queues a fan-out and hands it over.

For each database (SQLite, and PostgreSQL when one answers) and each size, on a fresh copy of
a migrated database: `queue_many` writes one SMS per made-up recipient in one transaction
(the enqueue), then K `db_worker` processes send them through the Twilio channel to the fake
Twilio API on loopback with no rate limit (the hand-off), until the provider has every one.
Peak resident memory is measured for the enqueuing process and for each worker. The figures
replace the "Messaging" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import machine

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Messaging"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass
class Result:
    database: str
    size: int
    workers: int
    queue_seconds: float
    commit_seconds: float
    enqueue_rss_mb: float
    handoff_seconds: float  # workers started → the provider accepted the last message
    steady_rate: float  # messages per second between the first and the last acceptance
    worker_rss_mb: float  # the largest worker's peak
    duplicates: int


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks messaging", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=4, help="db_worker processes")
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("VECINOS_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a server where a throwaway database may be created and dropped",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args(argv)


def postgres_answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def measure(template, server_url: str, size: int, workers: int, work: Path) -> Result:
    from vecinos.messaging.testing.fake_twilio import FakeTwilio
    from vecinos.messaging.testing.workers import Deployment

    with FakeTwilio() as fake:
        # Callbacks would go to VECINOS_PUBLIC_URL, where nothing listens during the bench.
        fake.callbacks.enabled = False
        with Deployment(
            work, fake=fake, database_server_url=server_url, template=template
        ) as deployment:
            queued = deployment.fanout(size, batch="bench")
            # Workers start after the commit: on SQLite the enqueue holds the write lock, and
            # a worker that waits longer than the lock timeout would stop with an error.
            started = time.time()
            pool = deployment.start_workers(workers)
            done = threading.Event()

            def sample() -> None:
                while not done.wait(0.5):
                    pool.sample_memory()

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            if not fake.wait_for(size, timeout=24 * 3600):
                raise RuntimeError(deployment.log_tail())
            done.set()
            sampler.join()
            pool.sample_memory()
            times = sorted(message.received_at for message in fake.messages)
            duplicates = len(fake.messages) - len(fake.sent_to())
    return Result(
        database=template.database.vendor,
        size=size,
        workers=workers,
        queue_seconds=queued["queue_seconds"],
        commit_seconds=queued["commit_seconds"],
        enqueue_rss_mb=queued["peak_rss_kb"] / 1024,
        handoff_seconds=times[-1] - started,
        steady_rate=(len(times) - 1) / max(times[-1] - times[0], 1e-9),
        worker_rss_mb=max(pool.peak_rss_kb.values()) / 1024,
        duplicates=duplicates,
    )


def render(results: list[Result], args, started: float, load: tuple) -> str:
    info = machine()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    rows = [
        "| database | messages | enqueue (queue_many + commit) | enqueue rate | enqueuer peak RSS"
        " | hand-off to provider | send rate | worker peak RSS | duplicates |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rows.append(
            f"| {r.database} | {r.size:,} | {r.commit_seconds:,.1f} s |"
            f" {r.size / r.commit_seconds:,.0f}/s | {r.enqueue_rss_mb:,.0f} MB |"
            f" {r.handoff_seconds:,.1f} s | {r.steady_rate:,.0f}/s | {r.worker_rss_mb:,.0f} MB |"
            f" {r.duplicates} |"
        )
    workers = results[0].workers if results else args.workers
    python = platform.python_version()
    return f"""{SECTION}

How long the outbox takes to queue a fan-out and to hand every message to the SMS provider,
measured by `python -m benchmarks messaging` (part of `make bench`). The provider is the fake
Twilio API of the test suite (`vecinos/messaging/testing/fake_twilio.py`) on loopback with
no rate limit, reached through the real Twilio channel and the `twilio` library, so the
figures are vecinos's own cost: rendering, encryption, the outbox writes and the claims.

| measured | value |
| --- | --- |
| when | {when} |
| machine | {info["cpus"]} CPUs, {info["cpu"]}, {info["memory"]}, Python {python} |
| load average before → after | {load[0][0]:.1f} → {load[1][0]:.1f} |
| workers | {workers} `db_worker` processes (the database task queue of `make run`) |

{chr(10).join(rows)}

- **Enqueue**: `queue_many` for every recipient in one transaction, then the commit, in one
  process (`vecinos/messaging/testing/fanout.py`); its peak RSS includes Django and Wagtail.
- **Hand-off**: from starting the workers (after the commit) until the provider accepted the
  last message; it includes the workers' start-up. **Send rate**: messages per second
  between the provider's first and last acceptance.
- **Worker peak RSS**: the largest of the workers' peak resident memory (VmHWM).
- Each run starts from a fresh copy of a migrated database; PostgreSQL runs use a database
  created for the bench and dropped after it.
"""


def _section_pattern(heading: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(heading)}\n.*?(?=^## (?!#)|\Z)", re.S | re.M)


def replace_section(path: Path, section: str, heading: str = SECTION) -> None:
    """Put `section` in place of the file's section under `heading`, or append it."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = _section_pattern(heading)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section.rstrip("\n") + "\n\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n")


def current_section(path: Path, heading: str = SECTION) -> str:
    """The section of `path` under `heading` as it stands, or an empty string."""
    if not path.exists():
        return ""
    match = _section_pattern(heading).search(path.read_text())
    return match.group(0) if match else ""


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vecinos.messaging.testing.settings")
    sys.path.insert(0, str(ROOT))
    from vecinos.messaging.testing.workers import MigratedTemplate

    databases = []
    for name in args.databases:
        if name == "postgresql" and not postgres_answers(args.postgres_url):
            print(f"PostgreSQL does not answer at {args.postgres_url}; skipped.", file=sys.stderr)
            continue
        databases.append((name, args.postgres_url if name == "postgresql" else ""))

    started = time.time()
    load_before = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory(prefix="vecinos-bench-messaging-") as temp:
        work = Path(temp)
        for name, server_url in databases:
            print(f"Migrating a {name} database…", file=sys.stderr)
            template = MigratedTemplate(work / f"template-{name}", server_url)
            try:
                for size in args.sizes:
                    result = measure(
                        template, server_url, size, args.workers, work / f"{name}-{size}"
                    )
                    print(
                        f"  {name:<10} {size:>7,}  enqueue {result.commit_seconds:6.1f} s"
                        f"  hand-off {result.handoff_seconds:7.1f} s"
                        f"  {result.steady_rate:6.0f}/s  workers ≤ {result.worker_rss_mb:.0f} MB",
                        file=sys.stderr,
                    )
                    results.append(result)
            finally:
                template.close()
    section = render(results, args, started, (load_before, os.getloadavg()))
    replace_section(args.output, section)
    print(section)
    print(f"Written to the {SECTION[3:]} section of {args.output}", file=sys.stderr)
    return 0
