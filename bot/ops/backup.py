"""``goldcard-bot backup``: a consistent copy of the embedded SQLite database while the bot runs (SQLite's
online backup API), written next to nothing else: the encryption key is NOT in it and must be kept apart
(a backup with its key beside it protects nothing). On PostgreSQL use ``pg_dump`` (DEPLOY.md).

Restore: stop the bot, put the file as ``DATA_DIR/goldcard.db`` in an empty data directory, give the bot the
same ``ENCRYPTION_KEYS`` (or ``secret.key``), start it. Sealed files under ``DATA_DIR/files`` are copied by
``--with-files`` (they are sealed too).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Settings

PG_ADVICE = ("DATABASE_URL is PostgreSQL: back it up with pg_dump, e.g. `pg_dump --format=custom --file "
             "goldcard.dump \"$DATABASE_URL\"` (DEPLOY.md, Backups); keep ENCRYPTION_KEYS elsewhere.")


class NotSqlite(Exception):
    """The database is not the embedded SQLite file."""


def sqlite_path(settings: Settings) -> Path:
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise NotSqlite(PG_ADVICE)
    return Path(url.database)


def backup(settings: Settings, out: Path, *, with_files: bool = False) -> Path:
    """Copy the database into ``out`` (a file, or a directory that gets ``goldcard.db``); returns the file."""
    source = sqlite_path(settings)
    if not source.exists():
        raise FileNotFoundError(f"no database at {source}: check DATA_DIR")
    target = out / "goldcard.db" if out.is_dir() else out
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".partial")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reader, sqlite3.connect(partial) as writer:
        reader.backup(writer)  # page by page, consistent even while the bot writes
    reader.close()
    writer.close()
    partial.replace(target)
    target.chmod(0o600)
    files = settings.data_dir / "files"
    if with_files and files.is_dir():
        shutil.copytree(files, target.parent / "files", dirs_exist_ok=True)
    return target
