"""The delivery loop both Telegram doors share: event → engine → messages → ``mark_delivered``.

The door core (:mod:`bot.telegram.core`) turns each update's JSON into an :class:`~bot.engine.events.Event`
(:mod:`bot.telegram.updates`), then calls :meth:`TelegramDoor.deliver`, which

* calls ``engine.handle`` before it awaits anything else, so one user's updates reach the engine's
  per-user lock in the order they arrived (the libraries start one task per update);
* fires the adapter's acknowledgement (``answerCallbackQuery``) as a task of its own, within
  ``ACK_WAIT`` seconds, never after slow work: with the engine's toast when the engine is done by then
  (an outdated press), else at once;
* edits the pressed message in place (``Outcome.edit``: the chosen answer under its text, its buttons
  removed; or the next card, text and buttons, sent as a new message if Telegram refuses the edit) and shows
  a chat action (``typing``, ``upload_document`` for the export) while the engine works
  longer than ``ACTION_AFTER`` seconds (both in :mod:`bot.telegram.press_feedback`);
* sends one user's replies in the order of that user's updates, even though sending happens outside
  the engine's lock;
* ignores a second delivery of an update that is still being handled here (the engine catches
  every other redelivery);
* logs failures without message texts or other personal data and tells the user, in their language,
  to try again;
* sends the help desk's notes (``Outcome.staff``) to the staff group first (:mod:`bot.telegram.staff_group`:
  the ticket's forum topic), and replies to a staff-group update in the topic it came from;
* pauses the reminders of a user whose chat refuses messages (403 "bot was blocked by the user");
* posts messages the help desk sends to another user (a staff reply) after the current turn (``post``);
* answers inline queries with the help desk's answer cards.

The library's port (:class:`bot.telegram.core.Port`) is its :class:`Outbox` (sends one
:class:`OutgoingMessage`), its :class:`MessageRemover` and its forum topics.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from bot.engine.engine import Engine
from bot.engine.events import Event, Outcome, Reply, StaffNote
from bot.helpdesk.config import DeskConfig, attach
from bot.helpdesk.events import StaffEvent
from bot.helpdesk.inline import InlineArticle, inline_articles
from bot.i18n import DEFAULT_LOCALE, PLAIN, Msg, normalize_locale, render
from bot.ops import metrics
from bot.reminders.reachability import blocked_by_user, set_blocked
from bot.telegram.errors import RetryLater, describe
from bot.telegram.limits import SendLimiter
from bot.telegram.ordered import LATE
from bot.telegram.press_feedback import Acknowledge, ChatFeedback, acknowledge_within
from bot.telegram.render import (
    SOMETHING_WENT_WRONG,
    STAFF_UNREACHABLE,
    UPLOAD_DOCUMENT,
    Keyboard,
    OutgoingMessage,
    chat_action_for,
    edited_html,
    in_thread,
    notice,
    render_outcome,
    render_reply,
)
from bot.telegram.staff_group import ForumTopics, StaffGroup

_log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "inline_query", "my_chat_member")
MAX_SEND_ATTEMPTS = 3
MAX_RETRY_DELAY = 60.0
__all__ = ["ALLOWED_UPDATES", "Outbox", "RetryLater", "TelegramDoor", "describe"]


class Outbox(Protocol):
    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        """Send one message; raise :class:`RetryLater` when Telegram asks to wait."""

    async def edit(self, chat_id: int, message_id: int, html: str | None, keyboard: Keyboard = ()) -> None:
        """Remove a message's buttons; with ``html``, replace its text too (and its buttons by ``keyboard``)."""

    async def chat_action(self, chat_id: int, action: str) -> None:
        """Show ``action`` ("typing", "upload_document") in the chat for a few seconds."""


class MessageRemover(Protocol):
    async def delete(self, chat_id: int, message_id: int) -> None:
        """Delete one message from a chat."""


class TelegramDoor:
    def __init__(self, engine: Engine, outbox: Outbox, default_locale: str = DEFAULT_LOCALE,
                 remover: MessageRemover | None = None, limiter: SendLimiter | None = None, *,
                 desk: DeskConfig | None = None, topics: ForumTopics | None = None) -> None:
        self.engine = engine
        self.outbox = outbox
        self.remover = remover
        self.limiter = limiter or SendLimiter()
        self.feedback = ChatFeedback(outbox, self.limiter)
        engine.services.notifier = self
        self.default_locale = default_locale
        self.desk = desk  # the help desk: staff group, staff locale
        self.staff_group = StaffGroup(desk, topics, self._send, engine.handle)
        if desk is not None:
            attach(engine.services, desk)
        self._in_flight: set[str] = set()
        self._send_turns: dict[int, asyncio.Future[None]] = {}
        self._tasks: set[asyncio.Future[Any]] = set()  # acknowledgements
        self._busy: set[asyncio.Task[Any]] = set()  # deliveries running

    async def deliver(self, event: Event, *, acknowledge: Acknowledge | None = None,
                      pressed_html: str | None = None) -> None:
        """Handle one update. Nothing before ``engine.handle`` may await (see the module docstring).
        ``pressed_html``: the text of the message whose button was pressed (to write the answer into it)."""
        toast: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        acknowledged: asyncio.Future[bool] = asyncio.get_running_loop().create_future()  # with the toast?
        if acknowledge is not None:
            self._spawn(acknowledge_within(acknowledge, toast, acknowledged), "acknowledging a button press")
        if LATE.get():  # the webhook's ordered inbox: a lower id after a higher one was applied
            event = dataclasses.replace(event, late=True)
        key = event.update_key
        if key is not None and key in self._in_flight:
            _log.info("update %s is already being handled; second delivery ignored", key)
            toast.set_result(None)
            return
        if key is not None:
            self._in_flight.add(key)
        previous, mine = self._take_send_turn(event.user_id)
        started = time.perf_counter()
        current = asyncio.current_task()
        if current is not None:
            self._busy.add(current)
        chat_id = event.chat_id if event.chat_id is not None else event.user_id
        stop_showing = self.feedback.show_action(chat_id, chat_action_for(event))
        try:
            outcome: Outcome | None = None
            try:
                outcome = await self.engine.handle(event)
            except Exception as exc:
                metrics.ERRORS.labels("engine").inc()
                _log.error("update %s (%s) failed in the engine: %s", key, event.kind, describe(exc))
            finally:
                stop_showing()
            if not toast.done():
                toast.set_result(render(outcome.toast, outcome.locale, PLAIN)
                                 if outcome is not None and outcome.toast is not None else None)
            await _wait_turn(previous)
            thread = event.topic_id if isinstance(event, StaffEvent) else None
            if outcome is None:
                await self._send_quietly(chat_id, SOMETHING_WENT_WRONG, self._fallback_locale(event), thread)
                return
            if outcome.duplicate and isinstance(event, StaffEvent):  # never a staff member's own prompt there
                await self._mark_delivered(outcome)
                return
            if outcome.delete_message_id is not None and self.remover is not None:
                await self._delete_quietly(chat_id, outcome.delete_message_id)
            if outcome.toast is not None and not outcome.replies:  # an outdated press: the toast says it all
                if acknowledge is None or not await asyncio.shield(acknowledged):
                    await self._send_quietly(chat_id, outcome.toast, outcome.locale, thread)
                await self._mark_delivered(outcome)
                return
            if outcome.edit is not None and outcome.edit.replace_with is not None:  # a card becomes the next card
                if not await self._replace(chat_id, outcome.edit.message_id, outcome.edit.replace_with, outcome.locale):
                    outcome = dataclasses.replace(outcome, replies=(outcome.edit.replace_with, *outcome.replies))
            elif outcome.edit is not None:
                await self.feedback.edit_quietly(chat_id, outcome.edit.message_id,
                                         edited_html(pressed_html, outcome.edit.mark, outcome.locale))
            if outcome.staff and not await self.staff_group.send(outcome.staff):
                await self._send_quietly(chat_id, STAFF_UNREACHABLE, outcome.locale)  # instead of "✓ sent"
                await self._mark_delivered(outcome)
                return
            if await self._send_all(chat_id, in_thread(render_outcome(outcome), thread), key):
                await self._mark_delivered(outcome)
            else:
                await self._send_quietly(chat_id, SOMETHING_WENT_WRONG, outcome.locale, thread)
            if _log.isEnabledFor(logging.DEBUG):  # its arguments cost more than the call when it is off
                _log.debug("update %s (%s) answered with %d replies in %.0f ms%s", key, event.kind,
                           len(outcome.replies), (time.perf_counter() - started) * 1000,
                           " (duplicate)" if outcome.duplicate else "")
        finally:
            stop_showing()
            if not toast.done():
                toast.set_result(None)
            metrics.UPDATES.labels(getattr(event.kind, "value", str(event.kind))).inc()
            metrics.HANDLER_SECONDS.observe(time.perf_counter() - started)
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

    def post(self, user_id: int, outcome: Outcome, failed: StaffNote | None = None) -> None:
        """Send ``outcome`` to ``user_id`` after the current turn (the help desk's replies to an applicant,
        decided inside another user's transaction); when it cannot be sent, ``failed`` goes to the staff
        group instead."""
        async def send() -> None:
            try:
                await self.push(user_id, outcome)
            except Exception as exc:
                _log.warning("a help-desk message was not delivered: %s", describe(exc))
                if failed is not None:
                    await self.staff_group.send((failed,))

        self._spawn(send(), "posting a help-desk message")

    async def answer_inline(self, query: str, language_code: str | None,
                            answer: Callable[[list[InlineArticle]], Awaitable[Any]]) -> None:
        """An inline query: the help desk's answer cards, sent with the library's ``answer``. The query is
        never logged."""
        try:
            articles = inline_articles(query, language_code)
        except Exception as exc:
            _log.error("inline search failed: %s", describe(exc))
            articles = []
        try:
            await answer(articles)
        except Exception as exc:
            _log.warning("answering an inline query failed: %s", describe(exc))

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
            if message.attachment is not None and not message.attachment.as_photo:
                await self.feedback.action_quietly(chat_id, UPLOAD_DOCUMENT)
            try:
                await self._send(chat_id, message)
            except Exception as exc:
                _log.error("sending a reply to update %s failed: %s", key, describe(exc))
                if chat_id > 0 and blocked_by_user(exc):  # 403: their reminders wait until they unblock the bot
                    await self._quietly(set_blocked(self.engine.db, chat_id, True), "pausing a blocked user")
                return False
        return True

    async def _replace(self, chat_id: int, message_id: int, card: Reply, locale: str) -> bool:
        """Edit the pressed card into ``card``; False when it must be sent instead (too long for one message,
        or Telegram refused the edit)."""
        messages = render_reply(card, locale)
        if len(messages) != 1 or messages[0].attachment is not None:
            return False
        return await self.feedback.replace_quietly(chat_id, message_id, messages[0].html, messages[0].keyboard)

    async def _send(self, chat_id: int, message: OutgoingMessage) -> None:
        for attempt in range(1, MAX_SEND_ATTEMPTS + 1):
            try:
                await self.limiter.acquire(chat_id)
                await self.outbox.send(chat_id, message)
                return
            except RetryLater as wait:
                metrics.BOT_API_429.inc()
                if attempt == MAX_SEND_ATTEMPTS:
                    metrics.ERRORS.labels("send").inc()
                    raise
                metrics.BOT_API_RETRIES.inc()
                _log.warning("Telegram asked to wait %.1f s before sending (attempt %d)", wait.seconds, attempt)
                await asyncio.sleep(min(max(wait.seconds, 0.0), MAX_RETRY_DELAY))

    async def _send_quietly(self, chat_id: int, message: Msg, locale: str, thread: int | None = None) -> None:
        try:
            await self._send(chat_id, in_thread([notice(message, locale)], thread)[0])
        except Exception as exc:
            _log.error("sending a notice failed: %s", describe(exc))

    async def _quietly(self, work: Awaitable[Any], what: str) -> None:
        try:
            await work
        except Exception as exc:
            _log.error("%s failed: %s", what, describe(exc))

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
