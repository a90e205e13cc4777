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


async def test_one_timer_serves_all_the_work_under_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many updates at once arm one timer between them (not one each); each still shows its own action once
    due, and one stopped before then shows nothing."""
    monkeypatch.setattr(press_feedback, "ACTION_AFTER", 0.02)
    monkeypatch.setattr(press_feedback, "ACTION_REPEAT", 10.0)
    loop = asyncio.get_running_loop()
    armed: list[float] = []
    call_at, call_later = loop.call_at, loop.call_later
    monkeypatch.setattr(loop, "call_at", lambda when, *args, **kwargs: armed.append(when) or call_at(when, *args,
                                                                                                      **kwargs))
    monkeypatch.setattr(loop, "call_later", lambda delay, *args, **kwargs: armed.append(delay) or call_later(
        delay, *args, **kwargs))
    outbox = Outbox()
    feedback = ChatFeedback(outbox, SendLimiter())
    stops = {chat: feedback.show_action(chat, "typing") for chat in range(100)}
    assert len(armed) == 1
    stops.pop(50)()  # answered in time
    later = feedback.show_action(500, "upload_document")  # comes in later: shown later
    await asyncio.sleep(0.01)
    stops[500] = later
    for _ in range(200):
        await asyncio.sleep(0.01)
        if len(outbox.actions) >= 100:
            break
    assert sorted(outbox.actions) == sorted([(chat, "typing") for chat in range(100) if chat != 50]
                                            + [(500, "upload_document")])
    for stop in stops.values():
        stop()
        stop()  # stopping twice is harmless
    await asyncio.sleep(0.05)
    assert len(outbox.actions) == 100
