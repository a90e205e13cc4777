"""Webhook mode through the real python-telegram-bot door: the secret token checked (401/403, nothing
handled), every update answered and committed before 200, a redelivered update without a second effect."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.app import build_app
from bot.config import Settings
from bot.telegram.webhook import SECRET_HEADER, parse_listen, running_webhook, secret_ok
from storage.models import User
from storage.repositories import Store
from tests.telegram.bots import RecordingEngine
from tests.telegram.fake_bot_api import FakeBotAPI

SECRET = "s3cret-token-for-tests_0123456789"
USER = 5550100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def webhook(settings: Settings, fake_api: FakeBotAPI) -> AsyncIterator[dict[str, Any]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    configured = settings.model_copy(update={"webhook_secret": SecretStr(SECRET)})
    app = build_app(configured)
    await app.start()
    engine = RecordingEngine(app)
    async with running_webhook(url, f"127.0.0.1:{port}")(configured, engine), aiohttp.ClientSession() as http:
        yield {"url": url, "http": http, "app": app, "engine": engine}
    await app.close()


async def post(hook: dict[str, Any], update: dict[str, Any], secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with hook["http"].post(hook["url"], json=update, headers=headers) as response:
        return response.status


async def test_set_webhook_with_the_secret(webhook: dict[str, Any], fake_api: FakeBotAPI) -> None:
    assert fake_api.webhook is not None
    assert fake_api.webhook["url"] == webhook["url"] and fake_api.webhook["secret_token"] == SECRET


async def test_wrong_or_missing_secret_is_refused_and_nothing_handled(webhook: dict[str, Any],
                                                                     fake_api: FakeBotAPI) -> None:
    update = fake_api.update(fake_api.push_text(USER, "/start"))
    assert await post(webhook, update, secret=None) == 401
    assert await post(webhook, update, secret="wrong-secret-wrong-secret") == 403
    assert webhook["engine"].events == [] and fake_api.sent(USER) == []


async def test_updates_are_answered_and_committed_before_200(webhook: dict[str, Any], fake_api: FakeBotAPI) -> None:
    assert await post(webhook, fake_api.update(fake_api.push_text(USER, "/start lang_en"))) == 200
    assert "What would you like to do?" in fake_api.sent(USER)[-1].plain  # sent before the 200
    assert await post(webhook, fake_api.update(fake_api.push_text(USER, "/start opening"))) == 200
    answer = fake_api.update(fake_api.push_text(USER, "I agree"))
    assert await post(webhook, answer) == 200
    async with webhook["app"].db.transaction() as session:
        store = Store(session, webhook["app"].engine.sealer)
        assert store.answers((await store.drafts_of(USER))[0])["opening"] == {"agree": True}
    replies = len(fake_api.sent(USER))
    assert await post(webhook, answer) == 200  # Telegram delivers it again: no second effect, no reply
    assert len(fake_api.sent(USER)) == replies


async def test_blocking_the_bot_arrives_by_webhook_too(webhook: dict[str, Any], fake_api: FakeBotAPI) -> None:
    assert "my_chat_member" in fake_api.webhook["allowed_updates"]  # type: ignore[index]
    assert await post(webhook, fake_api.update(fake_api.push_text(USER, "/start lang_en"))) == 200

    async def blocked() -> bool:
        async with webhook["app"].db.transaction() as session:
            user = await session.get(User, USER)
            return user is not None and user.blocked_at is not None

    assert await post(webhook, fake_api.update(fake_api.push_chat_member(USER, "kicked"))) == 200
    assert await blocked()  # applied before the 200
    assert await post(webhook, fake_api.update(fake_api.push_chat_member(USER, "member"))) == 200
    assert not await blocked()


def test_listen_and_secret_helpers() -> None:
    assert parse_listen("0.0.0.0:8443") == ("0.0.0.0", 8443)
    assert parse_listen("[::1]:9000") == ("::1", 9000)
    with pytest.raises(ValueError):
        parse_listen("8443")
    assert secret_ok("abc", "abc") and not secret_ok("abd", "abc") and not secret_ok(None, "abc")
