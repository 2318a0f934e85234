"""Private files (résumés, documents about a person), encrypted at rest and never public.

Every stored file gets a random name (a uuid, keeping only the folder the model asked for), so
the name says nothing about its owner. Its contents are sealed with AES-256-GCM, bound to that
name. There is no URL: a staff view reads the file through `open()` and sends it itself.
Each file is sealed whole in memory, which suits documents of a few megabytes.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils._os import safe_join
from django.utils.deconstruct import deconstructible

from . import crypto


@deconstructible(path="vecinos.privacy.storage.EncryptedFileStorage")
class EncryptedFileStorage(Storage):
    """Store files encrypted under DATA_DIR/private/ (or `location`)."""

    def __init__(self, location: str | os.PathLike | None = None) -> None:
        self._location = location

    @property
    def location(self) -> Path:
        return Path(self._location or Path(settings.DATA_DIR) / "private")

    def path_on_disk(self, name: str) -> Path:
        return Path(safe_join(self.location, name))

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        folder = posixpath.dirname(name.replace("\\", "/"))
        new_name = posixpath.join(folder, uuid.uuid4().hex)
        if max_length is not None and len(new_name) > max_length:
            raise SuspiciousFileOperation("The folder name leaves no room for the file name.")
        return new_name

    def _save(self, name: str, content) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(
            chunk.encode() if isinstance(chunk, str) else chunk for chunk in content.chunks()
        )
        self._write(name, crypto.encrypt(data, crypto.file_context(name)))
        return name

    def _write(self, name: str, sealed: bytes) -> None:
        target = self.path_on_disk(name)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Write beside the target and rename, so a reader never sees half a file and an
        # interrupted rotation leaves either the old or the new contents.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(sealed)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read_sealed(self, name: str) -> bytes:
        return self.path_on_disk(name).read_bytes()

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        if mode not in {"r", "rb"}:
            raise ValueError("Encrypted files are written with save(), never opened for writing.")
        data = crypto.decrypt(self.read_sealed(name), crypto.file_context(name))
        return ContentFile(data, name=name)

    def delete(self, name: str) -> None:
        if name:
            self.path_on_disk(name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        return self.path_on_disk(name).exists()

    def size(self, name: str) -> int:
        return self.path_on_disk(name).stat().st_size - crypto.OVERHEAD

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        directories, files = [], []
        base = self.path_on_disk(path)
        if base.is_dir():
            for entry in os.scandir(base):
                if entry.name.startswith(".tmp-"):
                    continue
                (directories if entry.is_dir() else files).append(entry.name)
        return directories, files

    def url(self, name: str) -> str:
        raise NotImplementedError(
            "Private files have no URL; a staff view reads them with open() and sends them."
        )

    def walk(self) -> Iterator[str]:
        """Yield the name of every stored file."""
        root = self.location
        if not root.is_dir():
            return
        for folder, _dirs, files in os.walk(root):
            for filename in files:
                if not filename.startswith(".tmp-"):
                    yield Path(folder, filename).relative_to(root).as_posix()

    def reseal(self, name: str, key_id: int) -> bool:
        """Re-encrypt one file under data key `key_id`; return False if it already was."""
        sealed = crypto.reseal(self.read_sealed(name), crypto.file_context(name), key_id)
        if sealed is None:
            return False
        self._write(name, sealed)
        return True
