"""The anonymous page cache: what it keeps, what it refuses, and that publishing purges it."""

import io
import os
import sys
from dataclasses import dataclass
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth import get_user_model
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from vecinos.content.models import StandardPage
from vecinos.content.testing import make_homes, make_translated
from vecinos.core.models import OrganizationSettings
from vecinos.core.pagecache import CacheGeneration, FileGeneration, PageCache


@dataclass
class Response:
    status: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name):
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[0] if values else None

    def headers_without_x_cache(self):
        return [(key, value) for key, value in self.headers if key != "X-Cache"]


def call(app, path, *, method="GET", query="", cookie=None, body=b""):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "SERVER_NAME": "testserver",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    result = app(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Response(started["status"], started["headers"], content)


class FakeApp:
    """A WSGI application that counts its calls and answers with the headers it is given."""

    def __init__(self, status="200 OK", headers=None, body=b"<html>page</html>"):
        self.status = status
        self.extra_headers = headers or []
        self.body = body
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        body = self.body + str(self.calls).encode()
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            *self.extra_headers,
        ]
        start_response(self.status, headers)
        return [body]


@pytest.fixture
def generation(tmp_path):
    return FileGeneration(tmp_path / "pages.generation")


def test_second_get_of_a_public_path_is_a_hit(generation):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)

    first = call(cache, "/en/about/")
    second = call(cache, "/en/about/")

    assert (first.header("X-Cache"), second.header("X-Cache")) == ("miss", "hit")
    assert second.body == first.body
    assert app.calls == 1


@pytest.mark.parametrize(
    "headers",
    [
        [("Set-Cookie", "csrftoken=abc; Path=/")],
        [("Cache-Control", "private")],
        [("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private")],
        [("Cache-Control", "no-store")],
        [("Vary", "Accept-Language, User-Agent")],
        [("Content-Security-Policy", "script-src 'self' 'nonce-abc123'")],
    ],
)
def test_response_that_names_its_visitor_is_not_cached(generation, headers):
    app = FakeApp(headers=headers)
    cache = PageCache(app, generation=generation, max_age=60)

    first = call(cache, "/en/about/")
    second = call(cache, "/en/about/")

    assert (first.header("X-Cache"), second.header("X-Cache")) == (None, None)
    assert app.calls == 2


@pytest.mark.parametrize("status", ["404 Not Found", "302 Found", "500 Internal Server Error"])
def test_only_200_responses_are_cached(generation, status):
    app = FakeApp(status=status)
    cache = PageCache(app, generation=generation, max_age=60)

    call(cache, "/en/about/")
    call(cache, "/en/about/")

    assert app.calls == 2


def test_non_html_response_is_not_cached(generation):
    app = FakeApp()
    cache = PageCache(
        lambda environ, start: app(environ, lambda s, h: start(s, [("Content-Type", "a/b")])),
        generation=generation,
        max_age=60,
    )

    call(cache, "/en/feed/")
    call(cache, "/en/feed/")

    assert app.calls == 2


@pytest.mark.parametrize(
    "path", ["/", "/admin/", "/admin/pages/", "/documents/1/report.pdf", "/en/jobs/", "/static/x"]
)
def test_paths_outside_the_public_pages_bypass(generation, path):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)

    call(cache, path)
    response = call(cache, path)

    assert response.header("X-Cache") is None
    assert app.calls == 2


def test_query_string_bypasses_the_cache(generation):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)
    call(cache, "/en/about/")

    response = call(cache, "/en/about/", query="q=raid")

    assert response.header("X-Cache") is None
    assert app.calls == 2


def test_post_bypasses_the_cache(generation):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)
    call(cache, "/en/about/")

    response = call(cache, "/en/about/", method="POST", body=b"name=x")
    after = call(cache, "/en/about/")

    assert response.header("X-Cache") is None
    assert app.calls == 2
    assert after.header("X-Cache") == "hit"


def test_head_is_answered_from_a_cached_get_without_a_body(generation):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)
    first = call(cache, "/en/about/")

    head = call(cache, "/en/about/", method="HEAD")

    assert head.header("X-Cache") == "hit"
    assert head.body == b""
    assert head.header("Content-Length") == first.header("Content-Length")


@pytest.mark.parametrize("cookie", ["sessionid=abc", "csrftoken=x; django_language=es", "a=b"])
def test_request_with_cookies_is_neither_served_nor_stored(generation, cookie):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)
    call(cache, "/en/about/")

    with_cookie = call(cache, "/en/about/", cookie=cookie)
    call(cache, "/en/other/", cookie=cookie)
    anonymous = call(cache, "/en/other/")

    assert with_cookie.header("X-Cache") is None
    assert anonymous.header("X-Cache") == "miss"


def test_language_cookie_alone_is_harmless(generation):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)
    call(cache, "/es/acerca/")

    response = call(cache, "/es/acerca/", cookie="django_language=es")

    assert response.header("X-Cache") == "hit"


def test_bumping_the_generation_purges_every_cache_sharing_it(tmp_path):
    first_process = FakeApp()
    second_process = FakeApp()
    cache_a = PageCache(first_process, generation=FileGeneration(tmp_path / "gen"), max_age=60)
    cache_b = PageCache(second_process, generation=FileGeneration(tmp_path / "gen"), max_age=60)
    for cache in (cache_a, cache_b):
        call(cache, "/en/about/")
        assert call(cache, "/en/about/").header("X-Cache") == "hit"

    FileGeneration(tmp_path / "gen").bump()

    assert call(cache_a, "/en/about/").header("X-Cache") == "miss"
    assert call(cache_b, "/en/about/").header("X-Cache") == "miss"


def test_unusable_generation_file_passes_requests_through(tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    app = FakeApp()
    cache = PageCache(app, generation=FileGeneration(tmp_path / "not-a-folder" / "gen"), max_age=60)

    first = call(cache, "/en/about/")
    second = call(cache, "/en/about/")

    assert (first.status, second.header("X-Cache")) == ("200 OK", None)
    assert app.calls == 2


def test_two_bumps_in_a_row_give_two_generations(generation):
    generation.bump()
    first = generation.current()
    generation.bump()

    assert generation.current() != first


def test_shared_cache_generation_is_seen_by_other_processes_after_the_interval():
    shared = LocMemCache("pagecache-test", {})
    here = CacheGeneration(shared, interval=0)
    elsewhere = CacheGeneration(shared, interval=3600)
    before = here.current()
    assert elsewhere.current() == before

    elsewhere.bump()

    assert here.current() != before
    assert here.current() == elsewhere.current()


def test_entry_expires_after_max_age(generation, monkeypatch):
    app = FakeApp()
    cache = PageCache(app, generation=generation, max_age=60)
    call(cache, "/en/about/")
    clock = __import__("time").time() + 61
    monkeypatch.setattr("vecinos.core.pagecache.time.time", lambda: clock)

    response = call(cache, "/en/about/")

    assert response.header("X-Cache") == "miss"


def test_store_stays_within_its_memory_budget(generation):
    app = FakeApp(body=b"x" * 1000)
    cache = PageCache(app, generation=generation, max_age=60, max_bytes=5000)

    for number in range(20):
        call(cache, f"/en/page-{number}/")

    assert cache._bytes <= 5000
    assert call(cache, "/en/page-19/").header("X-Cache") == "hit"
    assert call(cache, "/en/page-0/").header("X-Cache") == "miss"


# Django's own pages, through Django's real WSGI handler.


@pytest.fixture
def django_app():
    # A WSGI server closes database connections between requests; inside a test transaction
    # that would throw the transaction away, as Django's test client knows too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    handler = WSGIHandler()
    counted = FakeApp()

    def app(environ, start_response):
        counted.calls += 1
        return handler(environ, start_response)

    app.counted = counted
    yield app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def site_pages(db):
    homes = make_homes()
    pages = make_translated(
        homes, StandardPage, en={"title": "About us", "slug": "about"}, es={"title": "Nosotros"}
    )
    return homes["en"], pages["en"]


def test_second_anonymous_get_of_a_wagtail_page_is_byte_identical(django_app, site_pages):
    cache = PageCache(django_app, max_age=60)

    first = call(cache, "/en/about/")
    second = call(cache, "/en/about/")

    assert first.status == "200 OK"
    assert (first.header("X-Cache"), second.header("X-Cache")) == ("miss", "hit")
    assert second.body == first.body
    assert second.headers_without_x_cache() == first.headers_without_x_cache()
    assert first.header("Content-Security-Policy")
    assert django_app.counted.calls == 1


def test_logged_in_visitor_is_never_served_from_the_cache_nor_fills_it(django_app, site_pages):
    user = get_user_model().objects.create_user("editor", password="a long enough password")
    client = Client()
    client.force_login(user)
    session = f"sessionid={client.cookies['sessionid'].value}"
    cache = PageCache(django_app, max_age=60)

    call(cache, "/en/about/", cookie=session)
    anonymous = call(cache, "/en/about/")
    logged_in = call(cache, "/en/about/", cookie=session)

    assert anonymous.header("X-Cache") == "miss"
    assert logged_in.header("X-Cache") is None
    assert django_app.counted.calls == 3


def test_publishing_a_new_revision_purges_the_page(django_app, site_pages):
    _home, about = site_pages
    cache = PageCache(django_app, max_age=60)
    call(cache, "/en/about/")
    assert call(cache, "/en/about/").header("X-Cache") == "hit"

    about.title = "Who we are"
    about.save_revision().publish()
    response = call(cache, "/en/about/")

    assert response.header("X-Cache") == "miss"
    assert b"<h1>Who we are</h1>" in response.body


def test_unpublishing_purges_the_page(django_app, site_pages):
    _home, about = site_pages
    cache = PageCache(django_app, max_age=60)
    call(cache, "/en/about/")

    about.unpublish()

    assert call(cache, "/en/about/").status.startswith("404")


def test_saving_the_organization_settings_purges_every_page(django_app, site_pages):
    cache = PageCache(django_app, max_age=60)
    call(cache, "/en/about/")

    organization = OrganizationSettings.load()
    organization.name = "Vecinos Unidos"
    organization.save()
    response = call(cache, "/en/about/")

    assert response.header("X-Cache") == "miss"
    assert b"Vecinos Unidos" in response.body


def test_deleting_a_page_purges_it(django_app, site_pages):
    _home, about = site_pages
    cache = PageCache(django_app, max_age=60)
    call(cache, "/en/about/")

    about.delete()

    assert call(cache, "/en/about/").status.startswith("404")


def test_moving_a_page_purges_it(django_app, site_pages):
    home, about = site_pages
    other = home.add_child(instance=StandardPage(title="Our work", slug="work"))
    cache = PageCache(django_app, max_age=60)
    call(cache, "/en/about/")

    about.move(other, pos="last-child")
    old_address = call(cache, "/en/about/")

    # Wagtail leaves a redirect from the old address.
    assert (old_address.status, old_address.header("X-Cache")) == ("301 Moved Permanently", None)
    assert call(cache, "/en/work/about/").status == "200 OK"


def test_documented_nginx_config_is_accepted_by_nginx(tmp_path):
    """The bench runs deploy/nginx/vecinos.conf; nginx itself must accept what it runs."""
    import shutil
    import subprocess

    from benchmarks import nginx
    from conftest import require_service

    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    require_service(os.path.exists(binary), "nginx is not installed")
    (tmp_path / "cache").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(
        nginx.main_config(
            work=tmp_path,
            sites=[
                nginx.loopback_site(
                    port=18080,
                    upstream_port=18000,
                    static_root=tmp_path,
                    media_root=tmp_path,
                    cache_dir=tmp_path / "cache",
                )
            ],
        )
    )

    checked = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
