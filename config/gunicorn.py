"""gunicorn settings for `make run` and for production behind a reverse proxy.

Sized for the usual small server of two cores: three processes of two threads (one process
more than cores, WEB_CONCURRENCY and VECINOS_THREADS change them). Chosen from
`python -m benchmarks shape` (BENCHMARKS.md, "Server shape"), which starts each shape on the
demo site and measures, at 64 connections, page-cache hits, the uncached records search and
the zone sign-up POST. On 2026-12-02, on this 2-core machine under heavy other load (load
average 7 to 11), 4 s a point:

    shape          cache hits     p99   records search   sign-up rows/s   PSS per worker
    sync 2          3,029/s     32 ms       17.9/s            41.5            143 MB
    sync 4          3,378/s     35 ms       12.2/s            23.2            141 MB
    gthread 2 × 4   2,416/s    116 ms       16.8/s            15.5            150 MB
    gthread 3 × 2   7,899/s     37 ms       14.8/s            33.5            145 MB
    gthread 3 × 4   2,233/s    197 ms        8.0/s            23.5            145 MB
    gthread 5 × 4   6,867/s     61 ms       16.2/s            32.8            146 MB
                                                      (the old shape; 68-89 ms before)

A second sweep at 14:39 UTC, under still heavier load (9 to 11), put every shape's hit p99
between 63 and 167 ms and its figures within noise of one another; it is the one in
BENCHMARKS.md. Measure again on an idle machine before changing the shape.

Why this one: a page-cache hit costs a few microseconds of Python, so what limits it is
gunicorn's own request handling, and keep-alive (threads) spares a connection per request:
gthread answers hits at two to three times the rate of sync workers, which close each
connection (nginx keeps its upstream connections open too, deploy/nginx/vecinos.conf). More
threads per process than two queue requests behind one interpreter lock and raise the p99
(4 threads: 116-197 ms); two per process keep it under 50 ms like sync workers do, and let
a process go on answering while one of its requests waits on SQLite's write lock. Uncached
pages and writes are bound by the two cores and by SQLite's one writer, and differ between
shapes less than the noise of the machine (D, the plain Django anchor measured beside each
shape, moved from 93 to 254 requests/s). Three processes instead of five hold about 40% less
memory (each about 180 MB resident, 145 MB of it its own). Connections to the database
persist (CONN_MAX_AGE=600, on SQLite and PostgreSQL, config/settings/base.py): one per thread.
"""

import multiprocessing
import os

bind = os.environ.get("VECINOS_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# Threads keep connections alive between requests, which the default sync worker does not.
worker_class = "gthread"
threads = int(os.environ.get("VECINOS_THREADS", "2"))
# Longer than nginx's upstream keepalive_timeout (4 s in deploy/nginx/vecinos.conf), so that
# nginx closes an idle connection first and never sends a request into one being closed.
keepalive = 5
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
