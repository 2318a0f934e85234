"""Real worker processes against a throwaway database, for reliability tests and the bench.

pytest-django's test database lives inside the test process's transaction (or is invisible
to other processes), so anything that needs real workers — a kill -9, a lost Redis — runs out
of process here: a fresh SQLite file, or a PostgreSQL database created beside the one
DATABASE_URL names and dropped afterwards; `manage.py migrate`; a fan-out queued by
`python -m vecinos.messaging.testing.fanout`; K `db_worker` or `rqworker` processes with SMS
going to a FakeTwilio in the calling process. The test reads the outbox with plain SQL.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from vecinos.messaging.testing.fake_twilio import FakeTwilio

ROOT = Path(__file__).resolve().parents[3]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
OUTBOX_TABLE = "messaging_outboundmessage"
_names = itertools.count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayDatabase:
    """A database of its own: a SQLite file in `work_dir`, or a new PostgreSQL database.

    With `server_url` naming a PostgreSQL database (as DATABASE_URL does in the test run),
    a database `test_reliability_<pid>_<n>` is created on the same server and dropped by
    `drop()`; otherwise a SQLite file is used and goes with the folder.
    """

    def __init__(
        self, work_dir: Path, server_url: str = "", *, template: ThrowawayDatabase | None = None
    ) -> None:
        self.work_dir = work_dir
        self.server_url = server_url
        self.vendor = "postgresql" if server_url.startswith("postgres") else "sqlite"
        self.url = ""
        self.sqlite_path = work_dir / "data" / "vecinos.sqlite3"
        self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        if self.vendor == "postgresql":
            self.name = f"test_reliability_{os.getpid()}_{next(_names)}"
            parts = urllib.parse.urlsplit(server_url)
            self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
            copy = f' TEMPLATE "{template.name}"' if template else ""
            with self._admin() as connection:
                connection.execute(f'CREATE DATABASE "{self.name}"{copy}')
        elif template:
            shutil.copyfile(template.sqlite_path, self.sqlite_path)

    def _admin(self):
        import psycopg

        # The server's maintenance database: the one DATABASE_URL names may not exist (the
        # test runner creates test_<name> instead).
        parts = urllib.parse.urlsplit(self.server_url)
        admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        return psycopg.connect(admin_url, autocommit=True)

    def drop(self) -> None:
        if self.vendor != "postgresql":
            return
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one read-only query; `%s` placeholders on both databases."""
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as connection:
                return connection.execute(sql, params).fetchall()
        with contextlib.closing(sqlite3.connect(self.sqlite_path, timeout=30)) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()


class WorkerPool:
    """K worker processes, each in its own session so a kill reaches its children too."""

    def __init__(self, deployment: Deployment, count: int, backend: str) -> None:
        self.deployment = deployment
        self.count = count
        self.backend = backend
        self.processes: list[subprocess.Popen] = []
        self.peak_rss_kb: dict[int, int] = {}

    def command(self, number: int) -> list[str]:
        name = f"w{os.getpid()}-{next(_names)}-{number}"
        if self.backend == "sweeper":
            return [PYTHON, "manage.py", "outbox_sweeper", "--interval", "5"]
        if self.backend == "rq":
            return [
                PYTHON,
                "manage.py",
                "rqworker",
                "--job-class",
                "django_tasks_rq.Job",
                "--with-scheduler",
                "--name",
                name,
                "default",
            ]
        return [
            PYTHON,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            name,
        ]

    def start(self) -> WorkerPool:
        for number in range(self.count):
            log = open(self.deployment.work_dir / f"worker-{self.backend}-{number}.log", "ab")
            with log:
                self.processes.append(
                    subprocess.Popen(  # noqa: S603 (our own manage.py, argument list)
                        self.command(number),
                        cwd=ROOT,
                        env=self.deployment.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        return self

    def alive(self) -> bool:
        return all(process.poll() is None for process in self.processes)

    def sample_memory(self) -> None:
        """Remember each worker's peak resident memory (its process group's largest)."""
        for process in self.processes:
            peak = max((_peak_rss_kb(pid) for pid in _group(process.pid)), default=0)
            self.peak_rss_kb[process.pid] = max(self.peak_rss_kb.get(process.pid, 0), peak)

    def kill(self) -> None:
        """kill -9 every worker and everything it started, at once."""
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        for process in self.processes:
            process.wait(timeout=30)

    def stop(self, grace: float = 10) -> None:
        self.sample_memory()
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


def _group(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _peak_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Deployment:
    """A throwaway vecinos installation whose SMS go to `fake` and whose tasks run on K workers."""

    def __init__(
        self,
        work_dir: Path,
        *,
        fake: FakeTwilio | None = None,
        database_server_url: str = "",
        template: MigratedTemplate | None = None,
        redis_url: str = "",
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.work_dir = work_dir
        self.fake = fake
        (work_dir / "data").mkdir(parents=True, exist_ok=True)
        self.database = ThrowawayDatabase(
            work_dir, database_server_url, template=template.database if template else None
        )
        # The key-encryption key goes with the database: a copy of a template keeps its keys.
        kek = template.kek if template else base64.b64encode(os.urandom(32)).decode()
        env = dict(os.environ)
        # Whatever the calling shell points at (a database, a cache, a key) stays untouched.
        for name in ("DATABASE_URL", "REDIS_URL", "VECINOS_KEY_FILE", "DJANGO_SETTINGS_MODULE"):
            env.pop(name, None)
        env.update(
            DJANGO_SETTINGS_MODULE="vecinos.messaging.testing.settings",
            VECINOS_DATA_DIR=str(work_dir / "data"),
            VECINOS_KEK=kek,
            TWILIO_FROM_NUMBER="+15005550006",
            VECINOS_SMS_CHANNEL="vecinos.messaging.channels.twilio_sms.TwilioSMSChannel",
            # No rate limit unless a test sets one: the fake provider's limit is what is tested.
            VECINOS_SMS_RATE="0",
            PYTHONUNBUFFERED="1",
        )
        if fake is not None:
            env.update(
                TWILIO_API_BASE=fake.url,
                TWILIO_ACCOUNT_SID=fake.account_sid,
                TWILIO_AUTH_TOKEN=fake.auth_token,
            )
        if self.database.url:
            env["DATABASE_URL"] = self.database.url
        if redis_url:
            env["REDIS_URL"] = redis_url
        env.update(extra_env or {})
        self.env = env
        self.pools: list[WorkerPool] = []

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603 (our own modules, argument list)
            [PYTHON, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def migrate(self) -> Deployment:
        self.run("manage.py", "migrate", "--noinput", "-v", "0")
        return self

    def fanout(self, count: int, *, batch: str, **options) -> dict:
        """Queue one SMS to each of `count` made-up numbers; return the script's report."""
        args = ["-m", "vecinos.messaging.testing.fanout", "--count", str(count), "--batch", batch]
        for name, value in options.items():
            flag = "--" + name.replace("_", "-")
            if value is True:
                args.append(flag)
            elif value not in (None, False):
                args += [flag, str(value)]
        done = self.run(*args)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start_workers(self, count: int, backend: str = "db") -> WorkerPool:
        pool = WorkerPool(self, count, backend).start()
        self.pools.append(pool)
        return pool

    def statuses(self, batch: str) -> Counter[str]:
        rows = self.database.query(
            f"SELECT status, COUNT(*) FROM {OUTBOX_TABLE} WHERE batch = %s GROUP BY status",  # noqa: S608
            (batch,),
        )
        return Counter(dict(rows))

    def wait_until(self, condition, *, timeout: float, interval: float = 0.25) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(interval)
        return bool(condition())

    def close(self) -> None:
        for pool in self.pools:
            pool.stop()
        self.database.drop()

    def __enter__(self) -> Deployment:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def log_tail(self, lines: int = 40) -> str:
        """The end of every worker log, for a failing test's message."""
        parts = []
        for log in sorted(self.work_dir.glob("worker-*.log")):
            text = log.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(parts)


class MigratedTemplate:
    """A database migrated once, copied for each deployment (migrating takes a while).

    `Deployment(..., template=t)` starts from a copy: a file copy on SQLite, CREATE DATABASE
    … TEMPLATE on PostgreSQL. `close()` drops it.
    """

    def __init__(self, work_dir: Path, database_server_url: str = "") -> None:
        deployment = Deployment(work_dir, database_server_url=database_server_url)
        deployment.migrate()
        self.database = deployment.database
        self.kek = deployment.env["VECINOS_KEK"]

    def close(self) -> None:
        self.database.drop()
