"""No public form tells anyone whether a person is already known to the organization.

For each public form that takes a person's phone or e-mail, a repeat submission for a known
person is compared with a first one for a new person, each from a fresh browser:

- the pages are byte-identical once CSRF tokens, CSP nonces, one-time ids in links and the
  typed values themselves are taken out (the answer to the post, and the page it leads to);
- both do the same work: the same number of database statements of each kind on each table,
  and the same number of messages queued. Work, not a stopwatch, is what a test can compare on
  a loaded two-core machine without flaking; equal work is what makes equal time;
- no public figure (seats left, the donation bar, the page itself) moves differently.

The demo organization is the fixture, so the forms are the ones a visitor sees.
"""

import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from vecinos.messaging.models import OutboundMessage
from vecinos.privacy.blind_index import blind_index

pytestmark = pytest.mark.django_db

SQL_KIND = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|SAVEPOINT|RELEASE|ROLLBACK)\b", re.I)
SQL_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.I)


@pytest.fixture
def demo():
    call_command("load_demo")
    cache.clear()


def work(queries) -> Counter:
    """Statements by kind and first table: the shape of the work, not its values.

    Writing a person's row counts the same whether it is an INSERT or an UPDATE (one write of
    one indexed row). Reading a data key is left out: a running server keeps its unwrapped
    keys in memory, and only the tests, which empty the key table between cases, read them
    again on every request (VECINOS_KEY_CACHE_SECONDS = 0).
    """
    shape = Counter()
    for query in queries:
        sql = query["sql"]
        kind = SQL_KIND.match(sql)
        kind = kind.group(1).upper() if kind else "OTHER"
        table = SQL_TABLE.search(sql)
        table = table.group(1) if table else ""
        if table == "privacy_datakey" and kind == "SELECT":
            continue
        shape[("WRITE" if kind in {"INSERT", "UPDATE"} else kind, table)] += 1
    return shape


def comparable(text: str, typed: list[str]) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    # A card checkout's session id is new for every gift, known donor or not.
    text = re.sub(r"/checkout/cs_[\w]+/", "/checkout/ID/", text)
    for value in sorted(typed, key=len, reverse=True):
        if value:
            text = text.replace(value, "TYPED")
    return text


def submit(path, data, typed, *, follow_path=None):
    """Post `data` from a fresh browser; return what it saw and the work it caused."""
    cache.clear()  # the per-address limits are not what is compared here
    client = Client()
    client.get(path)
    messages_before = OutboundMessage.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data)
    seen = [response.status_code, comparable(response.get("Location", ""), typed)]
    seen.append(comparable(response.content.decode(), typed))
    location = response.get("Location")
    if location:
        page = client.get(location)
        seen += [page.status_code, comparable(page.content.decode(), typed)]
    if follow_path:
        page = client.get(follow_path)
        seen += [page.status_code, comparable(page.content.decode(), typed)]
    return seen, work(queries), OutboundMessage.objects.count() - messages_before


def assert_no_oracle(path, person, *, figure=None, follow_path=None):
    """`person(n)` gives the form data and typed values of the n-th person; the 0th is made
    known first. Then the known one posts again and a new one posts for the first time."""
    data, typed = person(0)
    submit(path, data, typed, follow_path=follow_path)
    before = figure() if figure else None
    known = submit(path, *person(0), follow_path=follow_path)
    middle = figure() if figure else None
    unknown = submit(path, *person(1), follow_path=follow_path)
    after = figure() if figure else None
    assert known[0] == unknown[0], "the pages differ"
    assert known[1] == unknown[1], (
        f"the work differs: {known[1] - unknown[1]} / {unknown[1] - known[1]}"
    )
    assert known[2] == unknown[2], "a different number of messages was queued"
    if figure:
        assert isinstance(before, int), "the figure is not on the page"
        assert before - middle == middle - after, (before, middle, after)
    return known, unknown


@pytest.mark.parametrize("status", ["pending", "active"])
def test_zone_sign_up_of_an_active_or_pending_member(demo, status):
    from vecinos.zones.models import Block, Member

    block = Block.objects.select_related("zone").filter(zone__isnull=False).first()
    with translation.override("es"):
        path = reverse("zones:join")
    page = Client().get(path).content.decode()
    version = re.search(r'name="consent_version" value="([^"]*)"', page).group(1)

    def person(n):
        phone = f"215555{n:04d}"
        data = {
            "name": f"Vecina {n}",
            "phone": phone,
            "language": "es",
            "zone": block.zone.slug,
            "block": str(block.pk),
            "consent_version": version,
            "consent": "on",
        }
        return data, [phone, f"Vecina {n}"]

    submit(path, *person(0))
    if status == "active":
        Member.objects.filter(status=Member.Status.PENDING).update(status=Member.Status.ACTIVE)
    members = Member.objects.count()
    known = submit(path, *person(0))
    unknown = submit(path, *person(1))
    assert Member.objects.count() == members + 1
    assert known[0] == unknown[0]
    assert known[1] == unknown[1], (known[1] - unknown[1], unknown[1] - known[1])
    assert known[2] == unknown[2] == 1


def seats_left(workshop):
    def figure():
        with translation.override("es"):
            page = Client().get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
        found = re.search(r"(\d+) (?:asiento|lugar|plaza|cupo)", page)
        return int(found.group(1)) if found else re.sub(r"\s+", " ", page)[-3000:]

    return figure


def workshop_person(n):
    phone = f"215555{n:04d}"
    data = {"name": f"Lupe {n}", "phone": phone, "language": "es", "family_size": "2"}
    return data, [phone, f"Lupe {n}"]


def test_workshop_registration(demo):
    from vecinos.workshops.models import Topic
    from vecinos.workshops.tests.conftest import make_workshop

    # The demo's upcoming workshops are nearly full; one with room shows its seats left.
    workshop = make_workshop(Topic.objects.first(), capacity=20)
    with translation.override("es"):
        path = reverse("workshops:detail", args=[workshop.pk])
    known, unknown = assert_no_oracle(path, workshop_person, figure=seats_left(workshop))
    assert known[0][0] == 302


def test_job_application(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vecinos.jobs.models import JobPage
    from vecinos.jobs.tests.conftest import pdf_bytes

    job = next(page for page in JobPage.objects.live() if page.is_open)
    path = reverse("jobs:application-create", args=[job.pk])

    def person(n):
        email = f"applicant{n}@example.org"
        data = {
            "name": f"Applicant {n}",
            "email": email,
            "phone": f"215555{n:04d}",
            "language": "en",
            "cover_letter": "I would like to help.",
            "resume": SimpleUploadedFile("cv.pdf", pdf_bytes(), "application/pdf"),
            "consent": "on",
        }
        return data, [email, f"Applicant {n}", f"215555{n:04d}"]

    known, _unknown = assert_no_oracle(path, person)
    assert known[0][0] == 302


def test_donation(demo, settings):
    from vecinos.fundraising.models import CampaignPage

    settings.DEBUG = True  # the development stand-in for card gifts, as in `make run`
    campaign = CampaignPage.objects.live().filter(locale__language_code="en").first()
    path = reverse("fundraising:give", args=[campaign.pk])

    def person(n):
        email = f"donor{n}@example.org"
        data = {
            "amount": "25",
            "frequency": "once",
            "name": f"Donor {n}",
            "email": email,
            "show_as": "anonymous",
        }
        return data, [email, f"Donor {n}"]

    def progress():
        return Client().get(reverse("fundraising:progress", args=[campaign.pk])).content

    from vecinos.fundraising.models import Donor

    known, _unknown = assert_no_oracle(path, person)
    # Both went on to the checkout (a page that forwards to it), and the donor is one row.
    assert known[0][0] == 200 and "/checkout/ID/" in known[0][2]
    assert Donor.objects.filter(email_index=blind_index("email", "donor0@example.org")).count() == 1
    assert progress() == progress()


def first_choice(page: str, name: str, index: int = 0) -> str:
    """The `index`-th value offered for `name`, by radio buttons or a select."""
    values = re.findall(rf'name="{name}" value="([^"]+)"', page)
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, flags=re.S)
    if select:
        values += re.findall(r'<option value="([^"]+)"', select.group(1))
    return values[index]


def test_hotline_report_of_a_place_already_reported(demo):
    """A report about a block with an open incident gets the page a first report gets: the
    thanks page does not tell a reporter that others reported it too."""
    with translation.override("es"):
        path = reverse("hotline:report")
    page = Client().get(path).content.decode()

    def report(n):
        data = {
            "agency": first_choice(page, "agency"),
            "activity": first_choice(page, "activity"),
            "block": first_choice(page, "block", index=n),
            "when": first_choice(page, "when"),
            "description": "Agentes en la esquina",
        }
        return data, []

    known, _unknown = assert_no_oracle(path, report)
    assert known[0][0] == 302
