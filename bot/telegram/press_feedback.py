"""What a Telegram chat shows around the engine's work, shared by both doors: the button's spinner
answered within :data:`ACK_WAIT` (with the engine's toast when it has one by then), "typing…" or "sending
a file…" after :data:`ACTION_AFTER` seconds of work, and the pressed message edited in place (or turned into
the next card). Each is a convenience: a failure is logged, never fatal.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Protocol

from bot.telegram.errors import mentions
from bot.telegram.limits import SendLimiter
from bot.telegram.render import Keyboard

_log = logging.getLogger(__name__)

ACK_WAIT = 0.3  # seconds a button's spinner may wait for the engine's toast
ACTION_AFTER = 0.5  # seconds of work before the chat shows "typing…" (or "sending a file…")
ACTION_REPEAT = 4.5  # Telegram shows a chat action for 5 seconds

Acknowledge = Callable[[str | None], Awaitable[Any]]  # answerCallbackQuery, with a toast text or without


class EditingOutbox(Protocol):
    async def edit(self, chat_id: int, message_id: int, html: str | None, keyboard: Keyboard = ()) -> None: ...

    async def chat_action(self, chat_id: int, action: str) -> None: ...


async def acknowledge_within(acknowledge: Acknowledge, toast: asyncio.Future[str | None],
                             acknowledged: asyncio.Future[bool]) -> None:
    """Answer the callback query within ACK_WAIT: with the engine's toast if it has one by then
    (``acknowledged`` tells whether the toast went with it)."""
    text: str | None = None
    try:
        text = await asyncio.wait_for(asyncio.shield(toast), ACK_WAIT)
    except TimeoutError:
        pass
    finally:
        if not acknowledged.done():
            acknowledged.set_result(text is not None)
    await acknowledge(text)


class ChatFeedback:
    def __init__(self, outbox: EditingOutbox, limiter: SendLimiter) -> None:
        self.outbox = outbox
        self.limiter = limiter
        self._due: dict[int, tuple[float, int, str]] = {}  # work under way -> (when to show, chat, action)
        self._showing: dict[int, asyncio.Task[None]] = {}  # work shown as under way -> the task renewing the action
        self._timer: asyncio.TimerHandle | None = None  # one for all: at the soonest time in ``_due``
        self._numbers = itertools.count()

    def show_action(self, chat_id: int, action: str) -> Callable[[], None]:
        """After ACTION_AFTER seconds of work, "typing…" (or "sending a file…"), renewed until the returned
        function is called. Until then only an entry in a table that one timer looks at: most updates are
        answered sooner, and a task (or a timer) per update would cost more than the answer's own work."""
        loop = asyncio.get_running_loop()
        number = next(self._numbers)
        due = loop.time() + ACTION_AFTER
        self._due[number] = (due, chat_id, action)  # the same delay for all: the table stays in time order
        if self._timer is None:
            self._timer = loop.call_at(due, self._show_due)
        return partial(self._stop, number)

    def _stop(self, number: int) -> None:
        self._due.pop(number, None)
        task = self._showing.pop(number, None)
        if task is not None:
            task.cancel()

    def _show_due(self) -> None:
        self._timer = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        while self._due:
            number, (due, chat_id, action) = next(iter(self._due.items()))
            if due > now:
                self._timer = loop.call_at(due, self._show_due)
                return
            del self._due[number]
            self._showing[number] = loop.create_task(self._keep_showing(chat_id, action))

    async def _keep_showing(self, chat_id: int, action: str) -> None:
        while True:
            await self.action_quietly(chat_id, action)
            await asyncio.sleep(ACTION_REPEAT)

    async def action_quietly(self, chat_id: int, action: str) -> None:
        try:
            await self.outbox.chat_action(chat_id, action)
        except Exception as exc:
            _log.warning("chat action failed: %s", _describe(exc))

    async def edit_quietly(self, chat_id: int, message_id: int, html: str | None) -> None:
        try:
            await self.limiter.acquire(chat_id)
            await self.outbox.edit(chat_id, message_id, html)
        except Exception as exc:  # e.g. older than 48 hours, or already edited: the new prompt still goes out
            _log.warning("editing a pressed message failed: %s", _describe(exc))


    async def replace_quietly(self, chat_id: int, message_id: int, html: str, keyboard: Keyboard) -> bool:
        """The pressed card becomes the next card (its text and buttons); False when Telegram refused (too old,
        cannot be edited): the caller sends it as a new message. "Message is not modified" counts as done."""
        try:
            await self.limiter.acquire(chat_id)
            await self.outbox.edit(chat_id, message_id, html, keyboard)
        except Exception as exc:
            if mentions(exc, "message is not modified"):
                return True
            _log.warning("replacing a pressed card failed: %s", _describe(exc))
            return False
        return True


def _describe(exc: BaseException) -> str:
    """The error's type only: its message may quote what the user sent."""
    return f"{type(exc).__module__}.{type(exc).__qualname__}"
