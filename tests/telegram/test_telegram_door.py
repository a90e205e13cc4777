"""The shared delivery loop of the Telegram doors, with a scripted engine and outbox (no HTTP):
reply order per user, redeliveries in flight, failures, flood control."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

import pytest

from bot.engine.engine import Engine
from bot.engine.events import Event, Outcome, Reply
from bot.engine.intake import Services
from bot.i18n import render, verbatim
from bot.telegram.door import RetryLater, TelegramDoor
from bot.telegram.render import SOMETHING_WENT_WRONG, UNSUPPORTED_MESSAGE, OutgoingMessage
from bot.telegram.updates import text_event


class ScriptedEngine:
    """Answers each text with one reply echoing it; ``gates`` hold chosen texts until released."""

    def __init__(self) -> None:
        self.gates: dict[str, asyncio.Event] = {}
        self.handled: list[str] = []
        self.delivered: list[str | None] = []
        self.fail_on: set[str] = set()
        self.services = Services()

    async def handle(self, event: Event) -> Outcome:
        self.handled.append(event.text)
        if event.text in self.fail_on:
            raise RuntimeError(f"cannot handle {event.text}")
        if event.text in self.gates:
            await self.gates[event.text].wait()
        return Outcome("en", (Reply.of(verbatim(f"re: {event.text}")),), event.update_key)

    async def mark_delivered(self, key: str | None) -> None:
        self.delivered.append(key)


class RecordingOutbox:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.failures: list[BaseException] = []

    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((chat_id, message.html))

    async def edit(self, chat_id: int, message_id: int, html: str | None) -> None:
        self.sent.append((chat_id, f"edit {message_id}: {html}"))

    async def chat_action(self, chat_id: int, action: str) -> None:
        pass


@pytest.fixture
def engine() -> ScriptedEngine:
    return ScriptedEngine()


@pytest.fixture
def outbox() -> RecordingOutbox:
    return RecordingOutbox()


@pytest.fixture
def door(engine: ScriptedEngine, outbox: RecordingOutbox) -> TelegramDoor:
    return TelegramDoor(cast(Engine, engine), outbox)


async def test_replies_go_out_in_the_order_of_the_updates(door: TelegramDoor, engine: ScriptedEngine,
                                                          outbox: RecordingOutbox) -> None:
    engine.gates["first"] = asyncio.Event()  # the first update's engine work is slow …
    first = asyncio.create_task(door.deliver(text_event(1, 7, 7, "first")))
    second = asyncio.create_task(door.deliver(text_event(2, 7, 7, "second")))  # … the second's is not
    other = asyncio.create_task(door.deliver(text_event(3, 8, 8, "other user")))
    await other  # another user is not held up
    assert outbox.sent == [(8, "re: other user")]
    assert engine.handled == ["first", "second", "other user"]  # engine.handle came first, in order
    engine.gates["first"].set()
    await asyncio.gather(first, second)
    assert outbox.sent[1:] == [(7, "re: first"), (7, "re: second")]
    assert engine.delivered == ["tg:3", "tg:1", "tg:2"]


async def test_a_redelivery_while_the_update_is_in_hand_is_dropped(door: TelegramDoor, engine: ScriptedEngine,
                                                                   outbox: RecordingOutbox) -> None:
    engine.gates["hi"] = asyncio.Event()
    first = asyncio.create_task(door.deliver(text_event(5, 7, 7, "hi")))
    await asyncio.sleep(0)
    await door.deliver(text_event(5, 7, 7, "hi"))  # returns at once
    engine.gates["hi"].set()
    await first
    assert engine.handled == ["hi"] and outbox.sent == [(7, "re: hi")]


async def test_acknowledgement_runs_beside_the_engine(door: TelegramDoor, engine: ScriptedEngine) -> None:
    engine.gates["press"] = asyncio.Event()
    acknowledged = asyncio.Event()

    async def acknowledge(_toast: str | None) -> None:
        acknowledged.set()

    delivery = asyncio.create_task(door.deliver(text_event(6, 7, 7, "press"), acknowledge=acknowledge))
    await asyncio.wait_for(acknowledged.wait(), 1)  # while the engine is still busy
    assert not delivery.done()
    engine.gates["press"].set()
    await delivery


async def test_engine_failure_tells_the_user_and_logs_no_text(door: TelegramDoor, engine: ScriptedEngine,
                                                              outbox: RecordingOutbox,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    engine.fail_on.add("passport X123")
    await door.deliver(text_event(9, 7, 7, "passport X123", language_code="zh-hant"))
    assert outbox.sent == [(7, render(SOMETHING_WENT_WRONG, "zh_TW"))]
    assert engine.delivered == []
    assert "X123" not in caplog.text and "RuntimeError" in caplog.text


async def test_send_failure_is_not_marked_delivered(door: TelegramDoor, engine: ScriptedEngine,
                                                    outbox: RecordingOutbox) -> None:
    outbox.failures.append(ConnectionError("down"))
    await door.deliver(text_event(10, 7, 7, "hello"))
    assert engine.delivered == []  # a redelivery will show the prompt again
    assert outbox.sent == [(7, render(SOMETHING_WENT_WRONG, "en"))]


async def test_flood_control_is_waited_out(door: TelegramDoor, engine: ScriptedEngine,
                                           outbox: RecordingOutbox) -> None:
    outbox.failures.extend([RetryLater(0), RetryLater(0)])
    await door.deliver(text_event(11, 7, 7, "hello"))
    assert outbox.sent == [(7, "re: hello")] and engine.delivered == ["tg:11"]


async def test_door_notice_waits_for_earlier_replies(door: TelegramDoor, engine: ScriptedEngine,
                                                     outbox: RecordingOutbox) -> None:
    engine.gates["slow"] = asyncio.Event()
    delivery = asyncio.create_task(door.deliver(text_event(12, 7, 7, "slow")))
    notice = asyncio.create_task(door.tell(7, 7, UNSUPPORTED_MESSAGE, "en"))
    await asyncio.sleep(0)
    assert outbox.sent == []
    engine.gates["slow"].set()
    await asyncio.gather(delivery, notice)
    assert outbox.sent == [(7, "re: slow"), (7, render(UNSUPPORTED_MESSAGE, "en"))]


async def test_drain_waits_for_deliveries_in_hand(door: TelegramDoor, engine: ScriptedEngine,
                                                  outbox: RecordingOutbox) -> None:
    engine.gates["late"] = asyncio.Event()
    delivery: asyncio.Task[Any] = asyncio.create_task(door.deliver(text_event(13, 7, 7, "late")))
    await asyncio.sleep(0)
    draining = asyncio.create_task(door.drain())
    await asyncio.sleep(0)
    assert not draining.done()
    engine.gates["late"].set()
    await draining
    assert delivery.done() and outbox.sent == [(7, "re: late")]
