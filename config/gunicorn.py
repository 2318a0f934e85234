"""gunicorn settings for `make run` and for production behind a reverse proxy."""

import multiprocessing
import os

bind = os.environ.get("VECINOS_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads keep connections alive between requests, which the default sync worker does not.
worker_class = "gthread"
threads = int(os.environ.get("VECINOS_THREADS", "4"))
keepalive = 5
# The access log is off: gunicorn's format would carry IP addresses and query strings.
accesslog = None
errorlog = "-"
