"""``App.start`` builds the FAQ index a moment after start-up (``bot.app.FAQ_WARM_UP_DELAY``), not while the
first updates are answered, and a command that ends sooner (``migrate``) never builds it."""

from __future__ import annotations

import asyncio

import pytest

import bot.app
import bot.faq.search
from bot.app import build_app
from bot.config import Settings
from tests.conftest import TODAY


@pytest.fixture
def warm_ups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(bot.faq.search, "warm_up", lambda: calls.append("built"))
    monkeypatch.setattr(bot.app, "FAQ_WARM_UP_DELAY", 0.05)
    return calls


async def test_the_faq_index_is_built_after_start_up(settings: Settings, warm_ups: list[str]) -> None:
    app = build_app(settings, today=lambda: TODAY)
    await app.start()
    try:
        assert warm_ups == []  # not during the start: the first updates come first
        await asyncio.sleep(0.3)
        assert warm_ups == ["built"]
    finally:
        await app.close()


async def test_a_command_that_ends_first_never_builds_it(settings: Settings, warm_ups: list[str]) -> None:
    app = build_app(settings, today=lambda: TODAY)
    await app.start()
    await app.close()
    await asyncio.sleep(0.3)
    assert warm_ups == []
