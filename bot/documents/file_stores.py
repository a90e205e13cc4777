"""Which file store a deployment uses: the ``sealed_files`` table when ``DATABASE_URL`` is PostgreSQL
(workers on several machines share nothing else), the sealed directory ``DATA_DIR/files`` with the embedded
SQLite."""

from __future__ import annotations

from bot.config import Settings
from bot.documents.store import FileStore
from storage.crypto import Sealer


def open_file_store(settings: Settings, sealer: Sealer | None = None) -> FileStore:
    sealer = sealer or Sealer(settings.key_ring())
    url = settings.effective_database_url
    if url.startswith(("postgresql", "postgres:")):
        from bot.documents.store_db import DatabaseFileStore

        return DatabaseFileStore(url, sealer)
    return FileStore(settings.data_dir / "files", sealer)
