"""Sign-on letters: signing, confirming by e-mail, staff decisions, the public list and PDF."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from vecinos.accounts.testing import sign_in_verified
from vecinos.coalition import documents
from vecinos.coalition.models import LetterDelivery, Signature
from vecinos.coalition.services import letters as services
from vecinos.coalition.shredders import letter_contacts, letter_unconfirmed
from vecinos.core.models import AuditEntry
from vecinos.messaging.models import OutboundMessage
from vecinos.privacy.erasure import erase_person, find_person

ORG = {
    "kind": "org",
    "public_name": "Colectivo Tierra y Pan",
    "city": "Philadelphia",
    "state": "PA",
    "org_type": "community",
    "contact_name": "Marisol Quintero",
    "email": "marisol@tierraypan.example",
}
PERSON = {
    "kind": "person",
    "public_name": "Tomás Ybarra",
    "city": "Camden",
    "state": "NJ",
    "affiliation": "St. Anthony parish",
    "email": "tomas@example.org",
}


class Mail:
    def __init__(self, row):
        self.to, self.subject, self.body = row.to_address, row.subject, row.body


def mails():
    return [Mail(row) for row in OutboundMessage.objects.order_by("created_at", "pk")]


def sign_url(page):
    with translation.override(page.locale.language_code):
        return reverse("coalition:sign", kwargs={"page_id": page.pk})


def link_in(body):
    return re.search(r"https://vecinos\.example(/\S+/confirm/\S+/|/\S+/confirmar/\S+/)", body)[1]


def confirm_by_mail(client, mail):
    path = link_in(mail.body)
    assert client.get(path).status_code == 200
    return client.post(path)


def signed_and_confirmed(client, page, signer) -> Signature:
    client.post(sign_url(page), signer)
    confirm_by_mail(client, mails()[-1])
    return Signature.objects.get(public_name=signer["public_name"])


@pytest.mark.django_db
def test_spanish_paths_are_translated(letter):
    assert sign_url(letter["es"]) == f"/es/cartas/{letter['es'].pk}/firmar/"
    assert sign_url(letter["en"]) == f"/en/letters/{letter['en'].pk}/sign/"


@pytest.mark.django_db
def test_an_organization_signs_confirms_and_appears_only_once_verified(client, letter):
    page = letter["es"]
    response = client.post(sign_url(page), ORG)
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (signature.status, signature.language) == (Signature.Status.UNCONFIRMED, "es")
    [mail] = mails()
    assert mail.to == "marisol@tierraypan.example"
    assert mail.subject == "Confirme su firma: Terminen el contrato de detención"
    assert "/es/cartas/confirmar/" in mail.body

    assert "Colectivo Tierra y Pan" not in client.get(page.url).text
    response = confirm_by_mail(client, mail)
    assert "Verificamos cada organización" in response.text
    signature.refresh_from_db()
    assert signature.status == Signature.Status.TO_VERIFY
    public = client.get(page.url).text
    assert "Colectivo Tierra y Pan" not in public
    assert "0 organizaciones" in public

    services.verify_signature(signature, actor="system", note="Called the office.")
    public = client.get(page.url).text
    assert "<strong>Colectivo Tierra y Pan</strong>, Philadelphia, PA" in public
    assert "1 organización" in public
    # The English page lists the same signatories.
    assert "Colectivo Tierra y Pan" in client.get(letter["en"].url).text
    # Contacts are never public.
    assert "Marisol" not in public and "tierraypan.example" not in public


@pytest.mark.django_db
def test_a_verified_organization_hears_it_in_its_language(client, letter):
    signature = signed_and_confirmed(client, letter["es"], ORG)

    services.verify_signature(signature, actor="system", note="Llamamos a la oficina.")

    told = mails()[-1]
    assert told.to == "marisol@tierraypan.example"
    assert told.subject == "Su organización está en la carta: Terminen el contrato de detención"
    assert "Colectivo Tierra y Pan" in told.body
    assert letter["es"].url in told.body
    # The staff's note is for staff.
    assert "oficina" not in told.body
    # Deciding again changes nothing and sends nothing.
    services.verify_signature(signature, actor="system")
    assert len(mails()) == 2


@pytest.mark.django_db
def test_a_rejected_organization_is_told_how_to_answer(client, letter):
    signature = signed_and_confirmed(client, letter["en"], ORG)

    services.reject_signature(signature, actor="system", note="No such group.")

    told = mails()[-1]
    assert told.subject == "Your signature was not added: End the detention contract"
    assert "could not confirm that Colectivo Tierra y Pan signed" in told.body
    assert "answer this message" in told.body
    assert "No such group" not in told.body


@pytest.mark.django_db
def test_no_decision_mail_to_an_address_that_never_confirmed_or_a_person(client, letter):
    client.post(sign_url(letter["en"]), ORG)
    services.reject_signature(Signature.objects.get(), actor="system")
    # A held person published by staff already had their confirmation page.
    client.post(sign_url(letter["en"]), {**PERSON, "public_name": "xkcdfgh"})
    held = Signature.objects.get(kind="person")
    confirm_by_mail(client, mails()[-1])
    held.refresh_from_db()
    assert held.status == Signature.Status.HELD
    services.verify_signature(held, actor="system")
    assert [mail.subject.split(":")[0] for mail in mails()] == [
        "Confirm your signature",
        "Confirm your signature",
    ]


@pytest.mark.django_db
def test_an_individual_is_public_once_confirmed(client, letter):
    client.post(sign_url(letter["en"]), PERSON)
    [mail] = mails()
    assert mail.subject == "Confirm your signature: End the detention contract"
    confirm_by_mail(client, mail)
    assert Signature.objects.get().status == Signature.Status.PUBLIC
    assert (
        "Tomás Ybarra</strong>, Camden, NJ · St. Anthony parish"
        in client.get(letter["en"].url).text
    )


@pytest.mark.django_db
def test_signing_twice_gives_the_same_page_and_changes_nothing(client, letter):
    page = letter["en"]
    first = client.post(sign_url(page), ORG)
    again = client.post(sign_url(page), {**ORG, "email": "  MARISOL@tierraypan.example "})
    assert (first.status_code, first["Location"]) == (again.status_code, again["Location"])
    assert client.get(first["Location"]).text == client.get(again["Location"]).text
    assert Signature.objects.count() == 1
    confirm_by_mail(client, mails()[0])
    for _ in range(5):
        client.post(sign_url(page), ORG)
    # The repeats' messages stop after a few, so the form cannot flood an inbox.
    assert len(mails()) == 1 + services.REPEAT_MESSAGES
    assert mails()[-1].subject.startswith("You have already signed")
    assert Signature.objects.get().status == Signature.Status.TO_VERIFY


@pytest.mark.django_db
def test_made_up_names_and_floods_are_held_for_staff(client, letter, settings, monkeypatch):
    client.post(sign_url(letter["en"]), {**PERSON, "public_name": "asdfghjkl"})
    confirm_by_mail(client, mails()[-1])
    held = Signature.objects.get()
    assert (held.status, held.hold_reason) == (Signature.Status.HELD, "name")
    assert "asdfghjkl" not in client.get(letter["en"].url).text

    monkeypatch.setattr(services, "FLOOD_LIMIT", 1)
    client.post(sign_url(letter["en"]), {**PERSON, "email": "other@example.org"})
    assert Signature.objects.get(hold_reason="flood").status == Signature.Status.UNCONFIRMED
    services.verify_signature(held, actor="system")
    assert "asdfghjkl" in client.get(letter["en"].url).text


@pytest.mark.parametrize(
    "name", ["Test", "Mickey Mouse", "www.cheap-pills.example", "Aaaaaa", "12345", "x"]
)
def test_looks_made_up(name):
    assert services.looks_made_up(name)


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Thị Hoa",
        "Iglesia Luterana San Pablo",
        "Unión de Trabajadores",
        "Ng Wing",
        "Schwartz",
    ],
)
def test_real_names_are_not_made_up(name):
    assert not services.looks_made_up(name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "org", "public_name": "\u202e\u0000", "city": "x", "email": "no"},
        {**ORG, "org_type": "bogus"},
        {**ORG, "kind": "martian"},
        {**ORG, "public_name": "x" * 5000},
        {**ORG, "contact_name": ""},
        {**PERSON, "email": "a@" + "b" * 300 + ".org"},
        {**ORG, "website": "http://spam.example"},
    ],
)
def test_hostile_input_is_answered_in_the_form(client, letter, data):
    response = client.post(sign_url(letter["es"]), data)
    assert response.status_code == 400
    assert "Su firma todavía no se ha enviado" in response.text
    assert Signature.objects.count() == 0


@pytest.mark.django_db
def test_a_forged_or_stale_link_says_it_does_not_work(client, letter):
    with translation.override("es"):
        path = reverse("coalition:confirm", kwargs={"token": "AAAA.BBBB"})
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


@pytest.mark.django_db
def test_staff_reject_and_remove_with_a_note(client, letter):
    signature = signed_and_confirmed(client, letter["en"], PERSON)
    services.remove_signature(signature, actor="system", note="The signer asked by phone.")
    signature.refresh_from_db()
    assert signature.status == Signature.Status.REMOVED
    assert signature.staff_note == "The signer asked by phone."
    assert "Tomás" not in client.get(letter["en"].url).text
    # A decision on a signature that is not waiting does nothing.
    services.verify_signature(signature, actor="system")
    assert Signature.objects.get().status == Signature.Status.REMOVED


@pytest.mark.django_db
def test_the_pdf_lists_public_signatories_in_the_page_language(client, letter):
    client.post(sign_url(letter["es"]), ORG)
    confirm_by_mail(client, mails()[0])
    client.post(sign_url(letter["es"]), PERSON)
    confirm_by_mail(client, mails()[1])
    client.post(sign_url(letter["es"]), {**ORG, "public_name": "Otra", "email": "o@ex.org"})
    text = pdf_text(documents.letter_pdf(letter["es"]))
    assert "Terminen el contrato de detención" in text
    assert "Para: Concejo Municipal de Filadelfia" in text
    assert "Tomás Ybarra" in text
    # The organization is not verified yet, the other never confirmed.
    assert "Colectivo" not in text and "Otra" not in text
    services.verify_signature(Signature.objects.get(public_name=ORG["public_name"]), actor="system")
    with translation.override("en"):
        url = reverse("coalition:letter-pdf", kwargs={"page_id": letter["en"].pk})
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "To: Philadelphia City Council" in text
    assert "Colectivo Tierra y Pan" in text and "1 organization" in text
    assert "Marisol" not in text


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


@pytest.mark.django_db
def test_contacts_are_shredded_after_delivery_and_public_names_stay(client, letter, settings):
    client.post(sign_url(letter["en"]), PERSON)
    confirm_by_mail(client, mails()[0])
    client.post(sign_url(letter["en"]), {**ORG, "email": "never@example.org"})
    services.mark_letter_delivered(
        letter["en"], on=timezone.localdate() - timedelta(days=10), actor="system"
    )
    assert not letter["en"].is_open
    assert (
        client.post(sign_url(letter["en"]), {**PERSON, "email": "late@ex.org"}).status_code == 409
    )
    settings.VECINOS_RETENTION = {"letter_contacts": 20}
    assert letter_contacts.due(timezone.now()).count() == 0
    settings.VECINOS_RETENTION = {"letter_contacts": 5}
    due = letter_contacts.due(timezone.now())
    assert letter_contacts.shred(due) == 2
    [kept] = Signature.objects.all()
    assert (kept.public_name, kept.email, kept.email_index, kept.purged_at is not None) == (
        "Tomás Ybarra",
        "",
        None,
        True,
    )
    assert "Tomás Ybarra" in client.get(letter["en"].url).text


@pytest.mark.django_db
def test_unconfirmed_signatures_are_deleted_after_a_week(client, letter):
    client.post(sign_url(letter["en"]), PERSON)
    assert letter_unconfirmed.due(timezone.now()).count() == 0
    assert letter_unconfirmed.due(timezone.now() + timedelta(days=8)).count() == 1


@pytest.mark.django_db
def test_erasure_finds_and_removes_a_signer(client, letter):
    client.post(sign_url(letter["en"]), PERSON)
    found = find_person(email="TOMAS@example.org")
    assert [row.public_name for row in found["letter_signatures"]] == ["Tomás Ybarra"]
    erase_person(email="tomas@example.org", actor="system")
    assert Signature.objects.count() == 0


@pytest.mark.django_db
def test_staff_queue_verifies_and_rejects_with_notes(client, organizer_client, letter):
    client.post(sign_url(letter["en"]), ORG)
    confirm_by_mail(client, mails()[0])
    client.post(sign_url(letter["en"]), {**ORG, "public_name": "Fake Org", "email": "f@ex.org"})
    confirm_by_mail(client, mails()[1])
    queue = reverse("coalition_admin:letter", kwargs={"pk": letter["en"].pk})
    page = organizer_client.get(queue)
    assert page.status_code == 200
    assert "Marisol Quintero" in page.text
    assert AuditEntry.objects.filter(action="coalition.signature.viewed").count() == 1
    real = Signature.objects.get(public_name=ORG["public_name"])
    fake = Signature.objects.get(public_name="Fake Org")
    decide = "coalition_admin:decide"
    organizer_client.post(
        reverse(decide, kwargs={"pk": letter["en"].pk, "signature": real.pk}),
        {"action": "verify", "note": "Confirmed with the director."},
    )
    organizer_client.post(
        reverse(decide, kwargs={"pk": letter["en"].pk, "signature": fake.pk}),
        {"action": "reject", "note": "No such group."},
    )
    real.refresh_from_db()
    fake.refresh_from_db()
    assert (real.status, fake.status) == (Signature.Status.PUBLIC, Signature.Status.REJECTED)
    assert fake.staff_note == "No such group."
    assert AuditEntry.objects.filter(action="coalition.signature.rejected").count() == 1


@pytest.mark.django_db
def test_other_roles_get_404_and_a_signature_of_another_letter_is_404(
    client, organizer_client, homes, letter
):
    from vecinos.coalition.testing import make_letter

    other = make_letter(homes, en={"slug": "other"}, es={"slug": "otra"})
    client.post(sign_url(other["en"]), ORG)
    signature = Signature.objects.get()
    url = reverse(
        "coalition_admin:decide", kwargs={"pk": letter["en"].pk, "signature": signature.pk}
    )
    assert organizer_client.post(url, {"action": "reject"}).status_code == 404
    editor = get_user_model().objects.create_user(username="eddie", password="x" * 16)
    editor.groups.add(Group.objects.get(name="editor"))
    client.logout()
    sign_in_verified(client, editor)
    assert client.get(reverse("coalition_admin:index")).status_code == 404


@pytest.mark.django_db
def test_delivery_is_marked_from_the_queue(organizer_client, letter):
    url = reverse("coalition_admin:delivered", kwargs={"pk": letter["es"].pk})
    organizer_client.post(url, {"delivered_on": "2026-12-01"})
    assert LetterDelivery.objects.get().letter_key == letter["en"].translation_key
    assert not letter["en"].is_open
