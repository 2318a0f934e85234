"""The tip key commands: nothing secret printed; the offline round trip."""

import io

import pytest
from django.core.management import call_command

from vecinos.tips import sealing, services
from vecinos.tips.models import TipKey

pytestmark = pytest.mark.django_db

PASSPHRASE = "a passphrase typed at the prompt"  # noqa: S105


def test_create_and_change_the_passphrase_print_nothing_secret(monkeypatch):
    answers = iter([PASSPHRASE, PASSPHRASE])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out = io.StringIO()
    call_command("create_tip_key", stdout=out)
    key = TipKey.objects.get()
    assert PASSPHRASE not in out.getvalue()
    private = sealing.unlock_private_key(key, PASSPHRASE)
    assert bytes(private).hex() not in out.getvalue()

    new = "the next passphrase, also long"
    answers = iter([PASSPHRASE, new, new])
    call_command("change_tip_passphrase", stdout=out)
    assert bytes(sealing.unlock_private_key(TipKey.objects.get(), new).public_key) == bytes(
        key.public_key
    )


def test_an_offline_key_reads_an_export_on_another_machine(tmp_path):
    out = io.StringIO()
    call_command("new_offline_tip_key", str(tmp_path / "tip.key"), stdout=out)
    public = out.getvalue().strip()
    call_command("create_tip_key", public_key=public, stdout=io.StringIO())
    assert TipKey.objects.get().kept_offline
    services.seal_tip(text="Offline canary text", files=[], language="es")
    call_command("export_tips", str(tmp_path / "export.json"), stdout=io.StringIO())
    assert b"Offline canary" not in (tmp_path / "export.json").read_bytes()
    call_command(
        "read_tips_offline",
        str(tmp_path / "export.json"),
        str(tmp_path / "tip.key"),
        str(tmp_path / "out"),
        stdout=io.StringIO(),
    )
    text = next((tmp_path / "out").glob("source-*/tips.txt")).read_text()
    assert "Offline canary text" in text


def test_the_demo_tip_opens_with_the_documented_passphrase_and_codename(db):
    from vecinos.tips import demo

    demo.build()
    demo.build()  # a second run changes nothing
    key = TipKey.objects.get()
    source, keys = services.sign_in_source(demo.DEMO_CODENAME)
    private = sealing.unlock_private_key(key, demo.DEMO_PASSPHRASE)
    assert sealing.open_json(private, source.tips.get().sealed_body)["text"] == demo.DEMO_TIP
    reply = source.replies.get()
    assert sealing.open_json(keys.private_key, reply.sealed_for_source)["text"] == demo.DEMO_REPLY
