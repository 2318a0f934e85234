import base64
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import modelform_factory

from vecinos.privacy import crypto
from vecinos.privacy.fields import MissingPrimaryKey, Sealed

from .models import Neighbour, Tally

pytestmark = pytest.mark.django_db


def stored(obj, column):
    table = Neighbour._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s",
            [Neighbour._meta.pk.get_db_prep_value(obj.pk, connection)],
        )
        return cursor.fetchone()[0]


def test_encrypted_fields_round_trip_through_the_database():
    created = Neighbour.objects.create(name="Rosa Díaz", email="rosa@example.org", notes="Línea 2")

    loaded = Neighbour.objects.get(pk=created.pk)

    assert (loaded.name, loaded.email, loaded.notes) == ("Rosa Díaz", "rosa@example.org", "Línea 2")
    assert "Rosa" not in stored(created, "name")
    assert "rosa@example.org" not in stored(created, "email")


def test_sealed_value_is_header_nonce_ciphertext_and_tag_only():
    first = Neighbour.objects.create(name="Ana")
    first_raw = base64.b64decode(stored(first, "name"))
    first.name = "Ana"
    first.save()
    again_raw = base64.b64decode(stored(first, "name"))

    header = bytes([crypto.VERSION]) + crypto.active_key_id().to_bytes(2, "big")
    assert len(first_raw) == 3 + 12 + len(b"Ana") + 16
    assert first_raw[:3] == again_raw[:3] == header
    # Everything after the header is fresh randomness or ciphertext: sealing the same text
    # twice shares no byte position beyond chance, and carries no clock.
    same_positions = sum(a == b for a, b in zip(first_raw[3:], again_raw[3:], strict=True))
    assert same_positions <= 4


def test_value_copied_to_another_row_does_not_decrypt():
    rosa = Neighbour.objects.create(name="Rosa")
    luis = Neighbour.objects.create(name="Luis")
    Neighbour.objects.filter(pk=luis.pk).update(name=Sealed(stored(rosa, "name")))

    with pytest.raises(crypto.DecryptionError):
        _ = Neighbour.objects.get(pk=luis.pk).name


def test_value_copied_to_another_column_does_not_decrypt():
    rosa = Neighbour.objects.create(name="Rosa", phone="+12155550134")
    Neighbour.objects.filter(pk=rosa.pk).update(phone=Sealed(stored(rosa, "name")))

    loaded = Neighbour.objects.get(pk=rosa.pk)
    assert loaded.name == "Rosa"
    with pytest.raises(crypto.DecryptionError):
        _ = loaded.phone


def test_save_with_update_fields_seals_only_the_named_fields():
    rosa = Neighbour.objects.create(name="Rosa", notes="first")
    rosa.notes = "second"
    rosa.block = "12th"
    rosa.save(update_fields=["notes"])

    loaded = Neighbour.objects.get(pk=rosa.pk)
    assert (loaded.name, loaded.notes, loaded.block) == ("Rosa", "second", "")


def test_bulk_create_seals_every_row():
    Neighbour.objects.bulk_create([Neighbour(name=f"N{i}") for i in range(3)])

    assert sorted(n.name for n in Neighbour.objects.all()) == ["N0", "N1", "N2"]
    assert all(
        value.startswith(crypto.text_prefix(crypto.active_key_id()))
        for value in Neighbour.objects.values_list("name", flat=True)
    )


def test_plaintext_is_refused_in_queries():
    rosa = Neighbour.objects.create(name="Rosa")

    with pytest.raises(TypeError, match="blind index"):
        Neighbour.objects.filter(pk=rosa.pk).update(name="Luis")
    with pytest.raises(TypeError, match="blind index"):
        list(Neighbour.objects.filter(name="Rosa"))
    with pytest.raises(TypeError):
        Neighbour.objects.bulk_update([rosa], ["name"])


def test_model_without_a_primary_key_before_insert_gets_a_clear_error():
    with pytest.raises(MissingPrimaryKey, match="UUIDField"):
        Tally.objects.create(label="x")


def test_empty_and_null_values_stay_empty():
    rosa = Neighbour.objects.create(name="Rosa", email="", notes=None)

    assert stored(rosa, "email") == ""
    assert stored(rosa, "notes") is None
    loaded = Neighbour.objects.get(pk=rosa.pk)
    assert (loaded.email, loaded.notes) == ("", None)


def test_unread_values_are_saved_unchanged_even_while_locked():
    rosa = Neighbour.objects.create(name="Rosa")
    before = stored(rosa, "name")
    loaded = Neighbour.objects.get(pk=rosa.pk)

    crypto.lock()
    loaded.block = "Reed St"
    loaded.save()

    assert stored(rosa, "name") == before
    crypto.reload_configured_key()
    assert Neighbour.objects.get(pk=rosa.pk).name == "Rosa"


def test_row_copied_under_a_new_primary_key_is_sealed_again():
    rosa = Neighbour.objects.create(name="Rosa")
    copy = Neighbour.objects.get(pk=rosa.pk)
    copy.pk = uuid.uuid4()
    copy._state.adding = True
    copy.save()

    assert Neighbour.objects.get(pk=copy.pk).name == "Rosa"


def test_max_length_applies_to_the_plaintext():
    too_long = Neighbour(name="x" * 21)
    with pytest.raises(ValidationError) as error:
        too_long.full_clean()
    assert "name" in error.value.message_dict

    fits = Neighbour(name="x" * 20, email="a@example.org")
    fits.full_clean()


def test_model_form_edits_plaintext():
    form_class = modelform_factory(Neighbour, fields=["name", "email", "notes"])
    rosa = Neighbour.objects.create(name="Rosa", email="rosa@example.org")

    form = form_class(instance=Neighbour.objects.get(pk=rosa.pk))
    assert form.initial["name"] == "Rosa"
    assert form["name"].field.widget.input_type == "text"
    assert form["email"].field.widget.input_type == "email"

    bound = form_class(
        {"name": "Rosa María", "email": "not-an-address", "notes": ""},
        instance=Neighbour.objects.get(pk=rosa.pk),
    )
    assert not bound.is_valid()
    assert list(bound.errors) == ["email"]

    bound = form_class(
        {"name": "Rosa María", "email": "rm@example.org", "notes": ""},
        instance=Neighbour.objects.get(pk=rosa.pk),
    )
    bound.save()
    assert Neighbour.objects.get(pk=rosa.pk).name == "Rosa María"


def test_sealed_text_never_shows_in_repr():
    rosa = Neighbour.objects.create(name="Rosa")
    sealed = Neighbour.objects.values_list("name", flat=True).get(pk=rosa.pk)

    assert repr(sealed) == "<encrypted>"
    assert "Rosa" not in repr(crypto.UnlockProgress(have=1, need=2, kek=b"k" * 32))


def test_reading_while_locked_raises_locked():
    rosa = Neighbour.objects.create(name="Rosa")
    crypto.lock()

    with pytest.raises(crypto.Locked):
        _ = Neighbour.objects.get(pk=rosa.pk).name
    with pytest.raises(crypto.Locked):
        Neighbour.objects.create(name="Luis")
