"""Every log line is in UTC: Django's (whose process runs in TIME_ZONE) and gunicorn's."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})Z (\w+) ", re.MULTILINE)

GUNICORN_LINE = """
import runpy, logging
from gunicorn.config import Config
from gunicorn.glogging import Logger
settings = runpy.run_path("config/gunicorn.py")
cfg = Config()
cfg.set("logconfig_dict", settings["logconfig_dict"])
cfg.set("errorlog", "-")
log = Logger(cfg)
log.error("one line from gunicorn")
"""
DJANGO_LINE = "import logging; logging.getLogger('vecinos.check').warning('one line from vecinos')"


def _run(*args, **env):
    environment = {**os.environ, "TZ": "Asia/Tokyo", **env}
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout + result.stderr


def _stamps(output: str, needle: str) -> list[datetime.datetime]:
    lines = [line for line in output.splitlines() if needle in line]
    assert lines, output
    found = []
    for line in lines:
        match = STAMP.match(line)
        assert match, line
        found.append(datetime.datetime.fromisoformat(match.group(1)).replace(tzinfo=datetime.UTC))
    return found


def test_django_and_gunicorn_lines_are_both_in_utc(tmp_path):
    now = datetime.datetime.now(datetime.UTC)
    # The machine's zone (Tokyo here), Django's TIME_ZONE (New York) and UTC all differ by
    # hours, so a line written in either local zone would be far from now in UTC.
    gunicorn = _stamps(_run("-c", GUNICORN_LINE), "one line from gunicorn")
    django = _stamps(
        _run(
            "manage.py",
            "shell",
            "-c",
            DJANGO_LINE,
            DJANGO_SETTINGS_MODULE="config.settings.test",
            VECINOS_TIME_ZONE="America/New_York",
            VECINOS_DATA_DIR=str(tmp_path),
        ),
        "one line from vecinos",
    )
    for stamp in gunicorn + django:
        assert abs((stamp - now).total_seconds()) < 120, (stamp, now)


ACCESS_LINE = """
import runpy
from types import SimpleNamespace
from gunicorn.config import Config
from gunicorn.glogging import Logger
settings = runpy.run_path("config/gunicorn.py")
cfg = Config()
cfg.set("logconfig_dict", settings["logconfig_dict"])
cfg.set("errorlog", "-")
log = Logger(cfg)
request = SimpleNamespace(method="POST", path="/en/zones/confirm/SECRET-IN-THE-PATH/",
    query="", version=(1, 1), headers=[])
response = SimpleNamespace(status="200 OK", sent=10, headers=[])
environ = {"REMOTE_ADDR": "203.0.113.9", "REQUEST_METHOD": "POST", "QUERY_STRING": "",
    "RAW_URI": request.path, "PATH_INFO": request.path, "SERVER_PROTOCOL": "HTTP/1.1"}
log.access(response, request, environ, __import__("datetime").timedelta(0))
log.error("after the request")
"""


def test_gunicorn_writes_no_access_line():
    """gunicorn's logging configuration would turn its access log on: each line a path."""
    output = _run("-c", ACCESS_LINE)
    assert "after the request" in output
    assert "SECRET-IN-THE-PATH" not in output
