"""In-process bots for the Telegram door tests: an App on the test database, the real engine wrapped
to record what reaches it, and a door polling the fake Bot API until stopped (or restarted)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

from bot.app import App, build_app
from bot.config import Settings
from bot.engine.events import Event, Outcome

TOKEN = "123:ABC"


class RecordingEngine:
    """The real engine, with the events it received kept for assertions. ``before`` (optional) runs
    before each event reaches the engine (to slow it down or make it fail)."""

    def __init__(self, app: App, before: Callable[[Event], Awaitable[None]] | None = None) -> None:
        self.inner = app.engine
        self.services = app.engine.services  # the door gives the engine its file fetcher
        self.db, self.sealer = app.engine.db, app.engine.sealer  # the poller's inbox
        self.events: list[Event] = []
        self.delivered: list[str] = []
        self.before = before
        self._changed = asyncio.Event()

    async def handle(self, event: Event) -> Outcome:
        self.events.append(event)
        self._notify()
        if self.before is not None:
            await self.before(event)
        return await self.inner.handle(event)

    async def mark_delivered(self, delivery_key: str | None) -> None:
        await self.inner.mark_delivered(delivery_key)
        if delivery_key is not None:
            self.delivered.append(delivery_key)
            self._notify()

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait_until(self, condition: Callable[[], object], within: float = 5.0) -> None:
        """Until ``condition()`` holds, checked whenever an event arrives or a delivery is marked."""
        async def wait() -> None:
            while not condition():
                await self._changed.wait()

        await asyncio.wait_for(wait(), within)

    async def wait_delivered(self, delivery_key: str, within: float = 5.0) -> None:
        """Until the door reported the replies of ``delivery_key`` as sent."""
        await self.wait_until(lambda: delivery_key in self.delivered, within)


class RunningBot:
    """One bot process, in this process: an App on the test database and a door polling the fake API."""

    def __init__(self, settings: Settings, running: Callable[..., Any],
                 before: Callable[[Event], Awaitable[None]] | None = None) -> None:
        self.settings = settings
        self.running = running
        self.before = before
        self.app: App | None = None
        self.engine: RecordingEngine | None = None
        self._stack: AsyncExitStack | None = None

    async def start(self) -> RunningBot:
        self.app = build_app(self.settings)
        await self.app.start()
        self.engine = RecordingEngine(self.app, self.before)
        self._stack = AsyncExitStack()
        await self._stack.enter_async_context(self.running(self.settings, self.engine))
        return self

    async def stop(self) -> None:
        if self._stack is not None:
            stack, self._stack = self._stack, None
            try:
                await stack.aclose()
            finally:
                if self.app is not None:
                    await self.app.close()

    @property
    def events(self) -> list[Event]:
        return self.engine.events if self.engine is not None else []


StartBot = Callable[..., Awaitable[RunningBot]]
