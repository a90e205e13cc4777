""""typing…" only for slow work (bot/telegram/press_feedback.py): nothing for an answer done before
ACTION_AFTER, the action after it and renewed until the work ends, nothing once stopped."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram import press_feedback
from bot.telegram.limits import SendLimiter
from bot.telegram.press_feedback import ChatFeedback
from bot.telegram.render import Keyboard


class Outbox:
    def __init__(self) -> None:
        self.actions: list[tuple[int, str]] = []

    async def edit(self, chat_id: int, message_id: int, html: str | None, keyboard: Keyboard = ()) -> None:
        raise AssertionError("not edited here")

    async def chat_action(self, chat_id: int, action: str) -> None:
        self.actions.append((chat_id, action))


async def test_quick_work_shows_nothing_and_slow_work_shows_typing_until_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(press_feedback, "ACTION_AFTER", 0.01)
    monkeypatch.setattr(press_feedback, "ACTION_REPEAT", 0.01)
    outbox = Outbox()
    feedback = ChatFeedback(outbox, SendLimiter())
    stop = feedback.show_action(5, "typing")
    stop()  # answered at once
    await asyncio.sleep(0.05)
    assert outbox.actions == []
    stop = feedback.show_action(6, "upload_document")
    for _ in range(200):  # until renewed at least once (never longer than the loop allows)
        await asyncio.sleep(0.01)
        if len(outbox.actions) >= 2:
            break
    stop()
    shown = len(outbox.actions)
    assert shown >= 2 and set(outbox.actions) == {(6, "upload_document")}
    await asyncio.sleep(0.05)
    assert len(outbox.actions) == shown  # stopped: no more
