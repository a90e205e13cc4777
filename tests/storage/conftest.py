"""Storage fixtures: a migrated database (SQLite, and PostgreSQL where the server is installed) and a sealer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from storage.crypto import Sealer, decode_key, generate_key
from storage.db import Database


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
def sealer() -> Sealer:
    return Sealer([decode_key(generate_key())])
