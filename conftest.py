"""Fixtures shared by every test: a real Chromium for browser journeys."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("VECINOS_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(available: bool, reason: str) -> None:
    """Skip a test whose service is missing, except in CI where every test must run."""
    if not available:
        if IN_CI:
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def default_language():
    """Start and leave every test in the default language.

    A request through LocaleMiddleware activates its language in the thread and leaves it
    there, so without this a Spanish request in one test would translate the next test.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_remembered_reads():
    """Forget the menu and settings that public pages keep per process (pagecache.remember).

    A test's rows are rolled back without the signal that purges them in a running server.
    """
    from vecinos.core import pagecache

    pagecache.forget()
    yield
    pagecache.forget()


@pytest.fixture
def keys_kept(settings):
    """Keep unwrapped data keys in memory after the first request, as a running server does
    (the test settings turn that off), for tests that count a request's queries."""
    from vecinos.privacy import crypto

    settings.VECINOS_KEY_CACHE_SECONDS = 30
    crypto.forget_data_keys()
    yield
    crypto.forget_data_keys()


@pytest.fixture
def browser(live_server):
    """A headless Chromium, started for each test after its database is ready.

    Playwright's sync API runs the test inside a greenlet with its own context, so Django
    opens another connection object from then on. Starting the browser only after the live
    server (and the database restore of a transactional test) keeps that restore on the
    connection the test database was set up with.
    """
    require_service(
        shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM),
        f"Chromium not found at {CHROMIUM}; install Debian's chromium package",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A small phone's screen: 360 px wide, touch, Spanish first."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="es-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def pytest_collection_modifyitems(items):
    """Give every transactional test a serialized rollback.

    A transactional test (a browser journey, a webhook over real HTTP) ends by emptying every
    table, which also removes what the migrations created: the staff roles, Wagtail's root
    page and collection, the locales. A serialized rollback puts them back before each such
    test, so a test passes whatever ran before it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        uses_server = {"live_server", "transactional_db"} & set(getattr(item, "fixturenames", ()))
        if kwargs.get("transaction") or uses_server:
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
