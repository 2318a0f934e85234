"""gunicorn settings for `make run` and for production behind a reverse proxy.

Sized for the usual small server of two cores: five processes of four threads. Most anonymous
requests are answered from the page cache in a few microseconds of Python, so what limits
throughput is gunicorn's own request handling, which runs in parallel only across processes
(one interpreter lock each); the threads let a process keep many keep-alive connections open
and keep answering while one of its requests waits on the database.
"""

import multiprocessing
import os

bind = os.environ.get("VECINOS_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads keep connections alive between requests, which the default sync worker does not.
worker_class = "gthread"
threads = int(os.environ.get("VECINOS_THREADS", "4"))
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
