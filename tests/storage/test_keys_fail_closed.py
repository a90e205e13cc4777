"""Keys fail closed: a start with a missing key while sealed data exists, a corrupted key, a key file others
may read or a key that opens nothing stored is refused with one clear line (never a traceback, never a new
key sealing data no backup holds); ``reset --erase-everything`` is the deliberate way to start afresh.
The data directory, database, key and file store are this user's only."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build_app
from bot.cli import main
from bot.config import Settings
from storage.crypto import generate_key
from storage.inbox import Inbox


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory for the CLI (no .env, no outside configuration); the process umask restored after."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "ENCRYPTION_KEYS", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    umask = os.umask(0o022)
    try:
        yield tmp_path / "data"
    finally:
        os.umask(umask)


def store_sealed_data() -> None:
    async def run() -> None:
        app = build_app(Settings.from_environment())
        await app.start()
        try:
            await Inbox(app.db, app.engine.sealer).put([(1, b'{"update_id": 1}')])
            assert app.engine.services.files is not None
            await asyncio.to_thread(app.engine.services.files.put, 1, b"a page")  # the store's folder appears
        finally:
            await app.close()

    asyncio.run(run())


def refused(capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    assert main(["migrate"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error, error
    for words in expected:
        assert words in error, error
    return error


def test_missing_key_with_sealed_data_stops_the_start_until_restored_or_reset(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0  # a first start generates the key
    key_file = data_dir / "secret.key"
    backup = key_file.read_bytes()
    store_sealed_data()
    key_file.unlink()
    refused(capsys, "secret.key is missing", "restore secret.key from your backup", "reset --erase-everything")
    assert not key_file.exists(), "no new key is left behind to seal data no backup holds"
    refused(capsys, "is missing")  # and the next start says the same
    key_file.write_bytes(backup)
    key_file.chmod(0o600)
    assert main(["migrate"]) == 0  # restored: the start goes on
    key_file.unlink()
    assert main(["reset", "--erase-everything"]) == 0
    assert main(["migrate"]) == 0 and key_file.exists()  # afresh, on purpose


def test_corrupted_loose_and_wrong_keys_are_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    store_sealed_data()
    key_file = data_dir / "secret.key"
    good = key_file.read_text()
    key_file.write_text("not a key at all\n")
    refused(capsys, "is not a valid key", "corrupted")
    key_file.write_text(good)
    key_file.chmod(0o644)
    refused(capsys, "can be read by other users (mode 0644)", f"chmod 600 {key_file}")
    key_file.chmod(0o600)
    key_file.write_text(generate_key() + "\n")
    refused(capsys, "does not open the stored data")
    key_file.write_text(good)
    assert main(["migrate"]) == 0


def test_bad_encryption_keys_setting_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENCRYPTION_KEYS", "short")
    refused(capsys, "ENCRYPTION_KEYS", "goldcard-bot keygen")


def test_data_directory_database_key_and_file_store_are_private(data_dir: Path) -> None:
    """Created 0700/0600 by explicit modes, with a permissive umask (0022) still in force."""
    store_sealed_data()
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (data_dir, *data_dir.iterdir())}
    assert modes["data"] == 0o700 and modes["files"] == 0o700
    assert modes["secret.key"] == 0o600 and modes["goldcard.db"] == 0o600
    assert all(mode == 0o600 for name, mode in modes.items() if name.startswith("goldcard.db")), modes


def test_umask_is_narrowed_at_start(data_dir: Path) -> None:
    assert main(["keygen"]) == 0
    assert os.umask(0o022) == 0o077
