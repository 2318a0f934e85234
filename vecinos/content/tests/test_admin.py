import json

import pytest
from django.contrib.auth import get_user_model

from vecinos.accounts.testing import sign_in_verified
from vecinos.content import models as content
from vecinos.content.testing import make_homes, make_translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    """A superuser who has passed the second factor, as an editor would have."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "x" * 16)
    sign_in_verified(client, user)
    return client


@pytest.fixture
def sections():
    homes = make_homes()
    made = {"home": homes["en"]}
    for name, model in (
        ("news", content.NewsIndexPage),
        ("publications", content.PublicationIndexPage),
        ("press", content.PressIndexPage),
        ("testimony", content.TestimonyIndexPage),
    ):
        made[name] = make_translated(
            homes, model, en={"title": name.title()}, es={"title": name.title() + " es"}
        )["en"]
    return made


@pytest.mark.parametrize(
    "parent, model",
    [
        ("home", "standardpage"),
        ("news", "newspage"),
        ("publications", "publicationpage"),
        ("press", "pressitempage"),
        ("testimony", "testimonypage"),
    ],
)
def test_editor_can_open_the_form_for_each_page_type(editor_client, sections, parent, model):
    response = editor_client.get(f"/admin/pages/add/content/{model}/{sections[parent].pk}/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "parent, model",
    [("home", "newspage"), ("news", "publicationpage"), ("home", "newsindexpage")],
    ids=["news item outside the news section", "report in the news section", "second news section"],
)
def test_editor_is_turned_away_from_a_misplaced_page(editor_client, sections, parent, model):
    response = editor_client.get(f"/admin/pages/add/content/{model}/{sections[parent].pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_editor_publishes_a_statement_with_co_signers(editor_client, sections):
    parent = sections["news"]
    prefix = "co_signers"
    data = {
        "title": "Statement on the budget",
        "slug": "statement-on-the-budget",
        "kind": "statement",
        "date": "2026-05-01",
        "summary": "Fund schools, not raids.",
        "body": json.dumps(
            {
                "blocks": [
                    {
                        "key": "a",
                        "text": "We ask Council to fund schools.",
                        "type": "unstyled",
                        "depth": 0,
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    }
                ],
                "entityMap": {},
            }
        ),
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-name": "South Philly Tenants Union",
        f"{prefix}-0-url": "",
        f"{prefix}-0-ORDER": "1",
        f"{prefix}-1-name": "Coalition for Data Justice",
        f"{prefix}-1-url": "https://datajustice.example/",
        f"{prefix}-1-ORDER": "2",
        "action-publish": "publish",
    }

    response = editor_client.post(f"/admin/pages/add/content/newspage/{parent.pk}/", data)

    assert response.status_code == 302, response.context["form"].errors
    page = content.NewsPage.objects.get(slug="statement-on-the-budget")
    assert page.live
    assert [signer.name for signer in page.co_signers.all()] == [
        "South Philly Tenants Union",
        "Coalition for Data Justice",
    ]
