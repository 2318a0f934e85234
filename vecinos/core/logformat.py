"""One clock for every log line: UTC, written as ISO 8601 with a Z.

Django sets the process's time zone to TIME_ZONE (America/New_York by default) while
gunicorn's master process, which never loads Django, logs in the machine's zone; the lines of
one start then mixed two zones. Django's LOGGING and gunicorn's logconfig_dict
(config/gunicorn.py) both use this formatter, so every line reads the same way. It imports
nothing from Django, so gunicorn can load it before Django is set up.
"""

import logging
import time

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class UTCFormatter(logging.Formatter):
    """ "2026-12-04T22:05:09.123Z INFO vecinos.messaging ..." whatever the process's zone."""

    converter = time.gmtime

    def __init__(self, fmt: str | None = FORMAT, datefmt: str | None = None, style="%", **kw):
        super().__init__(fmt or FORMAT, datefmt, style, **kw)

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's own name)
        moment = self.converter(record.created)
        if datefmt:
            return time.strftime(datefmt, moment)
        return f"{time.strftime('%Y-%m-%dT%H:%M:%S', moment)}.{int(record.msecs):03d}Z"
