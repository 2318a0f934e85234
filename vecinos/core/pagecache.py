"""Whole-page cache for anonymous visitors, answered before Django's middleware runs.

An uncached Wagtail page costs a few milliseconds of Python and several queries; the same page
from memory costs a dictionary look-up. `PageCache` wraps the WSGI application (config/wsgi.py)
and keeps, in each process, the exact status, headers and body of public pages that Django
served to a visitor with no session.

Purging: every entry carries the *generation* that was current when its rendering began. An
editor's publish (or any change that can show on a public page) moves the generation on, so
every process stops serving what it holds. The generation lives where every process can see it:

* one machine (the default): the modification time of one file under DATA_DIR, checked with
  one `stat()` on every request, so a purge is seen by the very next request in any process;
* several machines (REDIS_URL set): a key in Redis, read at most every
  `REDIS_CHECK_INTERVAL` seconds per process, so a purge reaches every process within that
  interval (a quarter of a second).

Entries also expire after settings.PAGECACHE_SECONDS, a safety net for changes that send no
signal (a page edited from a shell, for instance). PAGECACHE_SECONDS = 0 turns the cache off.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]

GENERATION_KEY = "vecinos:pagecache:generation"
REDIS_CHECK_INTERVAL = 0.25
# Larger pages are rare and gain little from memory; they are served normally.
MAX_PAGE_BYTES = 1024 * 1024
MAX_STORE_BYTES = 32 * 1024 * 1024
# Sections under a language prefix that hold forms or per-visitor state. Other views that show
# something personal mark themselves with Django's never_cache, which this cache honours.
EXCLUDED_SECTIONS = ("jobs/",)
# Vary values that this cache already accounts for: it stores only requests without cookies
# and only paths whose language comes from the URL.
HANDLED_VARY = frozenset({"cookie", "accept-language"})
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


class Generation(Protocol):
    def current(self) -> Any | None:
        """Return the current generation, or None when it cannot be known (skip the cache)."""

    def bump(self) -> None:
        """Move to a new generation, so that every process drops the pages it holds."""


class FileGeneration:
    """A generation kept as the modification time (in nanoseconds) of one file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def current(self) -> int | None:
        try:
            return os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            self.bump()
            return os.stat(self.path).st_mtime_ns
        except OSError:
            logger.warning("Page cache: %s cannot be created", self.path, exc_info=True)
            return None

    def bump(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            old = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            self.path.touch()
            old = 0
        # Set the time explicitly rather than touching: two purges within the kernel's clock
        # tick would otherwise leave the same time behind, and the second would be lost.
        new = max(time.time_ns(), old + 1)
        os.utime(self.path, ns=(new, new))
        if os.stat(self.path).st_mtime_ns == old:
            # A file system that keeps whole seconds only.
            new = old + 1_000_000_000
            os.utime(self.path, ns=(new, new))


class CacheGeneration:
    """A generation kept in Django's shared cache (Redis), read at most every `interval` s."""

    def __init__(self, cache, interval: float = REDIS_CHECK_INTERVAL) -> None:
        self.cache = cache
        self.interval = interval
        self._value: str | None = None
        self._next_check = 0.0

    def current(self) -> str | None:
        now = time.monotonic()
        if now < self._next_check:
            return self._value
        try:
            value = self.cache.get(GENERATION_KEY)
            if value is None:
                self.cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
                value = self.cache.get(GENERATION_KEY)
        except Exception:
            logger.warning("Page cache: the shared generation could not be read", exc_info=True)
            self._value, self._next_check = None, now + self.interval
            return None
        self._value, self._next_check = value, now + self.interval
        return value

    def bump(self) -> None:
        token = uuid.uuid4().hex
        # This process sees its own purge at once, even if the shared cache is unreachable.
        self._value, self._next_check = token, time.monotonic() + self.interval
        try:
            self.cache.set(GENERATION_KEY, token, timeout=None)
        except Exception:
            logger.error("Page cache: a purge could not reach the shared cache", exc_info=True)


_generation: Generation | None = None
_generation_lock = threading.Lock()


def get_generation() -> Generation:
    """Return this process's view of the shared generation, chosen from the cache setting."""
    global _generation
    if _generation is None:
        with _generation_lock:
            if _generation is None:
                backend = settings.CACHES["default"]["BACKEND"]
                if backend.endswith("RedisCache"):
                    from django.core.cache import cache

                    _generation = CacheGeneration(cache)
                else:
                    _generation = FileGeneration(
                        Path(settings.DATA_DIR) / "cache" / "pages.generation"
                    )
    return _generation


def purge() -> None:
    """Drop every cached page in every process.

    The generation moves now and again when the surrounding transaction commits: a page
    rendered from the old rows between the two moments carries the middle generation and is
    never served.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    # A purge that fails must not fail the editor's publish; pages then age out on their own.
    try:
        get_generation().bump()
    except OSError:
        logger.error("Page cache: the purge could not be recorded", exc_info=True)


_remembered: dict[Any, tuple[Any, Any]] = {}
_remembered_generation: Any = None


def remember(key, build: Callable[[], Any], *, keep_none: bool = True) -> Any:
    """Return `build()` as it was for the current generation, worked out once per process.

    For the small reads every public page repeats (the organization's settings, the menu)
    and the fragments of HTML kept by `{% remember %}` (vecinos/core/templatetags): they
    change only when something that purges the page cache changes. A value built while a
    purge happens carries the older generation and is built again by the next request. A
    new generation drops every value of the older ones, so what is kept never outgrows what
    one generation's pages ask for. With `keep_none=False` a None is not kept, for keys a
    visitor chooses (a path that finds nothing must not take memory).
    """
    global _remembered_generation
    generation = get_generation().current()
    if generation is None:
        return build()
    if generation != _remembered_generation:
        _remembered.clear()
        _remembered_generation = generation
    found = _remembered.get(key)
    if found is not None and found[0] == generation:
        return found[1]
    value = build()
    if value is not None or keep_none:
        _remembered[key] = (generation, value)
    return value


def forget() -> None:
    """Drop every value `remember` holds (tests whose database is rolled back under it)."""
    _remembered.clear()


@dataclass(frozen=True, slots=True)
class CachedPage:
    generation: Any
    expires: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class PageCache:
    """WSGI middleware: serve anonymous GETs of public pages from memory."""

    def __init__(
        self,
        app: WSGIApp,
        *,
        generation: Generation | None = None,
        max_age: float | None = None,
        max_bytes: int = MAX_STORE_BYTES,
    ) -> None:
        self.app = app
        self.generation = generation or get_generation()
        self.max_age = settings.PAGECACHE_SECONDS if max_age is None else max_age
        self.max_bytes = max_bytes
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
        self.harmless_cookies = frozenset({settings.LANGUAGE_COOKIE_NAME})
        self._pages: dict[tuple, CachedPage] = {}
        self._bytes = 0
        self._seen_generation: Any = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = self.cache_key(environ) if self.max_age > 0 else None
        if key is None:
            return self.app(environ, start_response)
        generation = self.generation.current()
        if generation is None:
            return self.app(environ, start_response)
        if generation != self._seen_generation:
            self._forget_all(generation)

        page = self._pages.get(key)
        if page is not None and page.generation == generation and page.expires > time.time():
            start_response(page.status, [*page.headers, ("X-Cache", "hit")])
            return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [page.body]
        if environ["REQUEST_METHOD"] != "GET":
            return self.app(environ, start_response)
        return self._render_and_keep(key, generation, environ, start_response)

    def cache_key(self, environ: dict) -> tuple | None:
        """Return the key of a request this cache may answer, or None to pass it through."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if environ.get("QUERY_STRING") or environ.get("HTTP_AUTHORIZATION"):
            return None
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefixes):
            return None
        section = path.split("/", 2)[2]
        if section.startswith(EXCLUDED_SECTIONS):
            return None
        cookie_header = environ.get("HTTP_COOKIE")
        if cookie_header and not self._cookies_are_harmless(cookie_header):
            return None
        return (
            environ.get("HTTP_HOST", "").lower(),
            environ.get("wsgi.url_scheme", ""),
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("SCRIPT_NAME", ""),
            path,
        )

    def _cookies_are_harmless(self, header: str) -> bool:
        for part in header.split(";"):
            name = part.split("=", 1)[0].strip()
            if name and name not in self.harmless_cookies:
                return False
        return True

    def _render_and_keep(self, key, generation, environ, start_response):
        captured: dict[str, Any] = {}

        def capture(status, headers, exc_info=None):
            keep = exc_info is None and response_is_cacheable(status, headers)
            captured.update(status=status, headers=list(headers), keep=keep)
            if keep:
                headers = [*headers, ("X-Cache", "miss")]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not captured.get("keep"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) == _content_length(captured["headers"]):
            self._keep(
                key,
                CachedPage(
                    generation=generation,
                    expires=time.time() + self.max_age,
                    status=captured["status"],
                    headers=captured["headers"],
                    body=body,
                ),
            )
        return [body]

    def _keep(self, key: tuple, page: CachedPage) -> None:
        with self._lock:
            if page.generation != self._seen_generation:
                return
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += len(page.body)
            # Oldest first: dictionaries keep insertion order.
            while self._bytes > self.max_bytes and self._pages:
                evicted = self._pages.pop(next(iter(self._pages)))
                self._bytes -= len(evicted.body)

    def _forget_all(self, generation: Any) -> None:
        with self._lock:
            if generation != self._seen_generation:
                self._pages = {}
                self._bytes = 0
                self._seen_generation = generation


def _content_length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def response_is_cacheable(status: str, headers: list[tuple[str, str]]) -> bool:
    """Return True for a complete, public HTML page that names no visitor."""
    if not status.startswith("200"):
        return False
    content_type = ""
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie":
            return False
        if name == "cache-control" and any(
            directive in value.lower() for directive in UNCACHEABLE_DIRECTIVES
        ):
            return False
        if name == "vary":
            varies = {item.strip().lower() for item in value.split(",")}
            if not varies <= HANDLED_VARY:
                return False
        if name.startswith("content-security-policy") and "'nonce-" in value:
            # A nonce is only worth anything if no two responses share it.
            return False
        if name == "content-type":
            content_type = value.lower()
    length = _content_length(headers)
    if length is None or length > MAX_PAGE_BYTES:
        return False
    return content_type.startswith("text/html")


def _purge_on_signal(**kwargs) -> None:
    purge()


_model_kinds: dict[type, str] = {}


def _model_kind(model: type) -> str:
    """Return "settings", "public" (rows that show on public pages) or "" for other models."""
    kind = _model_kinds.get(model)
    if kind is not None:
        return kind
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, (BaseGenericSetting, BaseSiteSetting)):
        kind = "settings"
    elif issubclass(model, (Page, Site, Locale, PageViewRestriction)) or model in {
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
    }:
        kind = "public"
    else:
        kind = ""
    _model_kinds[model] = kind
    return kind


def _purge_on_model_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    kind = _model_kind(sender)
    # The first page that reads the settings creates their row with the defaults it was
    # about to show anyway; purging then would empty the cache on every fresh start.
    if kind == "public" or (kind == "settings" and not kwargs.get("created")):
        purge()


def connect_signals() -> None:
    """Purge on every change an anonymous visitor could see: publishing, moves, snippets."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_purge_on_signal, dispatch_uid="vecinos-pagecache-published")
    page_unpublished.connect(_purge_on_signal, dispatch_uid="vecinos-pagecache-unpublished")
    post_page_move.connect(_purge_on_signal, dispatch_uid="vecinos-pagecache-moved")
    post_save.connect(_purge_on_model_change, dispatch_uid="vecinos-pagecache-save")
    post_delete.connect(_purge_on_model_change, dispatch_uid="vecinos-pagecache-delete")
