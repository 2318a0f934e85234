"""`make run` on a fresh machine writes the key without first warning that it starts locked."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _key_line(key_file: Path, data_dir: Path) -> str:
    """The Makefile's own command that writes a missing key (make -n prints, runs nothing)."""
    printed = subprocess.run(
        [
            "make",
            "-n",
            "-s",
            "prepare",
            f"VECINOS_KEY_FILE={key_file}",
            f"VECINOS_DATA_DIR={data_dir}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    lines = [line for line in printed.splitlines() if "create_key_file" in line]
    assert len(lines) == 1, printed
    return lines[0]


def test_writing_the_first_key_does_not_warn_starting_locked(tmp_path):
    key_file = tmp_path / "config" / "vecinos.key"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VECINOS_KEK", "DJANGO_SETTINGS_MODULE", "VECINOS_LOCKED_START"}
    }
    env.update(VECINOS_KEY_FILE=str(key_file), VECINOS_DATA_DIR=str(data_dir))
    result = subprocess.run(
        ["bash", "-c", _key_line(key_file, data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert len(key_file.read_bytes()) == 32
    assert "Wrote a new key" in output
    assert "locked" not in output


def test_a_missing_key_file_still_warns_when_a_process_starts_without_it(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VECINOS_KEK", "DJANGO_SETTINGS_MODULE", "VECINOS_LOCKED_START"}
    }
    env.update(
        VECINOS_KEY_FILE=str(tmp_path / "none" / "vecinos.key"),
        VECINOS_DATA_DIR=str(tmp_path / "data"),
    )
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", "pass"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "starting locked" in result.stdout + result.stderr
