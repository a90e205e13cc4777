"""Files at rest: sealed per owner and content hash, deletable per owner; Telegram file ids only cached."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.documents.file_ids import MemoryFileIdCache
from bot.documents.store import FileStore, StoredFileMissing
from storage.crypto import Sealer, SealError, decode_key, generate_key


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files", Sealer([decode_key(generate_key())]))


def test_round_trip_by_hash(store: FileStore, tmp_path: Path) -> None:
    data = b"%PDF-1.7 a certificate of employment"
    stored = store.put(7, data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert store.get(7, stored.sha256) == data
    assert store.put(7, data) == stored  # idempotent
    assert store.list(7) == [stored.sha256]
    path = next((tmp_path / "files").rglob("*.sealed"))
    assert data not in path.read_bytes()  # encrypted at rest
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_of_one_user_does_not_open_as_another(store: FileStore, tmp_path: Path) -> None:
    stored = store.put(7, b"passport scan")
    with pytest.raises(StoredFileMissing):
        store.get(8, stored.sha256)
    # even copied into the other user's folder, the sealed bytes do not open there
    source = next((tmp_path / "files" / "7").rglob("*.sealed"))
    target = tmp_path / "files" / "8" / source.parent.name / source.name
    target.parent.mkdir(parents=True)
    target.write_bytes(source.read_bytes())
    with pytest.raises(SealError):
        store.get(8, stored.sha256)


def test_tampering_is_detected(store: FileStore, tmp_path: Path) -> None:
    stored = store.put(7, b"tax statement")
    path = next((tmp_path / "files").rglob("*.sealed"))
    sealed = bytearray(path.read_bytes())
    sealed[-1] ^= 1
    path.write_bytes(bytes(sealed))
    with pytest.raises(SealError):
        store.get(7, stored.sha256)


def test_delete_one_and_delete_by_owner(store: FileStore) -> None:
    first = store.put(7, b"one")
    store.put(7, b"two")
    other = store.put(9, b"someone else's")
    assert store.stored_before(7, time.time() + 600) == sorted([first.sha256, store.put(7, b"two").sha256])
    assert store.stored_before(7, time.time() - 600) == [] and store.stored_before(8, time.time() + 600) == []
    assert store.delete(7, first.sha256) and not store.delete(7, first.sha256)
    assert store.delete_owner(7) == 1
    assert store.list(7) == []
    assert store.get(9, other.sha256) == b"someone else's"


def test_bad_arguments_are_rejected(store: FileStore) -> None:
    with pytest.raises(ValueError):
        store.get(7, "../../etc/passwd")
    with pytest.raises(TypeError):
        store.put("7", b"x")  # type: ignore[arg-type]


def test_key_rotation_reseals(tmp_path: Path) -> None:
    old, new = decode_key(generate_key()), decode_key(generate_key())
    stored = FileStore(tmp_path, Sealer([old])).put(7, b"old key")
    rotated = FileStore(tmp_path, Sealer([new, old]))
    assert rotated.reseal(7) == 1
    assert FileStore(tmp_path, Sealer([new])).get(7, stored.sha256) == b"old key"


def test_from_settings_uses_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", encryption_keys=None)
    stored = FileStore.from_settings(settings).put(7, b"x")
    assert (tmp_path / "data" / "secret.key").exists()  # the embedded default generated a key
    assert list((tmp_path / "data" / "files" / "7").rglob(f"{stored.sha256}.sealed"))


async def test_file_id_cache() -> None:
    cache = MemoryFileIdCache(capacity=3)
    await cache.remember_upload(7, "unique-1", "a" * 64)
    await cache.remember_file_id(7, "a" * 64, "file-id-1")
    await cache.remember_file_id(8, "b" * 64, "file-id-2")
    assert await cache.page_for_upload(7, "unique-1") == "a" * 64
    assert await cache.page_for_upload(8, "unique-1") is None  # per owner
    assert await cache.file_id_for(7, "a" * 64) == "file-id-1"
    await cache.forget_owner(7)
    assert await cache.file_id_for(7, "a" * 64) is None
    assert await cache.file_id_for(8, "b" * 64) == "file-id-2"
    for n in range(5):
        await cache.remember_file_id(9, str(n) * 64, f"id{n}")
    assert await cache.file_id_for(8, "b" * 64) is None  # evicted: it is only a cache


def test_storing_the_same_content_again_makes_it_young_for_the_sweep(store: FileStore, tmp_path: Path) -> None:
    page = store.put(7, b"a page")
    [path] = (tmp_path / "files" / "7").glob("*/*.sealed")
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    assert store.stored_before(7, time.time() - 60) == [page.sha256]  # an hour old: the sweep may take it
    assert store.put(7, b"a page") == page  # sent again (a turn about to name it): written once, now young
    assert store.stored_before(7, time.time() - 60) == [] and store.get(7, page.sha256) == b"a page"
