"""At DEBUG, with every library logger let through, a whole conversation through either Telegram door
leaves no answer (name, passport number, e-mail) and no bot token in the logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot import log_redaction
from bot.app import configure_logging, log_secrets
from bot.config import Settings
from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.ptb_door import running_ptb
from tests.telegram import door_scenarios as scenario
from tests.telegram.bots import StartBot
from tests.telegram.fake_bot_api import FakeBotAPI

TOKEN = "7012345678:AAHsentinelTokenZQX_0123456789-abcdef"
SENTINELS = ["Smith", "SMITH", "C01X00T47", "john@example.de", "Berliner Str", TOKEN, TOKEN.split(":")[1]]
LIBRARIES = ("telegram", "telegram.ext", "httpx", "httpcore", "aiohttp", "aiogram", "aiogram.event", "asyncio")


@pytest.fixture(params=[running_ptb, running_aiogram], ids=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    return request.param


@pytest.fixture
def debug_logs(settings: Settings, caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    levels = {name: logging.getLogger(name).level for name in LIBRARIES}
    configure_logging("DEBUG", secrets=log_secrets(settings))
    caplog.set_level(logging.DEBUG)
    for name in LIBRARIES:  # what configure_logging quiets is let through here: the filter alone must hold
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield caplog
    finally:
        log_redaction.uninstall()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_debug_logs_of_a_whole_conversation_hold_no_answer_and_no_token(
        fake_api: FakeBotAPI, start_bot: StartBot, debug_logs: pytest.LogCaptureFixture) -> None:
    await scenario.whole_application(fake_api, start_bot)
    logs = debug_logs.text
    assert len(debug_logs.records) > 100, "the libraries did log at DEBUG"
    for sentinel in SENTINELS:
        assert sentinel not in logs, sentinel


def test_redact_masks_values_and_tokens() -> None:
    line = ("Calling Bot API endpoint `sendMessage` with parameters `{'chat_id': 1, 'text': 'SMITH'}` "
            f"POST https://api.telegram.org/bot{TOKEN}/getFile?file_id=abc {{'text': {{'x': ['C01X00T47']}}}}")
    redacted = log_redaction.redact(line, [TOKEN])
    for sentinel in ("SMITH", "C01X00T47", TOKEN, "file_id=abc"):
        assert sentinel not in redacted
    assert redacted.startswith("Calling Bot API endpoint")


def test_exception_text_is_redacted(caplog: pytest.LogCaptureFixture) -> None:
    log_redaction.install([TOKEN])
    try:
        try:
            raise ValueError(f"bad update {{'text': 'SMITH'}} for {TOKEN}")
        except ValueError:
            logging.getLogger("telegram.ext.Application").exception("error while handling %r", "C01X00T47")
    finally:
        log_redaction.uninstall()
    assert "Traceback" in caplog.text and "ValueError" in caplog.text
    for sentinel in ("SMITH", "C01X00T47", TOKEN):
        assert sentinel not in caplog.text
