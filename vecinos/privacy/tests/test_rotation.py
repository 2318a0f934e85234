import base64

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from vecinos.privacy import crypto, rotation
from vecinos.privacy.models import DataKey
from vecinos.privacy.storage import EncryptedFileStorage

from .models import Neighbour

pytestmark = pytest.mark.django_db


def populate(count=7):
    people = [
        Neighbour.objects.create(name=f"Vecina {i}", email=f"v{i}@example.org", notes=f"nota {i}")
        for i in range(count)
    ]
    storage = EncryptedFileStorage()
    names = [storage.save("letters/x", ContentFile(f"carta {i}".encode())) for i in range(3)]
    return people, names


def assert_everything_reads(people, names):
    for person in people:
        loaded = Neighbour.objects.get(pk=person.pk)
        assert (loaded.name, loaded.email, loaded.notes) == (
            person.name,
            person.email,
            person.notes,
        )
    storage = EncryptedFileStorage()
    assert sorted(storage.open(name).read() for name in names) == [
        b"carta 0",
        b"carta 1",
        b"carta 2",
    ]


def sealed_key_ids():
    values = Neighbour.objects.values_list("name", "email", "notes")
    return {crypto.key_id_of(base64.b64decode(v)) for row in values for v in row}


def test_rotation_reencrypts_everything_and_old_key_can_be_deleted():
    people, names = populate()
    old_key = crypto.active_key_id()

    report = rotation.rotate(batch_size=3, delete_old=True)

    assert report.new_key and report.finished
    assert report.values == 7 * 3 and report.files == 3
    assert report.deleted_keys == [old_key]
    assert not DataKey.objects.filter(pk=old_key).exists()
    assert sealed_key_ids() == {report.key_id}
    crypto.forget_data_keys()
    assert_everything_reads(people, names)


def test_interrupted_rotation_resumes_without_a_second_new_key():
    people, names = populate()
    old_key = crypto.active_key_id()

    first = rotation.rotate(batch_size=4, max_batches=2)
    assert first.new_key and not first.finished
    assert sealed_key_ids() == {old_key, first.key_id}
    assert_everything_reads(people, names)

    second = rotation.rotate(batch_size=4)
    assert not second.new_key and second.finished
    assert second.key_id == first.key_id
    assert sealed_key_ids() == {first.key_id}
    assert DataKey.objects.get(pk=old_key).retired
    assert_everything_reads(people, names)


def test_values_written_during_a_rotation_use_the_new_key():
    populate(2)
    rotation.rotate(batch_size=1, max_batches=1)

    newcomer = Neighbour.objects.create(name="Nueva")

    assert (
        crypto.key_id_of(
            base64.b64decode(Neighbour.objects.values_list("name", flat=True).get(pk=newcomer.pk))
        )
        == crypto.active_key_id()
    )


def test_rotate_keys_command_reports_and_finishes(capsys):
    people, names = populate(3)

    call_command("rotate_keys", "--batch-size", "2", "--delete-old")

    out = capsys.readouterr().out
    assert "The rotation is finished." in out
    assert DataKey.objects.filter(purpose="data").count() == 1
    assert_everything_reads(people, names)


def test_rotate_keys_command_says_when_to_run_again():
    populate(3)
    with pytest.raises(CommandError, match="run rotate_keys again"):
        call_command("rotate_keys", "--batch-size", "1", "--max-batches", "1")


def test_new_key_encryption_key_rewraps_data_keys(tmp_path, settings):
    people, names = populate(2)
    new_file = tmp_path.parent / f"{tmp_path.name}-new-key" / "vecinos.key"
    call_command("create_key_file", str(new_file))

    call_command("rotate_keys", "--new-kek-file", str(new_file))

    settings.VECINOS_KEY_FILE = str(new_file)
    crypto.reload_configured_key()
    assert_everything_reads(people, names)
