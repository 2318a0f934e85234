"""gunicorn settings for `make run` and for production behind a reverse proxy.

Sized for the usual small server of two cores: three sync worker processes, one more than
cores (WEB_CONCURRENCY changes it). Chosen from `python -m benchmarks shape` (BENCHMARKS.md,
"Server shape"), which starts each shape on the demo site and measures, at 64 connections,
page-cache hits, the uncached records search and the zone sign-up POST, with D (a plain
Django page) beside each. Two sweeps on this 2-core machine on 2026-12-02, 4-5 s a point
(18:43 UTC with nothing else running, then 20:19 UTC with the bench alone, load 2.8 to 6):

    shape          cache hits       p99       records search   sign-up rows/s   p99
    sync 2         4,962 / 4,456   17 / 19 ms     59 / 59         73 / 92      0.98 / 0.83 s
    sync 3         4,754 / 5,203   29 / 18 ms     47 / 70         54 / 99      1.43 / 0.90 s
    sync 4         4,411 / 5,128   28 / 19 ms     47 / 76         58 / 101     1.42 / 1.08 s
    gthread 2 × 4  4,527 / 5,990   36 / 22 ms     47 / 83         50 / 81      3.44 / 1.90 s
    gthread 3 × 2  4,176 / 5,661   53 / 51 ms     52 / 68         52 / 76      3.12 / 1.61 s
    gthread 3 × 4  5,594 / 5,846   39 / 52 ms     54 / 79         56 / 84      2.56 / 1.88 s
    gthread 5 × 4  5,648 / 4,529   54 / 81 ms     26 / 65         43 / 64      3.18 / 2.01 s

Why sync workers: uncached pages and writes are bound by the two cores, and threads only
queue requests behind each process's interpreter lock, so every gthread shape has the longer
tail: the page-cache hits' p99 is 17-29 ms with sync workers against 22-81 ms, and the
sign-up POST's 0.8-1.4 s against 1.6-3.4 s, since a thread that holds SQLite's one write lock
waits behind its siblings' Python. Throughput differs between shapes less than between the
two sweeps. Three processes rather than two let one go on answering while another waits on
the write lock or on a slow request; four gained nothing measurable and hold another
150 MB (each worker about 188 MB resident, 150 MB of it its own). A sync worker closes the
connection after each answer; nginx in front (deploy/nginx/vecinos.conf) keeps the visitors'
connections open and buffers slow clients, which is what sync workers need. Connections to
the database persist (CONN_MAX_AGE=600, on SQLite and PostgreSQL, config/settings/base.py):
one per process.
"""

import multiprocessing
import os

bind = os.environ.get("VECINOS_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Workers signal that they are alive by touching a file; on a slow or busy disk that can
# stall them, memory cannot. gunicorn makes each file with mkstemp and unlinks it at once.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY
# gunicorn's control socket (worker counts, reload, shutdown) defaults to one path per user,
# which two instances on a machine would fight over; systemd and signals do the same job.
control_socket_disable = True
# The access log is off: gunicorn's format would carry IP addresses and query strings.
accesslog = None
errorlog = "-"
# gunicorn's own lines in UTC with the same format as Django's (vecinos/core/logformat.py):
# its default writes the master's local time, and Django's would be TIME_ZONE's.
# A logging configuration turns gunicorn's access log on whatever `accesslog` says, so its
# logger is given no handler here: an access line would hold a path, and some paths are a
# person's own link (/zones/confirm/<secret>/).
logconfig_dict = {
    "formatters": {
        "generic": {
            "()": "vecinos.core.logformat.UTCFormatter",
            "format": "%(asctime)s %(levelname)s gunicorn [%(process)d] %(message)s",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
}

# bin/run-platform (`make run`) starts everything from this one process, so that a start
# imports Django once: the master, which has loaded the application (--preload), first gets
# the installation ready (`manage.py start_platform` with the arguments in
# VECINOS_START_PLATFORM), then binds, forks the web workers and starts the background
# worker, which it stops when it exits. Without that variable (production under systemd, the
# bench) these hooks do nothing.
START_PLATFORM = os.environ.get("VECINOS_START_PLATFORM")


def on_starting(server):
    if START_PLATFORM is None:
        return
    import shlex

    from django.core.management import call_command
    from django.db import connections

    call_command("start_platform", *shlex.split(START_PLATFORM))
    # The forked workers must not share the master's database connections.
    connections.close_all()


def when_ready(server):
    if START_PLATFORM is None:
        return
    import subprocess
    import sys

    # --no-reload: under DEBUG the worker would otherwise run twice, one process polling every
    # source file for changes (a few percent of a core while idle); `make dev` is for reloading.
    server.background_worker = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"]
    )


def on_exit(server):
    worker = getattr(server, "background_worker", None)
    if worker is not None and worker.poll() is None:
        worker.terminate()
        worker.wait(timeout=30)
