"""Files at rest: under the data directory, by content hash, sealed (AES-256-GCM) and bound to their owner
(with PostgreSQL, the same sealed files in the database: :mod:`bot.documents.store_db`; which one a
deployment uses: :func:`bot.documents.file_stores.open_file_store`).

Layout: ``<root>/<owner id>/<sha256[:2]>/<sha256>.sealed``. The associated data of each file is
``documents:<owner id>:<sha256>``, so a file copied into another user's folder, or renamed to another
hash, does not open; the hash of what opens is checked again. Files are written atomically (temporary
file, then rename) with owner-only permissions. The same content uploaded by two users is stored twice
on purpose: sharing would tell one user what the other has.

Use :meth:`FileStore.from_settings` for the bot's configuration: the key ring comes from
``ENCRYPTION_KEYS`` or, in the embedded default, from a key generated into the data directory (with a
warning in the logs, see :mod:`storage.crypto`).
"""

from __future__ import annotations

import builtins
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storage.crypto import Sealer, SealError

if TYPE_CHECKING:
    from bot.config import Settings

_HASH = re.compile(r"^[0-9a-f]{64}$")
_SUFFIX = ".sealed"


class StoredFileMissing(KeyError):
    """No such file for this owner (never stored, or deleted)."""


@dataclass(frozen=True)
class StoredFile:
    owner_id: int
    sha256: str
    size: int


class FileStore:
    """Sealed files per owner, addressed by the SHA-256 of their plain content."""

    def __init__(self, root: Path, sealer: Sealer) -> None:
        self._root = root
        self._sealer = sealer

    @classmethod
    def from_settings(cls, settings: Settings) -> FileStore:
        """The sealed directory ``DATA_DIR/files``. The configured store, whichever it is (PostgreSQL keeps the
        files in the database): :func:`bot.documents.file_stores.open_file_store`."""
        return cls(settings.data_dir / "files", Sealer(settings.key_ring()))

    def close(self) -> None:
        """Nothing to release for a directory (the database store closes its connections)."""

    def put(self, owner_id: int, data: bytes) -> StoredFile:
        """Store ``data`` for ``owner_id`` (idempotent: the same content is written once)."""
        digest = hashlib.sha256(data).hexdigest()
        path = self._path(owner_id, digest)
        try:
            os.utime(path)  # stored again: younger for the sweep of unreferenced files (maintenance.py)
        except FileNotFoundError:
            self._write(path, self._sealer.seal(data, _context(owner_id, digest)))
        return StoredFile(owner_id, digest, len(data))

    @staticmethod
    def _write(path: Path, sealed: bytes) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half of one."""
        for depth, folder in enumerate(reversed(path.parents[:3])):  # the store, the owner, the hash's prefix:
            folder.mkdir(parents=depth == 0, exist_ok=True, mode=0o700)  # nobody else lists them
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(sealed)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def get(self, owner_id: int, sha256: str) -> bytes:
        """The content stored under ``sha256`` for ``owner_id``; raises :class:`StoredFileMissing` or SealError."""
        path = self._path(owner_id, sha256)
        try:
            sealed = path.read_bytes()
        except FileNotFoundError as exc:
            raise StoredFileMissing(sha256) from exc
        data = self._sealer.open(sealed, _context(owner_id, sha256))
        if hashlib.sha256(data).hexdigest() != sha256:
            raise SealError("stored file does not match its hash")
        return data

    def exists(self, owner_id: int, sha256: str) -> bool:
        return self._path(owner_id, sha256).exists()

    def list(self, owner_id: int) -> list[str]:
        """Hashes of the owner's files, sorted."""
        folder = self._owner_dir(owner_id)
        if not folder.exists():
            return []
        return sorted(path.name[:-len(_SUFFIX)] for path in folder.glob(f"*/*{_SUFFIX}"))

    def delete(self, owner_id: int, sha256: str) -> bool:
        """Delete one file; True if it existed."""
        path = self._path(owner_id, sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def delete_owner(self, owner_id: int) -> int:
        """Delete every file of ``owner_id`` (the user's "delete my data"); returns how many there were."""
        count = len(self.list(owner_id))
        shutil.rmtree(self._owner_dir(owner_id), ignore_errors=True)
        return count

    def reseal(self, owner_id: int) -> int:
        """Seal the owner's files again under the current key (after a key rotation), each replaced
        atomically; returns how many changed."""
        changed = 0
        for digest in self.list(owner_id):
            path = self._path(owner_id, digest)
            if self._sealer.is_current(path.read_bytes()):
                continue
            self._write(path, self._sealer.seal(self.get(owner_id, digest), _context(owner_id, digest)))
            changed += 1
        return changed

    def owners(self) -> tuple[int, ...]:
        """Every owner with stored files."""
        if not self._root.exists():
            return ()
        return tuple(sorted(int(entry.name) for entry in self._root.iterdir()
                            if entry.is_dir() and entry.name.isdigit()))

    def stored_before(self, owner_id: int, cutoff: float) -> builtins.list[str]:
        """Hashes of the owner's files stored before ``cutoff`` (seconds since the epoch), sorted."""
        folder = self._owner_dir(owner_id)
        paths = folder.glob(f"*/*{_SUFFIX}") if folder.exists() else ()
        return sorted(path.name[:-len(_SUFFIX)] for path in paths if path.stat().st_mtime < cutoff)

    def _owner_dir(self, owner_id: int) -> Path:
        if not isinstance(owner_id, int) or isinstance(owner_id, bool):
            raise TypeError("owner_id must be an int")
        return self._root / str(owner_id)

    def _path(self, owner_id: int, sha256: str) -> Path:
        if not _HASH.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self._owner_dir(owner_id) / sha256[:2] / f"{sha256}{_SUFFIX}"


def _context(owner_id: int, sha256: str) -> str:
    return f"documents:{owner_id}:{sha256}"
