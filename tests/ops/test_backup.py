"""``goldcard-bot backup`` while the data is in use, then a restore into an empty directory with the same key
gives the same /mydata; the key is not in the backup."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.app import build_app
from bot.cli import main
from bot.config import Settings
from bot.console import ConsoleDoor
from storage.crypto import generate_key
from tests.conftest import TODAY
from tests.test_console import ABROAD


async def console(settings: Settings, lines: list[str]) -> str:
    app = build_app(settings, today=lambda: TODAY)
    await app.start()
    try:
        out = io.StringIO()
        await ConsoleDoor(app.engine, 7, lang="en", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out).run()
        return out.getvalue()
    finally:
        await app.close()


def settings_in(folder: Path, key: str) -> Settings:
    return Settings(data_dir=folder, encryption_keys=key, database_url=None,
                    telegram_bot_token=None)


async def test_backup_then_restore_into_an_empty_directory_gives_the_same_mydata(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    key = generate_key()
    live = settings_in(tmp_path / "live", key)
    # the opening questions, the declaration, the planned date (Today), privacy, a surname
    await console(live, ["1", *ABROAD, "1", "1", "1", "TAN"])
    before = await console(live, ["/mydata"])
    assert "Draft «My application»: 8 answers" in before and "privacy notice accepted: 20" in before

    monkeypatch.setenv("DATA_DIR", str(live.data_dir))
    monkeypatch.setenv("ENCRYPTION_KEYS", key)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    copies = tmp_path / "backups"
    copies.mkdir()
    assert await asyncio.to_thread(main, ["backup", "--out", str(copies)]) == 0
    assert "The encryption key is not in it" in capsys.readouterr().out
    assert [path.name for path in copies.iterdir()] == ["goldcard.db"]
    assert key.encode() not in (copies / "goldcard.db").read_bytes()

    restored = tmp_path / "restored"
    restored.mkdir()
    (copies / "goldcard.db").rename(restored / "goldcard.db")
    after = await console(settings_in(restored, key), ["/mydata"])
    assert after == before


def test_backup_of_postgresql_points_to_pg_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot@db/goldcard")
    assert main(["backup", "--out", str(tmp_path)]) == 2
    assert "pg_dump" in capsys.readouterr().err
