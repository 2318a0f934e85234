"""Flood resistance for public forms that never records who sent what.

Rate limits count requests per client under a keyed hash of the client's address, never the
address itself, and a honeypot field catches the simplest robots.
"""

import hashlib
import hmac
import secrets
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

DAILY_KEY_CACHE_NAME = "vecinos:ratelimit:secret:{day}"
COUNT_CACHE_KEY = "vecinos:ratelimit:{scope}:{window}:{digest}"
# The secret of a day is needed during that day only; the extra hour covers clock skew
# between machines.
SECRET_LIFETIME = 25 * 60 * 60


def _now() -> datetime:
    """The clock; tests replace it to move between days."""
    return datetime.now(UTC)


def _store() -> str:
    """Where the counts live: VECINOS_RATELIMIT_STORE, else Redis when REDIS_URL
    is set, else the database. Never the file cache, which deletes a third of its entries
    once it holds 300, so that a flood from many addresses would erase its own counts."""
    chosen = getattr(settings, "VECINOS_RATELIMIT_STORE", "")
    if chosen:
        return chosen
    return "redis" if getattr(settings, "REDIS_URL", "") else "database"


_redis_clients: dict = {}


def _redis():
    url = settings.REDIS_URL
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url)
    return _redis_clients[url]


def _daily_secret(day: str) -> bytes:
    # Every web process must hash an address to the same value, or each would count alone
    # and the limit would multiply by the number of workers. In Redis and the cache, a random
    # secret made on first use and kept beside the counts gives them one key; while it lives,
    # someone who seizes that store could test guessed addresses against the counts of the
    # last few minutes, and it expires after its day. The database store derives its key
    # instead (below), since the database is what backups copy.
    key = DAILY_KEY_CACHE_NAME.format(day=day)
    store = _store()
    if store == "redis":
        client = _redis()
        client.set(key, secrets.token_hex(32), nx=True, ex=SECRET_LIFETIME)
        return client.get(key)
    if store == "database":
        # Not a row beside the counts: a database backup holding both would let anyone test
        # the whole IPv4 space against the counts. Derived from SECRET_KEY, which lives in the
        # environment, never in the database or its backups.
        message = f"vecinos.ratelimit:{day}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest().encode()
    secret = cache.get(key)
    if secret is None:
        cache.add(key, secrets.token_hex(32), timeout=SECRET_LIFETIME)
        secret = cache.get(key)
    return secret.encode()


def _count(key: str, period: int) -> int:
    """Add one to the count under `key` (which names its window) and return it."""
    store = _store()
    if store == "redis":
        pipe = _redis().pipeline()
        pipe.incr(key)
        pipe.expire(key, period)
        return int(pipe.execute()[0])
    if store == "database":
        from .models import RateLimitCounter

        quote = connection.ops.quote_name
        table = quote(RateLimitCounter._meta.db_table)
        key_, count_, expires_ = quote("key"), quote("count"), quote("expires_at")
        expires = _now() + timedelta(seconds=period)
        with connection.cursor() as cursor:
            # One statement, so two processes counting at once both count (SQLite 3.35+ and
            # PostgreSQL).
            cursor.execute(
                f"INSERT INTO {table} ({key_}, {count_}, {expires_}) VALUES (%s, 1, %s) "  # noqa: S608
                f"ON CONFLICT ({key_}) DO UPDATE SET {count_} = {table}.{count_} + 1 "
                f"RETURNING {count_}",
                [key, expires],
            )
            return cursor.fetchone()[0]
    if cache.add(key, 1, timeout=period):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=period)
        return 1


def delete_expired_state() -> dict:
    """Delete the expired counts kept in the database; return how many."""
    from .models import RateLimitCounter

    counts, _ = RateLimitCounter.objects.filter(expires_at__lte=_now()).delete()
    return {"counts": counts}


def client_address(request: HttpRequest) -> str:
    """Return the client's address, read from X-Forwarded-For only behind trusted proxies."""
    proxies = getattr(settings, "VECINOS_TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Each trusted proxy appends the address it received from; the client's is the one
        # the outermost trusted proxy saw. Anything further left was written by the client.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_digest(request: HttpRequest, scope: str) -> str:
    """Return today's keyed hash of the client's address for `scope`."""
    day = _now().date().isoformat()
    message = f"{client_address(request)}|{scope}".encode()
    return hmac.new(_daily_secret(day), message, hashlib.sha256).hexdigest()


def rate_limited(request: HttpRequest, scope: str, *, limit: int, period: int) -> bool:
    """Count this request and return True once the client made more than `limit` in `period`.

    `scope` names the form or action ("jobs.apply"); `period` is in seconds. The count runs
    in fixed windows of `period` seconds.
    """
    if getattr(request, "vecinos_replay", False):
        # A held post that staff accepted, sent again through its form: it was counted when
        # it first arrived, and the staff member's replays must not trip the sender's limit.
        return False
    count_due(request)
    now = _now()
    window = int(now.timestamp()) // period
    key = COUNT_CACHE_KEY.format(scope=scope, window=window, digest=client_digest(request, scope))
    count = _count(key, period)
    return count > limit


GLOBAL_COUNT_KEY = "vecinos:ratelimit:global:{scope}:{window}"


def count_everyone(scope: str, *, period: int) -> int:
    """Count one more of `scope` from anybody in the current window of `period` seconds and
    return the count so far: a limit for the whole organization, whoever asks (the hourly
    budget of verification texts)."""
    window = int(_now().timestamp()) // period
    return _count(GLOBAL_COUNT_KEY.format(scope=scope, window=window), period)


COUNTS_DUE = "vecinos_counts_due"


def count_later(request: HttpRequest, scope: str, *, period: int) -> None:
    """Count one more of `scope` from anybody (as count_everyone), with the request's own
    rate-limit count: a view that counts inside the transaction of its rows then commits
    once, not once per count. Whoever handles the request calls count_due() after the view,
    for a view that counted nothing."""
    request.__dict__.setdefault(COUNTS_DUE, []).append((scope, period))


def count_due(request: HttpRequest) -> None:
    """Make the counts that count_later() left for this request, once."""
    for scope, period in request.__dict__.pop(COUNTS_DUE, []):
        count_everyone(scope, period=period)


def peek_everyone(scope: str, *, period: int, windows: list[int] | None = None) -> list[int]:
    """Return the counts of `scope` from anybody in some windows (the current one by
    default), in their order, without adding to them; one read of the store."""
    if windows is None:
        windows = [current_window(period)]
    keys = [GLOBAL_COUNT_KEY.format(scope=scope, window=window) for window in windows]
    store = _store()
    if store == "redis":
        found = dict(zip(keys, _redis().mget(keys), strict=True))
    elif store == "database":
        from .models import RateLimitCounter

        rows = RateLimitCounter.objects.filter(key__in=keys, expires_at__gt=_now())
        found = dict(rows.values_list("key", "count"))
    else:
        found = cache.get_many(keys)
    return [int(found.get(key) or 0) for key in keys]


def current_window(period: int) -> int:
    return int(_now().timestamp()) // period


def refuse_if_flooded(
    request: HttpRequest, form, scope: str, *, limit: int, period: int, message
) -> bool:
    """Count a form's submission; past the limit, give the form `message` and return True.

    The form is validated too, so the page shown again says what else is wrong and keeps
    what was typed.
    """
    if not rate_limited(request, scope, limit=limit, period=period):
        return False
    form.is_valid()
    form.add_error(None, message)
    return True


@contextmanager
def counted_post(request: HttpRequest, form, scope: str, *, limit: int, period: int, message):
    """Check `form`, then open the transaction that writes the post's rows and yield 429 past
    the rate limit (the form then says `message`), 400 for a form that is not valid, or None
    to go on with the post inside it.

    The form is checked before the transaction, so SQLite's write lock waits for no
    validation; the rate-limit count (and the flood guard's, count_later) commits with the
    rows: one write transaction per post.
    """
    valid = form.is_valid()
    with transaction.atomic():
        if refuse_if_flooded(request, form, scope, limit=limit, period=period, message=message):
            yield 429
        else:
            yield None if valid else 400


class HoneypotMixin:
    """Add a field that people never see and robots fill in; a filled one fails the form.

    Put it first among a form's bases: `class SignUpForm(HoneypotMixin, forms.Form)`. Django's
    default form rendering, or `{{ form.website.as_field_group }}` in a hand-written template,
    wraps the label and the input in one hidden block.
    """

    honeypot_field = "website"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"class": "hp", "autocomplete": "off", "tabindex": "-1"}),
            template_name="core/forms/honeypot_field.html",
        )

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.add_prefix(self.honeypot_field)):
            # Deliberately vague: a robot learns nothing about what gave it away.
            raise forms.ValidationError(
                _("The form could not be sent. Please try again."), code="honeypot"
            )
        return cleaned
