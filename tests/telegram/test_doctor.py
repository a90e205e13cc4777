"""``goldcard-bot doctor`` against the fake Bot API: a healthy deployment passes; a revoked token, a webhook
set and a key file others can read are each reported with the fix."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import build_app
from bot.cli import main
from bot.config import Settings
from bot.ops.doctor import run_doctor
from tests.telegram.bots import TOKEN
from tests.telegram.fake_bot_api import FakeBotAPI

STAFF_GROUP = -1001234567890


@pytest.fixture
async def deployed(settings: Settings, fake_api: FakeBotAPI) -> Settings:
    """A migrated database with its generated key file (mode 600), a staff forum the bot administers."""
    app = build_app(settings)
    await app.start()
    await app.close()
    fake_api.make_forum(STAFF_GROUP)
    return settings.model_copy(update={"staff_chat_id": STAFF_GROUP})


def problems(findings: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {finding.topic: finding.text for finding in findings if not finding.ok}


async def test_a_healthy_deployment_has_nothing_to_fix_but_inline_mode(deployed: Settings) -> None:
    findings = await run_doctor(deployed)
    assert problems(findings) == {"inline mode": "off: @BotFather → /setinline (answers with @botname QUESTION)"}
    assert {finding.topic for finding in findings} >= {"settings", "key", "catalogs", "database", "token", "webhook",
                                                       "staff group"}


async def test_a_revoked_token(deployed: Settings) -> None:
    deployed.telegram_bot_token = SecretStr("123:REVOKED")
    assert "token revoked or wrong" in problems(await run_doctor(deployed))["token"]


async def test_a_webhook_set_and_its_removal(deployed: Settings, fake_api: FakeBotAPI) -> None:
    fake_api.webhook = {"url": "https://bot.example.org/hook"}
    found = problems(await run_doctor(deployed))["webhook"]
    assert "bot.example.org" in found and "--delete-webhook" in found
    assert "webhook" not in problems(await run_doctor(deployed, delete_webhook=True))
    assert fake_api.webhook is None


async def test_a_loose_key_file(deployed: Settings) -> None:
    key = deployed.data_dir / "secret.key"
    os.chmod(key, 0o644)
    assert problems(await run_doctor(deployed))["key"] == f"{key} is readable by others (mode 644): `chmod 600 {key}`"


async def test_a_staff_group_without_the_bot(deployed: Settings) -> None:
    lost = deployed.model_copy(update={"staff_chat_id": -1009999})
    assert "unreachable" in problems(await run_doctor(lost))["staff group"]


async def test_the_command_exits_1_and_prints_each_fix(settings: Settings, fake_api: FakeBotAPI, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in {"TELEGRAM_BOT_TOKEN": TOKEN + "x", "TELEGRAM_API_URL": settings.telegram_api_url,
                        "DATA_DIR": str(tmp_path / "empty")}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
    assert await asyncio.to_thread(main, ["doctor"]) == 1  # the fake API answers from this loop
    out = capsys.readouterr().out
    assert "FIX token: Telegram refused the bot token" in out and "FIX database: reachable but empty" in out
