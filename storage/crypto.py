"""Encryption at rest for personal data: AES-256-GCM with a key ring.

A sealed value is ``b"GC1" + key id (8 bytes) + nonce (12 bytes) + ciphertext``. The associated data
names the owner row and the column (``"drafts:<id>:answers"``), so a ciphertext copied into another
row or column does not open. The first key of the ring seals; every key opens, so keys can be rotated
by re-sealing under the new first key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"GC1"
_log = logging.getLogger(__name__)


class SealError(ValueError):
    """A sealed value could not be opened: wrong key, wrong owner, or tampered with."""


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"goldcard-key-id" + key).digest()[:8]


def generate_key() -> str:
    """A new random key, base64 encoded (for configuration)."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def decode_key(text: str) -> bytes:
    key = base64.urlsafe_b64decode(text.strip().encode())
    if len(key) != 32:
        raise ValueError("an encryption key must be 32 bytes, base64 encoded (see `goldcard-bot keygen`)")
    return key


class Sealer:
    """Seals and opens bytes with the key ring; the first key is the current one."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed")
        self._current = keys[0]
        self._ring = {_key_id(key): AESGCM(key) for key in keys}
        self._current_id = _key_id(self._current)

    def seal(self, plaintext: bytes, context: str) -> bytes:
        nonce = os.urandom(12)
        sealed = self._ring[self._current_id].encrypt(nonce, plaintext, context.encode())
        return MAGIC + self._current_id + nonce + sealed

    def open(self, token: bytes, context: str) -> bytes:
        if len(token) < len(MAGIC) + 8 + 12 + 16 or not token.startswith(MAGIC):
            raise SealError("not a sealed value")
        key_id = token[3:11]
        aead = self._ring.get(key_id)
        if aead is None:
            raise SealError("sealed with a key that is not configured")
        try:
            return aead.decrypt(token[11:23], token[23:], context.encode())
        except InvalidTag as exc:
            raise SealError("sealed value does not belong here or was altered") from exc

    def digest(self, value: str, context: str) -> str:
        """A keyed one-way name for ``value`` (HMAC-SHA256 under a key derived from the current key, bound to
        ``context``): equal values give equal names, and a name does not give the value back, even for a
        value as guessable as a date."""
        key = hashlib.sha256(b"goldcard-digest" + self._current).digest()
        return hmac.new(key, f"{context}\x00{value}".encode(), hashlib.sha256).hexdigest()[:32]

    def is_current(self, token: bytes) -> bool:
        return token[3:11] == self._current_id


class KeyProblem(RuntimeError):
    """The keys cannot be trusted to open or seal the stored data: the start is refused with this
    one-line message (what is wrong and how to fix it), never silently worked around."""


RESET_HINT = ("to start afresh on purpose, erasing every stored answer and file, run "
              "`goldcard-bot reset --erase-everything`")


def read_key_file(path: Path) -> str | None:
    """The key in ``path`` (None when there is none), refused when others may read it or it is not a key."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    if mode & 0o077:
        raise KeyProblem(f"{path} can be read by other users (mode {mode & 0o777:04o}): run `chmod 600 {path}` "
                         "and start again")
    try:
        text = path.read_text(encoding="ascii").strip()
        decode_key(text)
    except (ValueError, UnicodeDecodeError) as exc:  # binascii.Error is a ValueError
        raise KeyProblem(f"{path} is not a valid key (32 bytes, base64 encoded): it is corrupted; restore it "
                         f"from your backup, or {RESET_HINT}") from exc
    return text


def load_or_create_key_file(path: Path) -> str:
    """The embedded default: a key generated once into the data directory (with a warning). Whether it
    may be generated (no sealed data without it) is checked at start (``storage.keycheck``)."""
    existing = read_key_file(path)
    if existing is not None:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    _log.warning("No ENCRYPTION_KEYS configured: generated a key into %s. Back it up; "
                 "set ENCRYPTION_KEYS in production.", path)
    return key
