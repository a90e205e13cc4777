"""Fixtures for the help desk at engine level: the application's engine with a staff group configured,
a notifier that records what would be pushed to other users, and staff-group events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import count
from typing import Any

import pytest

from bot.app import App
from bot.engine.engine import Engine
from bot.engine.events import EventKind, Outcome, Reply, StaffNote
from bot.helpdesk.config import DeskConfig, attach
from bot.helpdesk.events import StaffEvent, TopicOpened
from bot.helpdesk.hours import WorkingHours
from bot.i18n import PLAIN, render
from tests.harness import Chat

STAFF_CHAT = -1001234567890
STAFF = 900
APPLICANT = 7
OPEN_HOURS = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # Wednesday 11:00 in Taipei
WEEKEND = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # Saturday 20:00 in Taipei


@dataclass
class Pushed:
    """What the engine sent to other users through the notifier (staff replies to applicants)."""

    outcomes: list[tuple[int, Outcome]] = field(default_factory=list)
    fail: bool = False

    async def push(self, user_id: int, outcome: Outcome) -> None:
        if self.fail:
            raise RuntimeError("blocked")
        self.outcomes.append((user_id, outcome))

    def texts(self, user_id: int) -> list[str]:
        return [text_of(reply, outcome.locale) for uid, outcome in self.outcomes if uid == user_id
                for reply in outcome.replies]


def text_of(reply: Reply | StaffNote, locale: str) -> str:
    return "\n\n".join(render(part, locale, PLAIN) for part in reply.parts)


@dataclass
class Desk:
    """The help desk's world in a test: the engine, its configuration, the staff group's notes."""

    app: App
    engine: Engine
    pushed: Pushed
    config: DeskConfig
    notes: list[StaffNote] = field(default_factory=list)
    topics: count = field(default_factory=lambda: count(100))
    _keys: count = field(default_factory=lambda: count(1))

    def configure(self, **changes: Any) -> None:
        self.config = replace(self.config, **changes)
        attach(self.engine.services, self.config)

    def chat(self, user_id: int = APPLICANT, language_code: str | None = "en") -> DeskChat:
        return DeskChat(self, user_id, language_code)

    async def staff(self, text: str, topic: int | None = None, user_id: int = STAFF,
                    language_code: str = "en") -> list[str]:
        """A member of the staff group types ``text`` (in forum topic ``topic``); the replies there."""
        event = StaffEvent.from_text(user_id, text, update_key=f"staff:{next(self._keys)}", chat_id=STAFF_CHAT,
                                     language_code=language_code, user_name="Mei", topic_id=topic)
        return await self.deliver(event)

    async def staff_press(self, data: str, topic: int | None = None, user_id: int = STAFF) -> list[str]:
        event = StaffEvent(user_id, EventKind.BUTTON, update_key=f"staff:{next(self._keys)}", chat_id=STAFF_CHAT,
                           button=data, language_code="en", user_name="Mei", topic_id=topic)
        return await self.deliver(event)

    async def deliver(self, event: Any) -> list[str]:
        outcome = await self.engine.handle(event)
        await self.engine.mark_delivered(outcome.delivery_key)
        await self.take_notes(outcome, event.user_id)
        return [text_of(reply, outcome.locale) for reply in outcome.replies]

    async def take_notes(self, outcome: Outcome, owner: int) -> None:
        """Keep the staff notes and, as the door does, open a forum topic for a ticket that has none."""
        for note in outcome.staff:
            self.notes.append(note)
            if note.topic_id is None and note.open_topic_title and note.ticket_id:
                topic = next(self.topics)
                await self.engine.handle(TopicOpened(user_id=owner, kind=EventKind.TEXT,
                                                     ticket_id=int(note.ticket_id), topic_id=topic))

    def note_texts(self, locale: str = "en") -> list[str]:
        return [text_of(note, locale) for note in self.notes]


class DeskChat(Chat):
    """The test harness's chat that also keeps the staff notes its events produce."""

    def __init__(self, desk: Desk, user_id: int, language_code: str | None) -> None:
        super().__init__(desk.engine, user_id, language_code)
        self.desk = desk

    async def deliver(self, event: Any) -> list[str]:
        outcome = await self.engine.handle(event)
        await self.engine.mark_delivered(outcome.delivery_key)
        await self.desk.take_notes(outcome, self.user_id)
        return self.read(outcome)


@pytest.fixture
async def desk(app: App) -> AsyncIterator[Desk]:
    pushed = Pushed()
    app.engine.services.notifier = pushed
    config = DeskConfig(staff_chat_id=STAFF_CHAT, staff_ids=frozenset({STAFF}),
                        hours=WorkingHours.parse("Mon-Fri 10:00-18:00", "Asia/Taipei"), staff_locale="en",
                        clock=lambda: OPEN_HOURS)
    attach(app.engine.services, config)
    yield Desk(app, app.engine, pushed, config)
