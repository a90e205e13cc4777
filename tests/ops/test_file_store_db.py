"""Stored documents in PostgreSQL: two workers with separate data directories share nothing but the database
and the key — a document uploaded through one is exported by the other; key rotation and /delete cover the
database store."""

from __future__ import annotations

import asyncio
import time
import zipfile
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.cli import main
from bot.config import Settings
from bot.documents.file_stores import open_file_store
from bot.documents.store import FileStore
from bot.documents.store_db import DatabaseFileStore
from storage.crypto import Sealer, decode_key, generate_key
from storage.db import Database
from storage.rotation import rotate
from tests.conftest import TODAY, fresh_postgres_database
from tests.dialogs.test_documents_tab import reach_documents, upload
from tests.documents import corpus
from tests.pg import PostgresServer

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg_url(postgres: PostgresServer) -> str:
    return await fresh_postgres_database(postgres)


def worker_settings(url: str, data_dir: Path, key: str) -> Settings:
    return Settings(data_dir=data_dir, database_url=url, encryption_keys=key,
                    telegram_bot_token=None)


async def started(settings: Settings) -> App:
    app = build_app(settings, today=lambda: TODAY)
    await app.start()
    return app


async def test_a_document_uploaded_through_one_worker_is_exported_by_the_other(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = generate_key()
    first = await started(worker_settings(pg_url, tmp_path / "worker-a", key))
    second = await started(worker_settings(pg_url, tmp_path / "worker-b", key))
    try:
        assert isinstance(first.engine.services.files, DatabaseFileStore)
        chat = await reach_documents(first, 61)
        photo = tmp_path / "me.jpg"
        photo.write_bytes(corpus.id_photo((700, 900), (250, 250, 250)))
        await chat.press("📎 Photo")
        assert "✅ Photo" in await upload(chat, photo)
        assert not (tmp_path / "worker-a" / "files").exists()  # nothing on worker A's disk
        files = second.engine.services.files
        assert files is not None and len(files.list(61)) == 1
    finally:
        await first.close()

    monkeypatch.chdir(tmp_path)
    for name, value in {"DATABASE_URL": pg_url, "DATA_DIR": str(tmp_path / "worker-b"), "ENCRYPTION_KEYS": key}.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "export"
    assert await asyncio.to_thread(main, ["export", "--user", "61", "--out", str(out)]) == 0
    [bundle] = out.glob("*.zip")
    with zipfile.ZipFile(bundle) as archive:
        photos = [name for name in archive.namelist() if name.lower().endswith((".jpg", ".jpeg"))]
        assert photos and archive.read(photos[0])[:3] == b"\xff\xd8\xff"

    try:  # /delete through worker B erases the files in the database
        from tests.harness import Chat

        erasing = Chat(second.engine, 61)
        await erasing.send("/delete")
        await erasing.press("🗑 Yes, delete everything")
        assert files.list(61) == [] and files.owners() == ()
    finally:
        await second.close()


async def test_the_database_store_keeps_the_local_stores_promises_and_is_rotated(pg_url: str) -> None:
    old, new = decode_key(generate_key()), decode_key(generate_key())
    db = Database(pg_url)
    await db.migrate()
    store = DatabaseFileStore(pg_url, Sealer([old]))
    try:
        stored = await asyncio.to_thread(store.put, 7, b"page one")
        assert (await asyncio.to_thread(store.put, 7, b"page one")) == stored  # idempotent
        await asyncio.to_thread(store.put, 8, b"page one")  # the same content for another owner: stored twice
        assert store.get(7, stored.sha256) == b"page one" and store.exists(8, stored.sha256)
        assert store.list(7) == [stored.sha256] and store.owners() == (7, 8)
        assert store.stored_before(7, time.time() + 600) == [stored.sha256]  # the sweep's age of a file
        assert store.stored_before(7, time.time() - 600) == [] and store.stored_before(9, time.time() + 600) == []
        with pytest.raises(KeyError):
            store.get(9, stored.sha256)

        ring = Sealer([new, old])
        rotated = DatabaseFileStore(pg_url, ring)
        report = await rotate(db, ring, rotated)
        assert report.files == 2
        only_new = DatabaseFileStore(pg_url, Sealer([new]))
        assert only_new.get(7, stored.sha256) == b"page one"
        assert only_new.delete(7, stored.sha256) and not only_new.exists(7, stored.sha256)
        assert only_new.delete_owner(8) == 1 and only_new.owners() == ()
        rotated.close()
        only_new.close()
    finally:
        store.close()
        await db.dispose()


def test_sqlite_keeps_the_sealed_directory(settings: Settings) -> None:
    assert type(open_file_store(settings)) is FileStore
