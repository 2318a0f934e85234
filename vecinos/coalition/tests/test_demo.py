import pytest

from vecinos.coalition import demo
from vecinos.coalition.models import EventPage, LetterPage, Signature
from vecinos.coalition.services.events import event_counts
from vecinos.coalition.services.letters import public_signatories


@pytest.mark.django_db
def test_the_demo_has_thirty_organizations_a_petition_and_two_events(client, homes):
    demo.build(homes)
    demo.build(homes)
    letter = LetterPage.objects.get(locale__language_code="es")
    listed = public_signatories(letter)
    assert listed.organization_count + 3 == 30
    assert listed.individual_count == 7
    assert letter.signatures().filter(status=Signature.Status.HELD).count() == 1
    past = EventPage.objects.get(locale__language_code="en", slug="town-hall-our-data")
    assert event_counts(past)["head_count"] == 87
    for page in [letter, past, *EventPage.objects.all()]:
        assert client.get(page.url).status_code == 200
    assert "Vinieron" in client.get(past.get_translation(letter.locale).url).text
