import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice
from reportlab.pdfgen import canvas

from vecinos.content.testing import make_homes
from vecinos.jobs import demo
from vecinos.jobs.models import JobPage
from vecinos.messaging.channels import locmem

APPLICANT_NAME = "Xiomara Quintanilla-Betancourt"
APPLICANT_EMAIL = "xiomara.qb@example.org"


def pdf_bytes(text=APPLICANT_NAME):
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, invariant=True)
    document.setPageCompression(0)
    document.drawString(72, 720, text)
    document.save()
    return buffer.getvalue()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def odt_bytes():
    return zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}
    )


def resume_upload(content=None, name="cv.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


def application_data(**overrides):
    data = {
        "name": APPLICANT_NAME,
        "email": APPLICANT_EMAIL,
        "phone": "215 555 0134",
        "language": "es",
        "cover_letter": "Quiero trabajar con mis vecinos.",
        "consent": "on",
        "resume": resume_upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def fresh_cache():
    # The rate limiter counts in the cache; every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def empty_message_outbox():
    # The locmem channel keeps what it sent in a module-level list shared by every test.
    locmem.reset()
    yield
    locmem.reset()


@pytest.fixture
def homes(db):
    return make_homes()


@pytest.fixture
def job_indexes(homes):
    return demo.build(homes)


@pytest.fixture
def jobs(job_indexes):
    """The demo Community Organizer posting in each language."""
    english = JobPage.objects.child_of(job_indexes["en"]).get(slug="community-organizer")
    spanish = JobPage.objects.child_of(job_indexes["es"]).get(
        translation_key=english.translation_key
    )
    return {"en": english, "es": spanish}


def make_staff(username, *roles, superuser=False):
    user = get_user_model().objects.create_user(
        username=username, password="a long enough test password", is_superuser=superuser
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def sign_in(client, user):
    """Sign in with a confirmed second factor, as the admin requires for people-facing roles."""
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def hiring_admin(db):
    return make_staff("ana", "admin")


@pytest.fixture
def editor(db):
    return make_staff("eddie", "editor")
