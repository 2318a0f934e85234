"""A real installation on real files, for the seized-disk test.

Everything a seized server would hand over lives in one folder (VECINOS_DATA_DIR: the SQLite
database with its WAL, uploads, the file cache, the logs), except the key, which sits in a
folder of its own as production keeps it. On PostgreSQL a database is created beside the one
DATABASE_URL names, dumped with pg_dump into the work folder, and dropped afterwards.

The web server is gunicorn with the production configuration and the task worker is
`manage.py db_worker`, both as separate processes whose output is written into
DATA_DIR/logs, so whatever they print is on the disk that is searched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
PG_DUMP = "/usr/bin/pg_dump"
TWILIO_TOKEN = "seized-disk-test-token-" + "0" * 8
SMS_PATH = "/hooks/twilio/sms/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Hit:
    file: str
    kind: str
    needle: str


def search_files(paths: list[Path], needles: dict[str, list[tuple[str, bytes, bool]]]) -> list[Hit]:
    """Return every (file, kind, needle) where a needle's bytes occur in a file.

    `needles` maps a kind ("phone", "email", "name") to (label, bytes, case_insensitive)
    triples; a case-insensitive needle is matched against the lower-cased file.
    """
    hits = []
    for path in paths:
        data = path.read_bytes()
        lowered = data.lower()
        for kind, entries in needles.items():
            for label, needle, fold in entries:
                if (needle.lower() in lowered) if fold else (needle in data):
                    hits.append(Hit(str(path), kind, label))
    return hits


def every_file(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


class Installation:
    """A fresh vecinos on disk: data folder, key file elsewhere, database, demo site."""

    def __init__(self, work_dir: Path, key_dir: Path, server_url: str = "") -> None:
        self.work_dir = work_dir
        self.data_dir = work_dir / "data"
        self.logs = self.data_dir / "logs"
        self.logs.mkdir(parents=True)
        self.key_file = key_dir / "vecinos.key"
        self.port = free_port()
        self.public_url = f"http://127.0.0.1:{self.port}"
        self.server_url = server_url
        self.database_url = ""
        self.database_name = ""
        if server_url.startswith("postgres"):
            self.database_name = f"seized_{secrets.token_hex(6)}"
            parts = urllib.parse.urlsplit(server_url)
            self.database_url = urllib.parse.urlunsplit(
                parts._replace(path="/" + self.database_name)
            )
            with self._admin() as connection:
                connection.execute(f'CREATE DATABASE "{self.database_name}"')
        self.env = self._environment()
        self.server: subprocess.Popen | None = None

    def _environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "VECINOS_", "TWILIO_", "DATABASE_", "REDIS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.base",
            DJANGO_DEBUG="true",
            VECINOS_DATA_DIR=str(self.data_dir),
            VECINOS_KEY_FILE=str(self.key_file),
            VECINOS_PUBLIC_URL=self.public_url,
            VECINOS_BIND=f"127.0.0.1:{self.port}",
            VECINOS_TRUSTED_PROXY_COUNT="1",
            VECINOS_SMS_CHANNEL="vecinos.messaging.channels.console.ConsoleChannel",
            VECINOS_EMAIL_CHANNEL="vecinos.messaging.channels.console.ConsoleChannel",
            TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
            WEB_CONCURRENCY="2",
            PYTHONUNBUFFERED="1",
            # Django's console e-mail backend, the development default, prints every message
            # with its To: line (an applicant's address) to the worker's output. Production
            # sends by SMTP; this in-memory backend stands in for it, keeping the log clean.
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def _admin(self):
        import psycopg

        parts = urllib.parse.urlsplit(self.server_url)
        return psycopg.connect(
            urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True
        )

    def manage(self, *args: str, log: str) -> None:
        with open(self.logs / log, "ab") as output:
            subprocess.run(  # noqa: S603 (our own manage.py, argument list)
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=300,
            )

    def prepare(self) -> None:
        self.manage("create_key_file", str(self.key_file), log="setup.log")
        self.manage("migrate", "--no-input", log="setup.log")
        self.manage("load_demo", log="setup.log")

    def start_server(self) -> None:
        output = open(self.logs / "web.log", "ab")  # noqa: SIM115 (outlives this call)
        with output:
            self.server = subprocess.Popen(  # noqa: S603
                [GUNICORN, "config.wsgi", "-c", "config/gunicorn.py"],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError("gunicorn exited; see " + str(self.logs / "web.log"))
            with contextlib.suppress(requests.ConnectionError, requests.Timeout):
                requests.get(self.public_url + "/en/", timeout=30)
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within a minute")

    def stop_server(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=30)

    def run_worker(self) -> None:
        self.manage(
            "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", log="worker.log"
        )

    def open_jobs(self) -> dict[str, tuple[str, str]]:
        """Return {language: (job page URL, apply URL)} for one open demo posting each."""
        script = (
            "from django.urls import reverse\n"
            "from django.utils import translation\n"
            "from vecinos.jobs.models import JobPage\n"
            "for language in ('en', 'es'):\n"
            "    job = next(j for j in JobPage.objects.live().filter("
            "locale__language_code=language) if j.is_open)\n"
            "    with translation.override(language):\n"
            "        apply = reverse('jobs:application-create', args=[job.pk])\n"
            "        print('JOB', language, job.url, apply)\n"
        )
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        jobs = {}
        for line in result.stdout.splitlines():
            if not line.startswith("JOB "):
                continue
            _, language, page, apply = line.split()
            jobs[language] = (self.public_url + page, self.public_url + apply)
        return jobs

    def dump(self) -> Path | None:
        """pg_dump the PostgreSQL database into the work folder; None on SQLite."""
        if not self.database_name:
            return None
        parts = urllib.parse.urlsplit(self.server_url)
        target = self.work_dir / "dump.sql"
        subprocess.run(  # noqa: S603
            [
                PG_DUMP,
                "-h",
                parts.hostname or "127.0.0.1",
                "-p",
                str(parts.port or 5432),
                "-U",
                parts.username or "postgres",
                "-f",
                str(target),
                self.database_name,
            ],
            check=True,
            timeout=120,
            env={**os.environ, **({"PGPASSWORD": parts.password} if parts.password else {})},
        )
        return target

    def drop(self) -> None:
        if self.database_name:
            with self._admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
