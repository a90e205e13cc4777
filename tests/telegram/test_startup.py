"""A clear start: no token or a bad setting exits 2 with one line per problem; Telegram unreachable is waited
for with a log line per attempt; a refused token (401) or a conflict (409) stops the bot with advice."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.cli import main
from bot.config import Settings
from bot.ops.startup import CONFLICT, EXIT_CONFIG, TOKEN_REFUSED, StartupFailure, wait_for_telegram
from bot.telegram.ptb_door import running_ptb
from bot.telegram.serve import serve
from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "ENCRYPTION_KEYS", "STAFF_CHAT_ID", "STAFF_IDS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_run_without_a_token_exits_2_and_says_what_to_do(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == EXIT_CONFIG
    error = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN is not set" in error and "goldcard-bot chat" in error
    assert main(["run", "--chat-if-no-token"]) == EXIT_CONFIG  # no terminal attached: no chat either


def test_every_bad_setting_is_one_line(clean_env: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "3")
    monkeypatch.setenv("STAFF_TIMEZONE", "Mars/Olympus")
    with pytest.raises(SystemExit) as stopped:
        main(["run"])
    assert stopped.value.code == EXIT_CONFIG
    lines = [line.strip() for line in capsys.readouterr().err.splitlines()]
    assert lines[0].startswith("2 setting(s) to fix")
    assert any(line.startswith("RETENTION_DAYS:") and "7" in line for line in lines)
    assert any(line.startswith("STAFF_TIMEZONE:") and "unknown time zone" in line for line in lines)

    monkeypatch.delenv("RETENTION_DAYS")
    monkeypatch.delenv("STAFF_TIMEZONE")
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    monkeypatch.setenv("STAFF_IDS", "5")
    monkeypatch.setenv("DATABASE_URL", "mysql://x@y/z")
    with pytest.raises(SystemExit):
        main(["run"])
    error = capsys.readouterr().err
    assert "3 setting(s) to fix" in error
    assert "LOG_LEVEL:" in error and "STAFF_IDS: set STAFF_CHAT_ID" in error and "DATABASE_URL:" in error
    assert "mysql://x@y/z" not in error  # a value may be a password: never printed


async def test_unreachable_telegram_is_retried_with_backoff_and_a_line_per_attempt(
        settings: Settings, fake_api: FakeBotAPI, caplog: pytest.LogCaptureFixture) -> None:
    reachable = settings.telegram_api_url
    settings.telegram_api_url = "http://127.0.0.1:9"  # nothing listens there
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:
            settings.telegram_api_url = reachable  # the network is back

    with caplog.at_level(logging.WARNING, "bot.ops.startup"):
        me = await wait_for_telegram(settings, polling=True, sleep=sleep)
    assert me["username"] == "goldcard_test_bot"
    assert waits == [1.0, 2.0, 4.0, 8.0]
    attempts = [record.getMessage() for record in caplog.records if "unreachable" in record.getMessage()]
    assert len(attempts) == 4 and "attempt 1" in attempts[0] and "attempt 4" in attempts[3]


async def test_a_wrong_token_stops_at_once(settings: Settings, fake_api: FakeBotAPI) -> None:
    settings.telegram_bot_token = SecretStr("123:WRONG")
    with pytest.raises(StartupFailure, match="token revoked or wrong"):
        await wait_for_telegram(settings, polling=True)


async def test_polling_refuses_to_start_while_a_webhook_is_set(settings: Settings, fake_api: FakeBotAPI) -> None:
    fake_api.webhook = {"url": "https://bot.example.org/hook"}
    with pytest.raises(StartupFailure, match="another copy is polling or a webhook is set") as failure:
        await wait_for_telegram(settings, polling=True)
    assert "--webhook" in str(failure.value)
    await wait_for_telegram(settings, polling=False)  # a webhook worker starts


@pytest.mark.parametrize(("code", "description", "advice"), [
    (409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
     CONFLICT),
    (401, "Unauthorized", TOKEN_REFUSED),
])
async def test_a_conflict_or_a_revoked_token_while_polling_stops_the_bot(
        settings: Settings, fake_api: FakeBotAPI, caplog: pytest.LogCaptureFixture, code: int, description: str,
        advice: str) -> None:
    fake_api.fail_next("getUpdates", description, code=code, retry_after=None)
    with caplog.at_level(logging.ERROR):
        assert await serve(settings, running_ptb) == EXIT_CONFIG
    assert advice in [record.getMessage() for record in caplog.records]
