import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.models import Locale, Site

from vecinos.content import demo
from vecinos.content import models as content
from vecinos.core.models import OrganizationSettings

pytestmark = pytest.mark.django_db

OWN_PAGE_TYPES = (
    content.HomePage,
    content.StandardPage,
    content.NewsIndexPage,
    content.NewsPage,
    content.PublicationIndexPage,
    content.PublicationPage,
    content.PressIndexPage,
    content.PressItemPage,
    content.TestimonyIndexPage,
    content.TestimonyPage,
)


def page_counts():
    return {model.__name__: model.objects.count() for model in OWN_PAGE_TYPES}


def test_load_demo_builds_every_page_in_both_languages(client):
    call_command("load_demo")

    english, spanish = (
        Locale.objects.get(language_code="en"),
        Locale.objects.get(language_code="es"),
    )
    site = Site.objects.get()
    assert site.root_page.specific.locale == english
    assert OrganizationSettings.load().name == "Casa Vecinos Unidos"
    assert content.NewsPage.objects.filter(locale=english).count() == 9
    assert content.NewsPage.objects.filter(locale=english, kind="statement").count() == 3
    assert content.PressItemPage.objects.filter(locale=spanish).count() == 3
    assert content.TestimonyPage.objects.filter(locale=spanish).count() == 2
    for model in OWN_PAGE_TYPES:
        for page in model.objects.filter(locale=english):
            translation = page.get_translation_or_none(spanish)
            assert translation is not None, page
            assert client.get(page.url).status_code == 200
            assert client.get(translation.specific.url).status_code == 200


def test_load_demo_statements_and_publication_in_both_languages(client):
    call_command("load_demo")

    signed = content.NewsPage.objects.filter(kind="statement", co_signers__isnull=False).distinct()
    assert signed.count() == 4
    heading = {"en": "Co-signed by", "es": "Firmado también por"}
    for page in signed:
        html = client.get(page.url).content.decode()
        assert heading[page.locale.language_code] in html
        assert page.co_signers.count() >= 3
        for organization in page.co_signers.all():
            assert organization.name in html
    for publication in content.PublicationPage.objects.all():
        reader = PdfReader(publication.pdf.file.path)
        assert len(reader.pages) == 3
        assert publication.title.split(":")[0] in reader.pages[0].extract_text()
        html = client.get(publication.url).content.decode()
        assert f'href="{publication.pdf.url}"' in html
        assert len(publication.key_findings) == 5


def test_load_demo_if_empty_keeps_editors_changes_and_plain_run_refuses():
    call_command("load_demo")
    page = content.StandardPage.objects.get(slug="about")
    page.title = "Who we are"
    page.save()
    before = page_counts()
    documents = get_document_model().objects.count()

    call_command("load_demo", "--if-empty")

    assert content.StandardPage.objects.get(slug="about").title == "Who we are"
    assert page_counts() == before
    assert get_document_model().objects.count() == documents
    with pytest.raises(CommandError):
        call_command("load_demo")


def test_load_demo_reset_rebuilds_without_duplicates(client, settings):
    settings.ALLOWED_HOSTS = ["vecinos.example"]
    call_command("load_demo")
    site = Site.objects.get()
    site.hostname = "vecinos.example"
    site.save()
    page = content.StandardPage.objects.get(slug="about")
    page.title = "Who we are"
    page.save()
    before = page_counts()
    documents = get_document_model().objects.count()

    call_command("load_demo", "--reset")

    assert page_counts() == before
    assert content.StandardPage.objects.get(slug="about").title == "About us"
    assert get_document_model().objects.count() == documents
    assert get_document_model().objects.filter(collection__name=demo.DEMO_COLLECTION).count() == 2
    assert Site.objects.get().hostname == "vecinos.example"
    assert client.get("/es/", HTTP_HOST="vecinos.example").status_code == 200
