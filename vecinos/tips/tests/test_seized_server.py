"""What a seized server yields: send a tip with canaries, then search everything it holds.

The canaries are the tip's text, the codename, the camera maker and description in the
photo's EXIF, the author in the PDF's metadata, the reply's text. The search covers every
file under the data folder (uploads, cache, anything written), every text and binary column
of every table, and every log record of the whole exchange, staff reading included.
"""

import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from vecinos.tips import sealing, services
from vecinos.tips.access import read_attachment, read_source
from vecinos.tips.models import Source, TipKey
from vecinos.tips.testing import pdf_with_metadata, photo_with_gps

from .conftest import PASSPHRASE
from .test_public import CODENAME

pytestmark = pytest.mark.django_db

TIP_CANARY = "CANARY-TIP-7f3a jail calls ICE two hours before release"
PHOTO_CANARY = "CANARY-EXIF-c41d"
PDF_CANARY = "CANARY-PDF-9e2b"
REPLY_CANARY = "CANARY-REPLY-55aa which county?"


def database_contents() -> list[bytes]:
    """Every text and binary value of every table, as bytes."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (our own table names)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, str):
                        values.append(value.encode())
                    elif isinstance(value, bytes | memoryview | bytearray):
                        values.append(bytes(value))
    return values


def data_folder_contents() -> list[bytes]:
    root = Path(settings.DATA_DIR)
    return [path.read_bytes() for path in root.rglob("*") if path.is_file()]


def hits(canary: str, haystacks: list[bytes]) -> int:
    needles = {canary.encode(), canary.encode("utf-16-le"), canary.lower().encode()}
    return sum(1 for hay in haystacks for needle in needles if needle in hay)


def test_a_seized_server_its_database_and_logs_hold_no_canary(client, tip_key, reader, caplog):
    files = [photo_with_gps(PHOTO_CANARY), pdf_with_metadata(PDF_CANARY)]
    # Every logger at DEBUG unless the settings hold it higher: stricter than production.
    caplog.set_level(logging.DEBUG)
    response = client.post("/en/tips/", {"message": TIP_CANARY, "files": files})
    codename = CODENAME.search(response.content.decode())[1]
    source = Source.objects.get()
    services.send_reply(source, text=REPLY_CANARY, actor=reader)

    # The tip reader opens everything.
    private = sealing.unlock_private_key(TipKey.objects.get(), PASSPHRASE)
    _source, tips, _replies = read_source(reader, source.pk, private)
    assert tips[0].text == TIP_CANARY
    for pk, _name, _type in tips[0].attachments:
        _name, _type, content = read_attachment(reader, pk, private)
        assert PHOTO_CANARY.encode() not in content and PDF_CANARY.encode() not in content

    # The source comes back and reads the reply.
    client.cookies.clear()
    client.post("/en/tips/return/", {"codename": codename})
    assert REPLY_CANARY in client.get("/en/tips/conversation/").content.decode()

    logs = [record.getMessage().encode() for record in caplog.records]
    haystacks = {"database": database_contents(), "files": data_folder_contents(), "logs": logs}
    found = {
        (where, name): hits(canary, stack)
        for where, stack in haystacks.items()
        for name, canary in [
            ("tip", TIP_CANARY),
            ("photo", PHOTO_CANARY),
            ("pdf", PDF_CANARY),
            ("reply", REPLY_CANARY),
            ("codename", codename),
            ("codename words", " ".join(codename.split()[:3])),
        ]
    }
    assert {key: count for key, count in found.items() if count} == {}
    # The search did look at something: the sealed tip is in the database.
    assert len(haystacks["database"]) > 50


def test_without_the_passphrase_nothing_opens(client, tip_key):
    client.post("/en/tips/", {"message": TIP_CANARY, "files": [photo_with_gps()]})
    source = Source.objects.get()
    tip = source.tips.get()
    with pytest.raises(sealing.WrongPassphrase):
        sealing.unlock_private_key(tip_key, "not the passphrase")
    # Neither a fresh key nor the source's own key opens the tip or its file.
    stranger = sealing.PrivateKey.generate()
    for sealed in (tip.sealed_body, tip.attachments.get().sealed_content):
        with pytest.raises(sealing.CannotOpen):
            sealing.open_sealed(stranger, sealed)
    # Nothing stored on the row opens it either: the private key is only ciphertext.
    assert re.search(TIP_CANARY.encode(), bytes(tip.sealed_body)) is None
    opened = sealing.open_json(sealing.unlock_private_key(tip_key, PASSPHRASE), tip.sealed_body)
    assert opened == {"text": TIP_CANARY}


def test_a_reply_opens_only_with_the_codename(client, tip_key, reader):
    response = client.post("/en/tips/", {"message": "x"})
    codename = CODENAME.search(response.content.decode())[1]
    source = Source.objects.get()
    reply = services.send_reply(source, text=REPLY_CANARY, actor=reader)
    with pytest.raises(sealing.CannotOpen):
        sealing.open_sealed(
            sealing.unlock_private_key(tip_key, PASSPHRASE), reply.sealed_for_source
        )
    _source, keys = services.sign_in_source(codename)
    assert sealing.open_json(keys.private_key, reply.sealed_for_source) == {"text": REPLY_CANARY}


def test_a_new_passphrase_opens_the_old_tips_and_the_old_one_no_longer_does(client, tip_key):
    client.post("/en/tips/", {"message": TIP_CANARY})
    services.change_tip_passphrase(old=PASSPHRASE, new="a whole new passphrase for tips")
    key = TipKey.objects.get()
    with pytest.raises(sealing.WrongPassphrase):
        sealing.unlock_private_key(key, PASSPHRASE)
    private = sealing.unlock_private_key(key, "a whole new passphrase for tips")
    assert (
        sealing.open_json(private, Source.objects.get().tips.get().sealed_body)["text"]
        == TIP_CANARY
    )
