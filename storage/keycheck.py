"""Keys fail closed: at start, one stored value of every sealed column must open with the configured keys.

A key file that was missing (and so was just generated) while sealed data exists stops the start and is
removed again, so that the next start says the same: restore the backup, or start afresh on purpose with
``goldcard-bot reset --erase-everything`` (:func:`erase_everything`). A key that opens nothing stored stops
the start too. Nothing is ever sealed under a key no backup holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import delete, inspect, select

from storage.crypto import RESET_HINT, KeyProblem, Sealer, SealError
from storage.db import Database
from storage.models import Base
from storage.rotation import SEALED


async def sealed_data_opens(db: Database, sealer: Sealer) -> bool | None:
    """None when nothing sealed is stored; otherwise whether the newest value of every sealed column opens."""
    found = False
    async with db.transaction() as session:
        for model, column, context in SEALED:
            row = (await session.execute(select(model).where(getattr(model, column).is_not(None))
                                         .order_by(model.id.desc()).limit(1))).scalar_one_or_none()
            if row is None:
                continue
            found = True
            try:
                sealer.open(getattr(row, column), context(row, column))
            except SealError:
                return False
    return True if found else None


async def check_keys(db: Database, sealer: Sealer, generated_key_file: Path | None) -> None:
    """Refuse the start (:class:`KeyProblem`) when the keys do not open what is stored.
    ``generated_key_file``: the key file this start created because it was missing."""
    opens = await sealed_data_opens(db, sealer)
    if opens is not False:
        return
    if generated_key_file is not None:
        _remove(generated_key_file)
        raise KeyProblem(f"{generated_key_file} is missing but the database holds data sealed with it: restore "
                         f"secret.key from your backup into {generated_key_file.parent} (or set ENCRYPTION_KEYS), "
                         f"or {RESET_HINT}")
    raise KeyProblem("the configured encryption key does not open the stored data (it was sealed with another "
                     "key): restore the key it was sealed with (secret.key or ENCRYPTION_KEYS; a new key goes "
                     f"first, the old ones after it, then `goldcard-bot rotate-keys`), or {RESET_HINT}")


async def erase_everything(db: Database, data_dir: Path, key_file: Path | None) -> None:
    """Delete every row of every table, the file store and the key file: a deliberate fresh start."""
    async with db.transaction() as session:
        connection = await session.connection()
        present = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in present:
                await session.execute(delete(table))
    _remove(data_dir / "files", key_file)


def _remove(*paths: Path | None) -> None:
    for path in paths:
        if path is not None and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path is not None:
            path.unlink(missing_ok=True)
