"""Where the settings come from: the environment over ``.env``, names in any case, empty values as defaults,
and ``.env.example`` copied as it is (its first line says to) a working ``.env``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_copy_of_the_example_file_is_a_working_env_file(tmp_path: Path) -> None:
    """``.env.example`` leaves STAFF_CHAT_ID, DATABASE_URL, HEALTH_LISTEN … empty: each means its default."""
    env_file = tmp_path / ".env"
    shutil.copy(ROOT / ".env.example", env_file)
    settings = Settings.from_environment(env_file, environ={})
    assert settings.staff_chat_id is None and settings.staff_ids == () and settings.health_listen is None
    assert settings.telegram_bot_token is None and settings.database_url is None
    assert settings.transport == "ptb" and settings.send_rate == 30.0


def test_the_environment_wins_over_the_file_and_arguments_over_both(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DATA_DIR=from-file\nSTAFF_IDS=1,2\nlog_level=DEBUG\nsend_rate=12\n", encoding="utf-8")
    settings = Settings.from_environment(env_file, environ={"DATA_DIR": "from-env", "Staff_Chat_Id": "-100123"},
                                         send_rate=5.0)
    assert settings.data_dir == Path("from-env") and settings.staff_ids == (1, 2)
    assert settings.log_level == "DEBUG" and settings.staff_chat_id == -100123  # names in any case
    assert settings.send_rate == 5.0


def test_a_wrong_value_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="chat_send_burst"):
        Settings.from_environment(None, environ={"CHAT_SEND_BURST": "many"})


def test_settings_made_directly_read_nothing_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LOG_LEVEL=DEBUG\n", encoding="utf-8")
    assert Settings().data_dir == Path("data") and Settings().log_level == "INFO"
    assert Settings.from_environment().data_dir == tmp_path / "elsewhere"
    assert Settings.from_environment().log_level == "DEBUG"
