"""Hostile input against every public URL and every public form: never a server error.

The URLs come from the URL resolver itself (every pattern outside the staff admin, in English
and in Spanish), the forms from the pages: every `<form method="post">` found on a public page
is posted with its own field names filled with hostile values. A client's mistake, however
strange, answers 4xx (or a page saying what is wrong), never 500, and never writes a
traceback at ERROR.

Hypothesis draws the values; `VECINOS_HOSTILE_EXAMPLES` (default 12) bounds how many requests
each URL pattern and each form gets, so that the whole module stays within a few minutes on a
small CI machine. Failing examples are printed as the request that failed.
"""

import logging
import os
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.timezone import now
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("VECINOS_HOSTILE_EXAMPLES", "12"))
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# The staff back office is behind a sign-in; its own sign-in pages are public and walked.
STAFF_URLCONFS = {"wagtail.admin.urls"}
PUBLIC_STAFF_PATHS = ["/admin/login/", "/admin/password_reset/"]

HOSTILE_TEXT = [
    "",
    "\x00",
    "a\x00b",
    "x" * 100_000,
    "9" * 400,
    "99999999999999999999999",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "0x7fffffffffffffff",
    "１２３",  # fullwidth digits, which int() accepts
    "٣٤٥",  # Arabic-Indic digits
    "\u202e\u202dtxt",
    "\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "%00%ff",
    "🙂" * 2000,
    "\r\n\r\nSet-Cookie: a=b",
    "{{ 7*7 }}{% debug %}",
    "true",
    "[]",
    "{}",
    "2026-02-30",
    "9999-12-31T23:59:59",
    "+1" + "5" * 40,
    "a@" + "b" * 300 + ".org",
]
HOSTILE_SEGMENTS = [
    "0",
    "-1",
    "1",
    "99999999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "%00",
    "%ff",
    "%c3%28",
    "%ed%a0%80",
    "a" * 300,
    "..%2f..%2f",
    "%2e%2e",
    "ñandú",
    "x%20y",
    "_",
    "-",
]
QUERY_KEYS = [
    "q",
    "page",
    "lat",
    "lng",
    "lon",
    "block",
    "zone",
    "next",
    "lang",
    "language",
    "amount",
    "topic",
    "format",
    "year",
    "code",
    "type",
    "%ff",
    "\x00",
]

# Tried in every parameter of every route, whatever Hypothesis draws: the values that broke
# things before (a number past a database id, NUL, bytes that are not UTF-8, a long name).
ALWAYS_TRIED = ["99999999999999999999999", "9223372036854775808", "%00", "%ff", "a" * 300]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
hostile_segment = st.one_of(
    st.sampled_from(HOSTILE_SEGMENTS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), max_size=30).map(
        lambda text: quote(text, safe="")
    ),
)
# Raw query strings: percent-encoded bytes that are not UTF-8, repeated and empty keys.
hostile_query = st.one_of(
    st.just(""),
    st.lists(
        st.tuples(st.sampled_from(QUERY_KEYS), st.one_of(st.sampled_from(HOSTILE_TEXT), st.text())),
        max_size=4,
    ).map(lambda pairs: "&".join(f"{quote(k, safe='%')}={quote(v[:2000])}" for k, v in pairs)),
    st.sampled_from(["%ff=%fe", "page=%c3%28", "q=%00", "=", "&&&", "q", "lat=1e999&lng=-1e999"]),
)


class CaptureErrors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def logged_errors():
    """Every record at ERROR or above, from the loggers that do not pass theirs to the root."""
    handler = CaptureErrors()
    loggers = [logging.getLogger(name) for name in ("", "django.request", "vecinos")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.records
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture
def demo():
    call_command("load_demo")
    cache.clear()


def describe(records):
    return "; ".join(f"{r.name}: {r.getMessage()[:200]}" for r in records)


def check_response(response, request_text, logged):
    assert response.status_code < 500, f"{response.status_code} for {request_text}"
    assert not logged, f"logged at ERROR for {request_text}: {describe(logged)}"


# The URL patterns -------------------------------------------------------------------------

CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def walk(patterns, prefix=""):
    """Yield (route, pattern) for every URL pattern, routes joined as written."""
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            piece = pattern.language_prefix
        elif isinstance(pattern, RoutePattern):
            piece = str(pattern._route)
        elif isinstance(pattern, RegexPattern):
            piece = "<regex:" + pattern._regex + ">"
        else:  # pragma: no cover - Django has no other kind
            raise AssertionError(pattern)
        if isinstance(entry, URLResolver):
            if getattr(entry.urlconf_name, "__name__", None) in STAFF_URLCONFS:
                continue
            yield from walk(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield prefix + piece, entry


def public_routes():
    """Every public route of the site in both languages, as written in the URL patterns."""
    routes = []
    for language in ("en", "es"):
        with translation.override(language):
            for route, _pattern in walk(get_resolver().url_patterns):
                if route not in routes:
                    routes.append(route)
    return routes


def known_values():
    """Real values for the path parameters, from the demo: hostile input next to real ids."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from vecinos.workshops.models import Workshop
    from vecinos.zones.models import Zone

    documents = list(get_document_model().objects.all()[:3])
    return {
        "page_id": [str(pk) for pk in Page.objects.live().values_list("pk", flat=True)],
        "pk": [str(pk) for pk in Workshop.objects.values_list("pk", flat=True)],
        "slug": list(Zone.objects.values_list("slug", flat=True)),
        "document_id": [str(document.pk) for document in documents],
        "document_filename": [document.filename for document in documents] or ["a.pdf"],
    }


def fill(route, draw, known):
    """A concrete path for `route`, each parameter a real value or a hostile one."""
    tail = ""
    if "<regex:" in route:
        route, regex = route.split("<regex:", 1)
        literal = re.match(r"\^([\w/-]*)", regex)
        segments = draw(st.lists(hostile_segment, min_size=1, max_size=3))
        tail = (
            (literal.group(1) if literal else "")
            + "/".join(segments)
            + draw(st.sampled_from(["", "/"]))
        )

    def value(match):
        real = known.get(match["name"], [])
        options = st.sampled_from(real) | hostile_segment if real else hostile_segment
        return draw(options) or "x"

    return "/" + CONVERTER.sub(value, route) + tail


def page_paths():
    from wagtail.models import Page

    paths = []
    for page in Page.objects.live().specific():
        url = page.get_url()
        if url:
            paths.append(urlsplit(url).path)
    return sorted(set(paths))


METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"]


def hostile_request(client, draw, path):
    method = draw(st.sampled_from(METHODS))
    query = draw(hostile_query)
    url = path + ("?" + query if query else "")
    if method in {"GET", "HEAD", "OPTIONS"}:
        return client.generic(method, url), f"{method} {url[:300]}"
    body = draw(hostile_body())
    return (
        client.generic(method, url, data=body[1], content_type=body[0]),
        f"{method} {url[:300]} {body[0]} ({len(body[1])} bytes)",
    )


def hostile_body():
    return st.one_of(
        st.tuples(st.just("application/x-www-form-urlencoded"), st.binary(max_size=200)),
        st.just(("application/x-www-form-urlencoded", b"a=%ff%fe&b=\xff\xfe&c=%00")),
        st.just(("application/json", b'{"a": [1, 2, {"b": null}]')),
        st.just(("multipart/form-data", b"--x\r\nContent-Disposition: form-data\r\n\r\n")),
        st.just(("multipart/form-data; boundary=x", b"--x\r\nbroken")),
        st.just(("multipart/form-data; boundary=" + "b" * 300, b"")),
        st.just(("text/plain; charset=utf-99", b"\xff" * 50)),
        st.just(("application/x-www-form-urlencoded; charset=klingon", b"a=1")),
    )


def test_the_walk_finds_every_public_app_in_both_languages():
    """The walk comes from the resolver: a new app's pages are walked without listing them."""
    routes = public_routes()
    for language in ("en", "es"):
        for app in ("jobs/", "zones/", "workshops/", "hotline/", "give/", "tips/"):
            with translation.override(language):
                path = f"{language}/{translation.gettext(app)}"  # /es/linea-directa/
            assert any(route.startswith(path) for route in routes), path
    assert not any(route.startswith("admin/") and "passkey" not in route for route in routes)


def test_every_public_url_pattern_survives_hostile_paths_and_methods(demo, logged_errors):
    known = known_values()
    client = Client()

    def check_route(route):
        @HYPOTHESIS
        @given(st.data())
        def survives(data):
            cache.clear()
            logged_errors.clear()
            path = fill(route, data.draw, known)
            response, text = hostile_request(client, data.draw, path)
            check_response(response, text, logged_errors)

        survives()

    for route in public_routes():
        check_route(route)
        if "<" not in route:
            continue
        for value in ALWAYS_TRIED:
            path = "/" + CONVERTER.sub(value, route.replace("<regex:", "<"))
            for method in ("GET", "POST"):
                cache.clear()
                logged_errors.clear()
                response = client.generic(method, path)
                check_response(response, f"{method} {path[:200]}", logged_errors)


def test_every_page_and_the_catch_all_routes_survive_hostile_requests(demo, logged_errors):
    """The Wagtail pages (served by the catch-all pattern), development media and the
    admin's own sign-in pages."""
    paths = page_paths() + PUBLIC_STAFF_PATHS + ["/media/x", "/media/" + "a" * 400]
    paths += ["/en/" + "a" * 300 + "/", "/es/%ff/", "/en/%00/", "/en/a/b/c/d/e/f/g/h/i/j/k/"]
    client = Client()

    @settings(HYPOTHESIS, max_examples=max(EXAMPLES * 4, len(paths)))
    @given(st.sampled_from(paths), st.data())
    def survives(path, data):
        cache.clear()
        logged_errors.clear()
        response, text = hostile_request(client, data.draw, path)
        check_response(response, text, logged_errors)

    survives()


# The public forms -------------------------------------------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: their action and the names and kinds of their fields."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in {"input", "select", "textarea"}:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                kind = attrs.get("type", tag) if tag == "input" else tag
                self._current["fields"][name] = kind

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def secret_link_paths(client):
    """The pages behind a person's own link or codename: a member's manage and confirm links,
    a workshop ticket, the tip box's conversation (`client` signs in with the demo codename)."""
    from vecinos.tips.demo import DEMO_CODENAME
    from vecinos.workshops.models import Registration
    from vecinos.workshops.services import ticket_url
    from vecinos.zones.models import Member, MemberToken
    from vecinos.zones.services import confirm_url, issue_token, manage_url

    paths = []
    for status in (Member.Status.ACTIVE, Member.Status.PENDING):
        member = Member.objects.filter(status=status).first()
        if member is not None:
            paths.append(urlsplit(manage_url(member)).path)
            secret = issue_token(member, MemberToken.Purpose.CONFIRM)
            paths.append(urlsplit(confirm_url(secret, member.language)).path)
    for registration in Registration.objects.filter(
        status=Registration.Status.CONFIRMED, attended_at=None, workshop__starts_at__gt=now()
    )[:1]:
        paths.append(urlsplit(ticket_url(registration)).path)
    client.post("/en/tips/return/", {"codename": DEMO_CODENAME})
    paths.append("/en/tips/conversation/")
    return paths


def public_forms(client):
    """Every POST form on every public page and on the pages the URL patterns serve."""
    from vecinos.workshops.models import Workshop

    candidates = page_paths()
    for language in ("en", "es"):
        with translation.override(language):
            from django.urls import reverse

            candidates += [
                reverse("zones:join"),
                reverse("hotline:report"),
                reverse("tips:send"),
                reverse("tips:return"),
                reverse("workshops:list"),
            ]
            candidates += [
                reverse("workshops:detail", args=[pk])
                for pk in Workshop.objects.values_list("pk", flat=True)[:4]
            ]
    candidates += PUBLIC_STAFF_PATHS + secret_link_paths(client)
    found = {}
    for path in candidates:
        response = client.get(path, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = form["action"] or path
            if action.startswith("http"):
                continue
            key = (action, tuple(sorted(form["fields"])))
            found.setdefault(key, form["fields"])
    return found


def form_value(draw, kind):
    if kind == "file":
        return draw(
            st.one_of(
                st.sampled_from(HOSTILE_TEXT[:4]),
                st.binary(max_size=300).map(lambda data: SimpleUploadedFile("x.pdf", data)),
                st.just(SimpleUploadedFile("\x00.jpg", b"\xff\xd8\xff" + b"\x00" * 50)),
                st.just(SimpleUploadedFile("a" * 300 + ".png", b"\x89PNG\r\n\x1a\n")),
            )
        )
    choice = draw(
        st.sampled_from(["text", "many", "file", "missing"] if kind != "hidden" else ["text"])
    )
    if choice == "many":
        return draw(st.lists(hostile_text, min_size=2, max_size=5))
    if choice == "file":
        return SimpleUploadedFile("x.txt", b"\x00\xff")
    if choice == "missing":
        return None
    return draw(hostile_text)


def test_every_public_form_survives_hostile_fields(demo, logged_errors, settings):
    # Card gifts by the development stand-in, as in `make run`: the gift form is shown.
    settings.DEBUG = True
    client = Client()
    forms = public_forms(client)
    actions = {action for action, _fields in forms}
    # Every kind of public form is among them: the walk would miss a form only if no page
    # showed it.
    with translation.override("es"):
        spanish_report = reverse("hotline:report")
    for expected in ("/en/hotline/", spanish_report, "/en/zones/join/", "/en/tips/"):
        assert expected in actions, sorted(actions)
    assert any("/apply/" in action for action in actions)
    assert any(action.startswith("/en/give/") for action in actions)
    assert any(action.startswith("/en/workshops/") for action in actions)
    # A person's own pages are in their language: /zones/manage/ or /zonas/mis-datos/.
    secret_pages = [("zones/", "manage/"), ("zones/", "confirm/"), ("workshops/", "t/")]
    for prefix, page in secret_pages:
        variants = set()
        for language in ("en", "es"):
            pattern = f"{page}<str:secret>/"  # the URL pattern's own text, in the catalogues
            with translation.override(language):
                words = (translation.gettext(prefix), translation.gettext(pattern))
            variants.add(f"/{words[0]}{words[1].split('<')[0]}")
        assert any(v in action for v in variants for action in actions), variants
    assert any("/conversation/" in action for action in actions)

    def check_form(action, fields):
        @HYPOTHESIS
        @given(st.data())
        def survives(data):
            cache.clear()
            logged_errors.clear()
            payload = {}
            for name, kind in fields.items():
                value = form_value(data.draw, kind)
                if value is not None:
                    payload[name] = value
            # Unknown fields, too.
            payload.update(data.draw(st.dictionaries(st.sampled_from(QUERY_KEYS), hostile_text)))
            response = client.post(action, payload)
            check_response(response, f"POST {action} {sorted(payload)}", logged_errors)

        survives()

    for (action, _names), fields in sorted(forms.items()):
        check_form(action, fields)


def multipart(count_files, count_fields, field_size=1):
    boundary = "hostileboundary"
    parts = []
    for index in range(count_files):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
            f'filename="p{index}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n'
        )
    for index in range(count_fields):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="f{index}"\r\n\r\n'
            + "v" * field_size
            + "\r\n"
        )
    body = "".join(parts) + f"--{boundary}--\r\n"
    return f"multipart/form-data; boundary={boundary}", body.encode("latin-1")


def test_multipart_bombs_and_missing_csrf_are_refused_quietly(demo, logged_errors):
    client = Client()
    checking = Client(enforce_csrf_checks=True)
    actions = sorted({action for action, _ in public_forms(client)})
    # The same cookies (a tip source's sign-in, the CSRF cookie), but no token in the form.
    checking.cookies = client.cookies
    form_encoded = "application/x-www-form-urlencoded"
    bombs = {
        "many files": multipart(150, 0),
        "many fields": multipart(0, 12_000),
        "a huge field": multipart(0, 1, field_size=3 * 1024 * 1024),
        "a huge urlencoded body": (form_encoded, b"a=" + b"x" * 3_000_000),
        "many urlencoded fields": (form_encoded, b"&".join([b"a=1"] * 12_000)),
    }
    for action in actions:
        for name, (content_type, body) in bombs.items():
            logged_errors.clear()
            cache.clear()
            response = client.generic("POST", action, data=body, content_type=content_type)
            check_response(response, f"{name} to {action}", logged_errors)
        logged_errors.clear()
        # A forged post from another site: no token in the form, the other site's origin.
        response = checking.post(
            action,
            {"name": "x"},
            HTTP_ORIGIN="https://forger.example",
            HTTP_SEC_FETCH_SITE="cross-site",
        )
        check_response(response, f"no CSRF token to {action}", logged_errors)
        # Django's CSRF check refuses it, or for the tip box, which sets no cookie before a
        # tip is sent, its own check of where the post comes from.
        assert response.status_code == 403, action
