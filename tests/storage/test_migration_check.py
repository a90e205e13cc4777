"""The start-up's migration check without Alembic (storage/db.py ``script_heads``): the head revision read
from the migration files themselves agrees with Alembic's, a new migration file is seen at once (there is no
constant to forget), and a database already at the head is left alone without importing Alembic."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import storage.db
from storage.db import MIGRATIONS, script_heads

ROOT = Path(__file__).resolve().parents[2]


def test_the_heads_read_from_the_files_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    assert script_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_new_migration_file_moves_the_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, copy)
    (head,) = script_heads() or {"none"}
    (copy / "versions" / "9999_new.py").write_text(
        f'"""A migration added later."""\nrevision = "9999new"\ndown_revision = "{head}"\n', encoding="utf-8")
    monkeypatch.setattr(storage.db, "MIGRATIONS", copy)
    assert script_heads() == {"9999new"}  # a database at the old head is no longer current: Alembic runs


def test_a_file_it_cannot_read_hands_the_decision_to_alembic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, copy)
    (copy / "versions" / "9999_odd.py").write_text("REVISION = compute()\n", encoding="utf-8")
    monkeypatch.setattr(storage.db, "MIGRATIONS", copy)
    assert script_heads() is None


def test_a_current_database_is_checked_without_importing_alembic(tmp_path: Path) -> None:
    code = f"""
import asyncio, sys
from storage.db import Database
async def main():
    db = Database("sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await db.migrate()  # creates the schema: Alembic runs
    await db.dispose()
asyncio.run(main())
for name in [n for n in sys.modules if n.split(".")[0] in ("alembic", "mako")]:
    del sys.modules[name]
async def again():
    db = Database("sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await db.migrate()  # already at the head
    await db.dispose()
asyncio.run(again())
print(any(n.split(".")[0] == "alembic" for n in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "False"
