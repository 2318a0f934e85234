"""Keep personal data out of logs and error reports.

A log line can outlive every retention period (copied to journald, a log shipper, a backup),
so whatever reaches a handler is scrubbed first: IP addresses, e-mail addresses and runs of
digits long enough to be a phone number are replaced before any formatter sees them.
"""

import ipaddress
import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

EMAIL_PATTERN = re.compile(r"[^\s@<>\"'(),;:]+@[^\s@<>\"'(),;:]+\.[A-Za-z]{2,}")
# Dates, times and UUIDs have many digits too; they are set aside before looking for phones.
SET_ASIDE_PATTERN = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
# Ten or more digits however grouped (a number with its area code, with or without the
# country code), or a local number written 555-0134; "200 1234" in an access line is neither.
PHONE_PATTERN = re.compile(r"(?<![\w.])(?:\+?\d(?:[ ().-]{0,2}\d){9,}|\d{3}[-.]\d{4})(?![\w.])")
IP_CANDIDATE_PATTERN = re.compile(r"(?<![\w:.])[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(?![\w:.])")

IP_MARK = "[ip]"
EMAIL_MARK = "[email]"
PHONE_MARK = "[phone]"


def _redact_ip(match: re.Match) -> str:
    candidate = match.group(0)
    # "10.0.0.1:5555" is an address with its port.
    for form in (candidate, candidate.rsplit(":", 1)[0] if "." in candidate else ""):
        try:
            ipaddress.ip_address(form)
        except ValueError:
            continue
        return IP_MARK + candidate[len(form) :]
    return candidate


def _redact_phones(text: str) -> str:
    pieces = []
    position = 0
    for kept in SET_ASIDE_PATTERN.finditer(text):
        pieces.append(PHONE_PATTERN.sub(PHONE_MARK, text[position : kept.start()]))
        pieces.append(kept.group(0))
        position = kept.end()
    pieces.append(PHONE_PATTERN.sub(PHONE_MARK, text[position:]))
    return "".join(pieces)


def redact(text: str) -> str:
    """Replace IP addresses, e-mail addresses and phone-like digit runs in `text`."""
    text = EMAIL_PATTERN.sub(EMAIL_MARK, text)
    text = IP_CANDIDATE_PATTERN.sub(_redact_ip, text)
    return _redact_phones(text)


def looks_personal(text: str) -> bool:
    """Tell whether `text` holds an IP address, an e-mail address or a phone number."""
    return redact(text) != text


class RedactPersonalData(logging.Filter):
    """A handler filter that scrubs the message and any traceback of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record still gets logged, unformatted
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# A path segment this long is a secret link's token (a zone confirmation or management link,
# a workshop ticket, a monthly gift), or could be: slugs and numbers are shorter.
SECRET_SEGMENT_PATTERN = re.compile(r"(?<=/)[^/\s?#]{16,}(?=[/?#\s]|$)")
SECRET_MARK = "[secret]"  # noqa: S105 (a mark, not a password)


def redact_secret_paths(text: str) -> str:
    """Replace every long segment of the paths in `text` with a mark."""
    return SECRET_SEGMENT_PATTERN.sub(SECRET_MARK, text)


class RedactSecretPaths(logging.Filter):
    """A filter for the loggers that write a request's path (django.request and the CSRF
    check): a secret link's path is the person's secret, so its long segments are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg = redact_secret_paths(message)
        record.args = None
        return True


class NoPersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports without form contents, client addresses, query strings or keys.

    Django hides settings whose names hold KEY, SECRET, TOKEN, PASS...; vecinos also has
    key-encryption keys (VECINOS_KEK), recovery shares and connection URLs that carry a
    password, so those names are hidden too.
    """

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|KEK|SECRET|PASS|SHARE|SIGNATURE|HTTP_COOKIE|DATABASE_URL|REDIS_URL|DSN",
        flags=re.IGNORECASE,
    )

    hidden_meta = {
        "REMOTE_ADDR",
        "REMOTE_HOST",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_REAL_IP",
        "HTTP_FORWARDED",
        "HTTP_CLIENT_IP",
        "HTTP_TRUE_CLIENT_IP",
        "HTTP_CF_CONNECTING_IP",
        "QUERY_STRING",
        "HTTP_REFERER",
    }

    def get_post_parameters(self, request):
        if request is None:
            return {}
        parameters = request.POST.copy()
        for key in parameters:
            parameters[key] = self.cleansed_substitute
        return parameters

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in self.hidden_meta & meta.keys():
            meta[key] = self.cleansed_substitute
        return meta

    def get_traceback_frame_variables(self, request, tb_frame):
        # A frame's variables may hold a decrypted name or message: show only their types.
        shown = []
        for name, value in tb_frame.f_locals.items():
            if value is None or isinstance(value, bool | int | float):
                shown.append((name, value))
            else:
                shown.append((name, f"<{type(value).__name__}>"))
        return shown


class NoPersonalDataExceptionReporter(ExceptionReporter):
    """Error reports that leave out the query string, which can carry an address or a phone."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            substitute = self.filter.cleansed_substitute
            data["request_GET_items"] = [(key, substitute) for key in self.request.GET]
            data["request_insecure_uri"] = redact(data["request_insecure_uri"].split("?")[0])
        return data


# What Django reports under django.security.<name> when a request breaks one of its limits.
# Every one of them is the client's doing (a forged Host, a body past the upload limits, a
# broken multipart body), answered 400; Django logs them at ERROR with a traceback.
# config/settings/base.py gives each of these loggers the filter below.
CLIENT_MISTAKES = (
    "DisallowedHost",
    "DisallowedRedirect",
    "InvalidSessionKey",
    "RequestDataTooBig",
    "SuspiciousFileOperation",
    "SuspiciousMultipartForm",
    "SuspiciousOperation",
    "SuspiciousSession",
    "TooManyFieldsSent",
    "TooManyFilesSent",
)


class ClientMistakeAsWarning(logging.Filter):
    """Log a request the client got wrong as one WARNING line, without a traceback.

    An ERROR is what an operator is paged for, and a traceback is what a log keeps longest;
    a client posting 150 files is neither a fault of the server nor worth either.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
