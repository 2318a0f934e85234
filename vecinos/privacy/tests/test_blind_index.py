import pytest
from django.utils import translation

from vecinos.privacy import crypto
from vecinos.privacy.blind_index import (
    InvalidPhoneNumber,
    email_index,
    find_by_email,
    find_by_phone,
    normalize_phone,
    phone_index,
)

from .models import Neighbour

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw",
    [
        "215-555-0134",
        "(215) 555 0134",
        "+1 215 555 0134",
        "2155550134",
        "1-215-555-0134",
        "215.555.0134",
        " +1 (215) 555-0134 ",
    ],
)
def test_normalize_phone_reads_common_formats(raw):
    assert normalize_phone(raw) == "+12155550134"


def test_normalize_phone_keeps_numbers_from_other_countries():
    assert normalize_phone("+52 55 1234 5678") == "+525512345678"


@pytest.mark.parametrize("raw", ["", "12345", "call me", "215-555-013"])
def test_normalize_phone_rejects_what_is_not_a_number(raw):
    with pytest.raises(InvalidPhoneNumber) as error:
        normalize_phone(raw)
    assert str(error.value) == "Enter a phone number with its area code, for example 215-555-0134."


def test_phone_error_is_translated():
    with translation.override("es"), pytest.raises(InvalidPhoneNumber) as error:
        normalize_phone("abc")
    assert str(error.value) == (
        "Escriba un número de teléfono con su código de área, por ejemplo 215-555-0134."
    )


def test_indexes_ignore_format_and_case_and_fit_in_sixteen_bits():
    assert phone_index("215-555-0134") == phone_index("+1 215 555 0134")
    assert email_index(" Rosa@Example.org ") == email_index("rosa@example.org")
    assert 0 <= phone_index("215-555-0134") < 2**16


def test_phone_and_email_indexes_use_separate_keys():
    assert crypto.derive_key("blind-index/phone") != crypto.derive_key("blind-index/email")


def add(name, phone):
    return Neighbour.objects.create(
        name=name, phone=normalize_phone(phone), phone_index=phone_index(phone)
    )


def test_colliding_index_gives_candidates_that_decryption_confirms(settings):
    settings.VECINOS_BLIND_INDEX_BITS = 8
    rosa = add("Rosa", "215-555-0134")
    # With eight bits one value in 256 shares Rosa's index: find one such neighbour.
    for suffix in range(10000):
        phone = f"267-555-{suffix:04d}"
        if phone_index(phone) == rosa.phone_index:
            luis = add("Luis", phone)
            break
    add("Ana", "484-555-0100")

    candidates = Neighbour.objects.filter(phone_index=rosa.phone_index)
    assert {"Rosa", "Luis"} <= {n.name for n in candidates}
    assert find_by_phone(Neighbour.objects.all(), "phone", "(215) 555 0134") == [rosa]
    assert find_by_phone(Neighbour.objects.all(), "phone", luis.phone) == [luis]


def test_find_by_email_confirms_by_decryption():
    rosa = Neighbour.objects.create(
        name="Rosa", email="rosa@example.org", email_index=email_index("rosa@example.org")
    )
    Neighbour.objects.create(
        name="Luis", email="luis@example.org", email_index=email_index("rosa@example.org")
    )

    assert find_by_email(Neighbour.objects.all(), "email", "ROSA@example.org") == [rosa]
    assert find_by_email(Neighbour.objects.all(), "email", "nadie@example.org") == []


def test_indexes_survive_a_new_key_encryption_key(fresh_keyring):
    before = phone_index("215-555-0134")
    new_kek = crypto.new_key()
    crypto.rewrap_data_keys(new_kek)
    crypto.unlock(new_kek)

    assert phone_index("215-555-0134") == before
