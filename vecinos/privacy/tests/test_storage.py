import pytest
from django.core.files.base import ContentFile

from vecinos.privacy import crypto
from vecinos.privacy.storage import EncryptedFileStorage

from .models import Neighbour

pytestmark = pytest.mark.django_db

LETTER = "Carta de apoyo para Rosa Díaz, 1234 Reed St.".encode()


def test_saved_file_has_a_random_name_and_encrypted_contents(settings):
    storage = EncryptedFileStorage()
    name = storage.save("letters/rosa-diaz-resume.pdf", ContentFile(LETTER))

    assert name.startswith("letters/") and "rosa" not in name and "." not in name
    on_disk = (settings.DATA_DIR / "private" / name).read_bytes()
    assert b"Rosa" not in on_disk
    assert len(on_disk) == crypto.OVERHEAD + len(LETTER)
    assert storage.size(name) == len(LETTER)
    with storage.open(name) as handle:
        assert handle.read() == LETTER


def test_file_moved_to_another_name_does_not_decrypt(settings):
    storage = EncryptedFileStorage()
    name = storage.save("letters/a", ContentFile(LETTER))
    folder = settings.DATA_DIR / "private"
    (folder / "letters" / "moved").write_bytes((folder / name).read_bytes())

    with pytest.raises(crypto.DecryptionError):
        storage.open("letters/moved")


def test_private_files_have_no_url():
    storage = EncryptedFileStorage()
    name = storage.save("letters/a", ContentFile(LETTER))

    with pytest.raises(NotImplementedError):
        storage.url(name)


def test_file_field_on_a_model_reads_back_plaintext():
    rosa = Neighbour.objects.create(name="Rosa")
    rosa.letter.save("Rosa Díaz.txt", ContentFile(LETTER))

    loaded = Neighbour.objects.get(pk=rosa.pk)
    assert "Rosa" not in loaded.letter.name
    with loaded.letter.open() as handle:
        assert handle.read() == LETTER
    loaded.letter.delete(save=False)
    assert not EncryptedFileStorage().exists(loaded.letter.name or "letters/none")


def test_files_cannot_be_read_while_locked():
    storage = EncryptedFileStorage()
    name = storage.save("letters/a", ContentFile(LETTER))
    crypto.lock()

    with pytest.raises(crypto.Locked):
        storage.open(name)
