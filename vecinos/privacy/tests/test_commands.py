import base64
import os
import stat
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from vecinos.privacy import crypto, keyagent, services

from .models import Neighbour


def test_create_key_file_writes_a_private_random_key(tmp_path):
    target = tmp_path / "keys" / "vecinos.key"

    call_command("create_key_file", str(target))

    assert len(target.read_bytes()) == 32
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_key_file", str(target))


def test_create_key_file_refuses_the_data_folder(settings):
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with pytest.raises(CommandError, match="VECINOS_DATA_DIR"):
        call_command("create_key_file", str(settings.DATA_DIR / "keys" / "vecinos.key"))


def test_key_file_inside_the_data_folder_stops_the_start(settings):
    inside = settings.DATA_DIR / "vecinos.key"
    inside.parent.mkdir(parents=True, exist_ok=True)
    inside.write_bytes(crypto.new_key())
    settings.VECINOS_KEY_FILE = str(inside)

    with pytest.raises(ImproperlyConfigured, match="VECINOS_DATA_DIR"):
        crypto.reload_configured_key()


def test_key_from_the_environment_variable(settings):
    key = crypto.new_key()
    settings.VECINOS_KEK = base64.b64encode(key).decode()
    crypto.reload_configured_key()

    assert crypto.current_kek() == key


def test_locked_start_ignores_the_key_file(settings):
    settings.VECINOS_LOCKED_START = True
    crypto.reload_configured_key()

    assert crypto.is_locked()


def test_split_key_prints_shares_that_rebuild_the_key(fresh_keyring, capsys):
    call_command("split_key", "--shares", "5", "--threshold", "3")

    shares = capsys.readouterr().out.split()
    assert len(shares) == 5
    rebuilt = crypto.combine_shares(crypto.parse_share(text) for text in shares[1:4])
    assert rebuilt == crypto.read_key_file(fresh_keyring)


def test_split_key_refuses_a_threshold_above_the_shares():
    with pytest.raises(CommandError):
        call_command("split_key", "--shares", "2", "--threshold", "3")


@pytest.mark.django_db
def test_key_agent_unlocks_every_process(settings, fresh_keyring, tmp_path_factory):
    person = Neighbour.objects.create(name="Rosa")
    kek = crypto.read_key_file(fresh_keyring)
    shares = crypto.split_kek(kek, shares=3, threshold=2)
    socket_path = str(tmp_path_factory.mktemp("agent") / "agent.sock")
    ready = threading.Event()
    threading.Thread(
        target=keyagent.serve, args=(socket_path,), kwargs={"ready": ready}, daemon=True
    ).start()
    assert ready.wait(5)
    settings.VECINOS_LOCKED_START = True
    settings.VECINOS_KEY_AGENT_SOCKET = socket_path
    crypto.reload_configured_key()

    services.submit_share(shares[0], user="system")
    assert keyagent.fetch_kek(socket_path) is None
    assert crypto.is_locked()
    services.submit_share(shares[2], user="system")

    # Another process knows nothing but the socket: it asks the agent for the key.
    crypto.forget_keys()
    assert not crypto.is_locked()
    assert Neighbour.objects.get(pk=person.pk).name == "Rosa"
    assert stat.S_IMODE(os.stat(socket_path).st_mode) == 0o600
