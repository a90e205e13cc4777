"""The delivery loop both Telegram doors share: event → engine → messages → ``mark_delivered``.

A library adapter turns an update into an :class:`~bot.engine.events.Event`, then calls
:meth:`TelegramDoor.deliver`, which

* calls ``engine.handle`` before it awaits anything else, so one user's updates reach the engine's
  per-user lock in the order they arrived (the libraries start one task per update);
* fires the adapter's acknowledgement (``answerCallbackQuery``) as a task of its own, so the
  button's spinner stops at once, never after slow work;
* sends one user's replies in the order of that user's updates, even though sending happens outside
  the engine's lock;
* ignores a second delivery of an update that is still being handled here (the engine catches
  every other redelivery);
* logs failures without message texts or other personal data and tells the user, in their language,
  to try again.

The adapter supplies an :class:`Outbox` that sends one :class:`OutgoingMessage` with its library.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import time
import traceback
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, suppress
from typing import Any, Protocol

from bot.app import build_app
from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.events import Event, Outcome
from bot.i18n import DEFAULT_LOCALE, Msg, normalize_locale
from bot.reminders.dispatcher import ReminderDispatcher
from bot.telegram.render import SOMETHING_WENT_WRONG, OutgoingMessage, notice, render_outcome

_log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query")
MAX_SEND_ATTEMPTS = 3
MAX_RETRY_DELAY = 60.0


class RetryLater(Exception):
    """Raised by an :class:`Outbox` when Telegram asked to wait (flood control, HTTP 429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Outbox(Protocol):
    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        """Send one message; raise :class:`RetryLater` when Telegram asks to wait."""


def describe(exc: BaseException) -> str:
    """An exception for the log without its message (which may quote what the user sent): the type
    and the code lines it went through."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{frame.name} ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
                        for frame in reversed(frames[-6:]))
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {where or '?'}"


class MessageRemover(Protocol):
    async def delete(self, chat_id: int, message_id: int) -> None:
        """Delete one message from a chat."""


class TelegramDoor:
    def __init__(self, engine: Engine, outbox: Outbox, default_locale: str = DEFAULT_LOCALE,
                 remover: MessageRemover | None = None) -> None:
        self.engine = engine
        self.outbox = outbox
        self.remover = remover
        engine.services.notifier = self
        self.default_locale = default_locale
        self._in_flight: set[str] = set()
        self._send_turns: dict[int, asyncio.Future[None]] = {}
        self._tasks: set[asyncio.Future[Any]] = set()  # acknowledgements
        self._busy: set[asyncio.Task[Any]] = set()  # deliveries running

    async def deliver(self, event: Event, *, acknowledge: Awaitable[Any] | None = None) -> None:
        """Handle one update. Nothing before ``engine.handle`` may await (see the module docstring)."""
        if acknowledge is not None:
            self._spawn(acknowledge, "acknowledging a button press")
        key = event.update_key
        if key is not None and key in self._in_flight:
            _log.info("update %s is already being handled; second delivery ignored", key)
            return
        if key is not None:
            self._in_flight.add(key)
        previous, mine = self._take_send_turn(event.user_id)
        started = time.perf_counter()
        current = asyncio.current_task()
        if current is not None:
            self._busy.add(current)
        try:
            outcome: Outcome | None = None
            try:
                outcome = await self.engine.handle(event)
            except Exception as exc:
                _log.error("update %s (%s) failed in the engine: %s", key, event.kind, describe(exc))
            await _wait_turn(previous)
            chat_id = event.chat_id if event.chat_id is not None else event.user_id
            if outcome is None:
                await self._send_quietly(chat_id, SOMETHING_WENT_WRONG, self._fallback_locale(event))
                return
            if outcome.delete_message_id is not None and self.remover is not None:
                await self._delete_quietly(chat_id, outcome.delete_message_id)
            if await self._send_all(chat_id, render_outcome(outcome), key):
                await self._mark_delivered(outcome)
            else:
                await self._send_quietly(chat_id, SOMETHING_WENT_WRONG, outcome.locale)
            _log.debug("update %s (%s) answered with %d replies in %.0f ms%s", key, event.kind,
                       len(outcome.replies), (time.perf_counter() - started) * 1000,
                       " (duplicate)" if outcome.duplicate else "")
        finally:
            self._release_send_turn(event.user_id, mine)
            if key is not None:
                self._in_flight.discard(key)
            if current is not None:
                self._busy.discard(current)

    async def push(self, user_id: int, outcome: Outcome) -> None:
        """A message the user did not ask for (a reminder), in turn with their other replies; raises when
        it could not be sent, so the sender can retry."""
        previous, mine = self._take_send_turn(user_id)
        try:
            await _wait_turn(previous)
            if not await self._send_all(user_id, render_outcome(outcome), None):
                raise RuntimeError("push not delivered")
        finally:
            self._release_send_turn(user_id, mine)

    async def tell(self, user_id: int, chat_id: int, message: Msg, language_code: str | None) -> None:
        """A message from the door itself (not the engine), in turn with the user's other replies."""
        previous, mine = self._take_send_turn(user_id)
        try:
            await _wait_turn(previous)
            await self._send_quietly(chat_id, message, normalize_locale(language_code) or self.default_locale)
        finally:
            self._release_send_turn(user_id, mine)

    async def drain(self, grace: float = 10.0) -> None:
        """At shutdown, after polling stopped and before the HTTP session and the database close: let
        updates already handed to the door finish (replies sent, delivery marked)."""
        await asyncio.sleep(0)  # tasks the library created just before it stopped reach deliver()
        pending = {task for task in self._busy | self._tasks if task is not asyncio.current_task()}
        if pending:
            _done, late = await asyncio.wait(pending, timeout=grace)
            if late:
                _log.warning("%d update(s) still running at shutdown", len(late))

    # -- sending --------------------------------------------------------------------------------
    async def _send_all(self, chat_id: int, messages: list[OutgoingMessage], key: str | None) -> bool:
        for message in messages:
            try:
                await self._send(chat_id, message)
            except Exception as exc:
                _log.error("sending a reply to update %s failed: %s", key, describe(exc))
                return False
        return True

    async def _send(self, chat_id: int, message: OutgoingMessage) -> None:
        for attempt in range(1, MAX_SEND_ATTEMPTS + 1):
            try:
                await self.outbox.send(chat_id, message)
                return
            except RetryLater as wait:
                if attempt == MAX_SEND_ATTEMPTS:
                    raise
                _log.warning("Telegram asked to wait %.1f s before sending (attempt %d)", wait.seconds, attempt)
                await asyncio.sleep(min(max(wait.seconds, 0.0), MAX_RETRY_DELAY))

    async def _send_quietly(self, chat_id: int, message: Msg, locale: str) -> None:
        try:
            await self._send(chat_id, notice(message, locale))
        except Exception as exc:
            _log.error("sending a notice failed: %s", describe(exc))

    async def _delete_quietly(self, chat_id: int, message_id: int) -> None:
        try:
            await self.remover.delete(chat_id, message_id)  # type: ignore[union-attr]
        except Exception as exc:  # e.g. older than 48 hours: the reply still tells the user to delete it
            _log.warning("deleting a message failed: %s", describe(exc))

    async def _mark_delivered(self, outcome: Outcome) -> None:
        try:
            await self.engine.mark_delivered(outcome.delivery_key)
        except Exception as exc:  # the replies are out; a redelivery would only show the prompt again
            _log.error("marking update %s as delivered failed: %s", outcome.delivery_key, describe(exc))

    def _fallback_locale(self, event: Event) -> str:
        return normalize_locale(event.language_code) or self.default_locale

    # -- one user's replies in order ------------------------------------------------------------
    def _take_send_turn(self, user_id: int) -> tuple[asyncio.Future[None] | None, asyncio.Future[None]]:
        previous = self._send_turns.get(user_id)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._send_turns[user_id] = mine
        return previous, mine

    def _release_send_turn(self, user_id: int, mine: asyncio.Future[None]) -> None:
        if not mine.done():
            mine.set_result(None)
        if self._send_turns.get(user_id) is mine:
            del self._send_turns[user_id]

    # -- background tasks -----------------------------------------------------------------------
    def _spawn(self, awaitable: Awaitable[Any], what: str) -> None:
        task = asyncio.ensure_future(awaitable)
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._task_done(done, what))

    def _task_done(self, task: asyncio.Future[Any], what: str) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            _log.warning("%s failed: %s", what, describe(exc))


async def _wait_turn(previous: asyncio.Future[None] | None) -> None:
    if previous is not None and not previous.done():
        await asyncio.shield(previous)


# -- running a door until SIGINT/SIGTERM -------------------------------------------------------
Running = Callable[[Settings, Engine], AbstractAsyncContextManager["asyncio.Future[None]"]]


async def serve(settings: Settings, running: Running) -> int:
    """Migrate, run the door (``running`` yields a future that completes if the door stops on its
    own) until SIGINT or SIGTERM, then shut down cleanly: in-flight updates finish, the database
    closes. Returns the process exit code."""
    app = build_app(settings)
    await app.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):  # not on Windows: KeyboardInterrupt then
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
    try:
        async with running(settings, app.engine) as finished:
            _log.info("bot is running; stop with Ctrl+C or SIGTERM")
            worker = f"{socket.gethostname()}:{os.getpid()}"
            dispatcher = ReminderDispatcher(app.db, app.engine.sealer, app.engine.services.notifier, worker)
            reminders = asyncio.create_task(dispatcher.run(settings.reminder_interval))
            stopping: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
            waiting: list[asyncio.Future[Any]] = [stopping, finished]
            try:
                await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopping.cancel()
                reminders.cancel()
            if finished.done() and not finished.cancelled() and (exc := finished.exception()) is not None:
                raise exc
    except Exception as exc:  # library errors may quote the token (PTB's InvalidToken does): no message
        _log.error("the Telegram door stopped: %s", describe(exc))
        return 1
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
        await app.close()
    _log.info("bot stopped")
    return 0


def never() -> asyncio.Future[None]:
    """A future that completes only when cancelled: for a door that cannot stop on its own."""
    return asyncio.get_running_loop().create_future()
