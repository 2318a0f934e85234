"""Any text in any field of the public forms gets a page, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vecinos.coalition.testing import make_event, make_letter, make_petition

FIELDS = {
    "sign": [
        "kind",
        "public_name",
        "city",
        "state",
        "org_type",
        "affiliation",
        "contact_name",
        "email",
    ],
    "petition-sign": ["first_name", "city", "email", "phone", "show_publicly"],
    "event-rsvp": ["answer", "name", "phone", "email", "party_size"],
}
text = st.text(st.characters(codec="utf-8"), max_size=300)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_public_forms_never_fail_on_hostile_input(data, homes):
    pages = {
        "sign": make_letter(homes)["es"],
        "petition-sign": make_petition(homes)["es"],
        "event-rsvp": make_event(homes)["es"],
    }
    client = Client()
    for name, page in pages.items():
        values = {field: data.draw(text) for field in FIELDS[name]}
        with translation.override("es"):
            url = reverse(f"coalition:{name}", kwargs={"page_id": page.pk})
        assert client.post(url, values).status_code in {302, 400, 429}
    for name in ("confirm", "petition-confirm", "petition-code"):
        token = data.draw(
            st.text(st.characters(codec="ascii", exclude_characters="/"), min_size=1, max_size=80)
        )
        with translation.override("es"):
            url = reverse(f"coalition:{name}", kwargs={"token": token})
        assert client.get(url).status_code == 404
    # The next example makes the pages again under the same slugs.
    for page in pages.values():
        for translated in [page, *page.get_translations()]:
            translated.delete()
