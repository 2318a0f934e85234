"""`python -m benchmarks fanout`: how long writing an alert's audience to the outbox takes,
beside what the database needs to write the same rows.

For each database and each size, in rounds: a fresh process on a freshly migrated (SQLite: a
copy of a migrated file; PostgreSQL: the outbox table emptied by TRUNCATE) database runs
`queue_many` for N made-up recipients outside any transaction, so that each batch is
committed and handed to the workers on its own. Then the rows it wrote
are read back and written again, into an empty table, by the plainest way the database has:
one `executemany` of one INSERT on SQLite, one COPY on PostgreSQL, in one transaction (the
*baseline*). Nothing is sent: no worker runs.

- committed: from calling `queue_many` until it returned, every batch committed.
- first batch: from calling `queue_many` until the first batch's delivery task was queued.

The last lines of the output are one JSON object per run (database and size), with
`recipients`, `database`, `committed_seconds`, `first_batch_seconds`, `baseline_seconds`.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from benchmarks.messaging import ROOT, postgres_answers, replace_section
from benchmarks.report import machine

SECTION = "## Fan-out"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/wt_performance"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
TABLE = "messaging_outboundmessage"
TARGET_RATIO = 1.5
TARGET_FIRST_BATCH = 0.2


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks fanout", description=__doc__)
    parser.add_argument("--recipients", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--rounds", type=int, default=3, help="median of this many rounds")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("VECINOS_BENCH_FANOUT_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL database of the bench's own (created if missing; its outbox is emptied)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md as it is")
    return parser.parse_args(argv)


# --- the measuring process ------------------------------------------------------------------


def child(count: int, baseline_path: str) -> dict:
    """In a process of its own (Django set up by the environment): queue, then the baseline."""
    import django

    django.setup()
    from django.db import connection
    from django_tasks.signals import task_enqueued

    from vecinos.messaging.services import Recipient, queue_many
    from vecinos.messaging.testing.fanout import numbers
    from vecinos.privacy import crypto
    from vecinos.privacy.blind_index import normalize_phone

    handed: list[float] = []

    def note(sender, **kwargs) -> None:
        handed.append(time.perf_counter())

    # Sent by the task backend once it has queued a task: one per batch handed over.
    task_enqueued.connect(note, weak=False)
    recipients = [
        Recipient(to=to, language="es" if i % 2 else "en", dedupe_key=f"alert:bench:{i}")
        for i, to in enumerate(numbers(count))
    ]
    # A running worker has its keys in memory and its modules imported (phonenumbers reads
    # its tables on first use); a fresh process does that first, outside the measurement.
    crypto.active_key_id()
    normalize_phone(numbers(1)[0])
    started = time.perf_counter()
    report = queue_many(
        recipients,
        channel="sms",
        purpose="alert",
        body={
            "en": "ICE reported at 5th and Main. Stay inside.",
            "es": "ICE en 5 y Main. Quédese adentro.",
        },
        batch="alert:bench",
    )
    committed = time.perf_counter() - started
    assert report.queued == count, report.as_dict()
    columns = [f.column for f in _outbox_fields()]
    rows = _stored_rows(connection, columns)
    connection.close()
    baseline = _baseline(columns, rows, baseline_path)
    return {
        "committed_seconds": round(committed, 4),
        "first_batch_seconds": round(handed[0] - started, 4),
        "baseline_seconds": round(baseline, 4),
        "delivery_tasks": len(handed),
    }


def _stored_rows(connection, columns: list[str]) -> list[tuple]:
    """The outbox rows as the database holds them (no conversion to Python types)."""
    sql = f"SELECT {', '.join(columns)} FROM {TABLE}"  # noqa: S608
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    import sqlite3

    raw = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        return raw.execute(sql).fetchall()
    finally:
        raw.close()


def _outbox_fields():
    from vecinos.messaging.models import OutboundMessage

    return OutboundMessage._meta.concrete_fields


def _baseline(columns: list[str], rows: list[tuple], sqlite_path: str) -> float:
    """Write `rows` into an empty outbox in one transaction, the plainest way; return seconds."""
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as pg:
            pg.execute(f"TRUNCATE {TABLE}")  # noqa: S608
            pg.commit()
            started = time.perf_counter()
            with (
                pg.cursor() as cursor,
                cursor.copy(
                    f"COPY {TABLE} ({', '.join(columns)}) FROM STDIN"  # noqa: S608
                ) as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            pg.commit()
            return time.perf_counter() - started
    import sqlite3

    # A fresh copy of the migrated database, opened as vecinos opens it (WAL, synchronous
    # NORMAL, IMMEDIATE transactions).
    db = sqlite3.connect(sqlite_path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        placeholders = ", ".join("?" * len(columns))
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )
        db.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        db.close()


# --- the driver ------------------------------------------------------------------------------


def _environment(work: Path, kek: str, database_url: str) -> dict:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "VECINOS_KEY_FILE", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="vecinos.messaging.testing.settings",
        VECINOS_DATA_DIR=str(work / "data"),
        VECINOS_KEK=kek,
        # Nothing is sent; should anything try, it reaches a closed port on loopback.
        TWILIO_API_BASE="http://127.0.0.1:9",
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own modules)
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    # The bench's own database starts empty each time (its keys went with the last run).
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


class Target:
    """One database migrated once; `fresh()` gives the environment of one run on it."""

    def __init__(self, name: str, work: Path, postgres_url: str) -> None:
        self.name = name
        self.work = work / name
        self.kek = base64.b64encode(os.urandom(32)).decode()
        self.url = postgres_url if name == "postgresql" else ""
        if self.url:
            _ensure_postgres_database(self.url)
        (self.work / "template" / "data").mkdir(parents=True)
        self.env = _environment(self.work / "template", self.kek, self.url)
        _run(self.env, "manage.py", "migrate", "--noinput", "-v", "0")
        self.runs = 0

    def fresh(self) -> tuple[dict, str]:
        """The environment of a run on an empty outbox, and the baseline's SQLite file."""
        import shutil

        self.runs += 1
        if self.url:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as connection:
                # The keys stay (a site has them already); outbox and task rows go.
                connection.execute(f"TRUNCATE {TABLE}, django_tasks_database_dbtaskresult")  # noqa: S608
            return self.env, ""
        run = self.work / f"run-{self.runs}"
        source = self.work / "template" / "data" / "vecinos.sqlite3"
        for copy in ("a", "b"):
            (run / copy / "data").mkdir(parents=True)
            shutil.copyfile(source, run / copy / "data" / "vecinos.sqlite3")
        env = _environment(run / "a", self.kek, "")
        return env, str(run / "b" / "data" / "vecinos.sqlite3")


def measure(target: Target, count: int) -> dict:
    env, baseline_path = target.fresh()
    out = _run(env, "-m", "benchmarks.fanout", "--child", str(count), baseline_path)
    return json.loads(out.strip().splitlines()[-1])


def render(results: list[dict], started: float, load: tuple, rounds: int) -> str:
    info = machine()
    python = platform.python_version()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    rows = [
        "| database | recipients | committed (queue_many) | first batch handed over"
        " | baseline (same rows) | ratio | target ≤ 1.5 × baseline, first ≤ 0.2 s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        met = r["ratio"] <= TARGET_RATIO and r["first_batch_seconds"] <= TARGET_FIRST_BATCH
        rows.append(
            f"| {r['database']} | {r['recipients']:,} | {r['committed_seconds']:.2f} s |"
            f" {r['first_batch_seconds']:.3f} s | {r['baseline_seconds']:.2f} s"
            f" ({r['baseline']}) | {r['ratio']:.2f} × | {'met' if met else '**not met**'} |"
        )
    return f"""{SECTION}

How long `queue_many` takes to write an alert's audience to the outbox (one encrypted row per
person: number normalized, opt-outs and used dedupe keys checked, blind index, sealed number
and text), beside the *baseline*: the same rows, read back, written into an empty outbox table
the plainest way the database has, in the same run. Measured by `python -m benchmarks fanout`
(part of `make bench`); medians of {rounds} rounds, each in a fresh process on a fresh
database, no worker running.

| measured | value |
| --- | --- |
| when | {when} |
| machine | {info["cpus"]} CPUs, {info["cpu"]}, {info["memory"]}, Python {python} |
| load average before → after | {load[0][0]:.2f} → {load[1][0]:.2f} |

{chr(10).join(rows)}

- **committed**: from calling `queue_many` (outside any transaction, so that each batch
  commits on its own) until it returned with every batch committed; each batch is one statement
  (`executemany` on SQLite, `INSERT … SELECT FROM unnest(…)` on PostgreSQL) in its own
  transaction, handed to the workers as it commits.
- **first batch handed over**: until the first batch's delivery task was queued.
- **baseline**: one `executemany` of one INSERT (SQLite) or one COPY (PostgreSQL) of the same
  rows, in one transaction, into the same empty table with the same indexes.
"""


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    started = time.time()
    load_before = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory(prefix="vecinos-bench-fanout-") as temp:
        for name in args.databases:
            if name == "postgresql" and not postgres_answers(
                urllib.parse.urlunsplit(
                    urllib.parse.urlsplit(args.postgres_url)._replace(path="/postgres")
                )
            ):
                print(
                    f"PostgreSQL does not answer at {args.postgres_url}; skipped.", file=sys.stderr
                )
                continue
            print(f"Migrating a {name} database…", file=sys.stderr)
            target = Target(name, Path(temp), args.postgres_url)
            for count in args.recipients:
                runs = [measure(target, count) for _ in range(args.rounds)]
                result = {
                    "recipients": count,
                    "database": name,
                    "rounds": args.rounds,
                    "baseline": "COPY" if name == "postgresql" else "executemany",
                }
                for key in ("committed_seconds", "first_batch_seconds", "baseline_seconds"):
                    result[key] = round(statistics.median(run[key] for run in runs), 4)
                result["delivery_tasks"] = runs[0]["delivery_tasks"]
                result["ratio"] = round(result["committed_seconds"] / result["baseline_seconds"], 3)
                print(
                    f"  {name:<10} {count:>7,}  committed {result['committed_seconds']:6.2f} s"
                    f"  first batch {result['first_batch_seconds']:.3f} s"
                    f"  baseline {result['baseline_seconds']:6.2f} s  ({result['ratio']:.2f} ×)",
                    file=sys.stderr,
                )
                results.append(result)
    load = (load_before, os.getloadavg())
    for result in results:
        result["load_average"] = [round(load[0][0], 2), round(load[1][0], 2)]
    if results and not args.no_write:
        section = render(results, started, load, args.rounds)
        replace_section(args.output, section, SECTION)
        print(section)
    for result in results:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(int(sys.argv[2]), sys.argv[3])))
        raise SystemExit(0)
    raise SystemExit(main())
