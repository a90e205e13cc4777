"""The delivery loop both Telegram doors share: event → engine → messages → ``mark_delivered``.

A library adapter turns an update into an :class:`~bot.engine.events.Event`, then calls
:meth:`TelegramDoor.deliver`, which

* calls ``engine.handle`` before it awaits anything else, so one user's updates reach the engine's
  per-user lock in the order they arrived (the libraries start one task per update);
* fires the adapter's acknowledgement (``answerCallbackQuery``) as a task of its own, within
  ``ACK_WAIT`` seconds, never after slow work: with the engine's toast when the engine is done by then
  (an outdated press), else at once;
* edits the pressed message in place (``Outcome.edit``: the chosen answer under its text, its buttons
  removed) and shows a chat action (``typing``, ``upload_document`` for the export) while the engine works
  longer than ``ACTION_AFTER`` seconds (both in :mod:`bot.telegram.press_feedback`);
* sends one user's replies in the order of that user's updates, even though sending happens outside
  the engine's lock;
* ignores a second delivery of an update that is still being handled here (the engine catches
  every other redelivery);
* logs failures without message texts or other personal data and tells the user, in their language,
  to try again;
* sends the help desk's notes (``Outcome.staff``) to the staff group first, in the ticket's forum topic
  (created on first use, its id handed back to the engine as a ``TopicOpened`` event; reopened, closed or
  deleted as the note asks), and replies to a staff-group update in the topic it came from;
* posts messages the help desk sends to another user (a staff reply) after the current turn (``post``);
* answers inline queries with the help desk's answer cards.

The adapter supplies an :class:`Outbox` that sends one :class:`OutgoingMessage` with its library, and
:class:`ForumTopics` that manages forum topics.
"""

from __future__ import annotations

import asyncio
import dataclasses
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
from bot.engine.events import Event, EventKind, Outcome, StaffNote
from bot.engine.maintenance import Maintenance
from bot.helpdesk.config import DeskConfig, attach
from bot.helpdesk.events import StaffEvent, TopicAction, TopicOpened
from bot.helpdesk.inline import InlineArticle, inline_articles
from bot.i18n import DEFAULT_LOCALE, PLAIN, Msg, normalize_locale, render
from bot.ops import metrics
from bot.ops.health import Readiness, health_listener
from bot.ops.startup import EXIT_CONFIG, StartupFailure
from bot.reminders.dispatcher import ReminderDispatcher
from bot.telegram.limits import SendLimiter
from bot.telegram.ordered import LATE
from bot.telegram.press_feedback import Acknowledge, ChatFeedback, acknowledge_within
from bot.telegram.render import (
    SOMETHING_WENT_WRONG,
    STAFF_UNREACHABLE,
    UPLOAD_DOCUMENT,
    OutgoingMessage,
    chat_action_for,
    edited_html,
    in_thread,
    notice,
    render_outcome,
    render_staff_note,
)
from bot.webapp.server import desk_listener

_log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "inline_query")
MAX_SEND_ATTEMPTS = 3
MAX_RETRY_DELAY = 60.0
TOPICS_RETRY_AFTER = 600.0  # seconds without trying to create forum topics after a failure


class RetryLater(Exception):
    """Raised by an :class:`Outbox` when Telegram asked to wait (flood control, HTTP 429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Outbox(Protocol):
    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        """Send one message; raise :class:`RetryLater` when Telegram asks to wait."""

    async def edit(self, chat_id: int, message_id: int, html: str | None) -> None:
        """Remove a message's buttons; with ``html``, replace its text too."""

    async def chat_action(self, chat_id: int, action: str) -> None:
        """Show ``action`` ("typing", "upload_document") in the chat for a few seconds."""


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


class ForumTopics(Protocol):
    async def create(self, chat_id: int, name: str) -> int:
        """Create a forum topic; its message thread id."""

    async def change(self, chat_id: int, topic_id: int, action: TopicAction) -> None:
        """Close, reopen or delete a forum topic."""


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
        self.topics = topics
        if desk is not None:
            attach(engine.services, desk)
        self._ticket_topics: dict[str, int] = {}  # ticket → forum topic, until the engine has stored it
        self._topics_off_until = 0.0
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
        showing = asyncio.ensure_future(self.feedback.show_action(chat_id, chat_action_for(event)))
        try:
            outcome: Outcome | None = None
            try:
                outcome = await self.engine.handle(event)
            except Exception as exc:
                metrics.ERRORS.labels("engine").inc()
                _log.error("update %s (%s) failed in the engine: %s", key, event.kind, describe(exc))
            finally:
                showing.cancel()
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
            if outcome.edit is not None:
                await self.feedback.edit_quietly(chat_id, outcome.edit.message_id,
                                         edited_html(pressed_html, outcome.edit.mark, outcome.locale))
            if outcome.staff and not await self._send_staff(outcome.staff):
                await self._send_quietly(chat_id, STAFF_UNREACHABLE, outcome.locale)  # instead of "✓ sent"
                await self._mark_delivered(outcome)
                return
            if await self._send_all(chat_id, in_thread(render_outcome(outcome), thread), key):
                await self._mark_delivered(outcome)
            else:
                await self._send_quietly(chat_id, SOMETHING_WENT_WRONG, outcome.locale, thread)
            _log.debug("update %s (%s) answered with %d replies in %.0f ms%s", key, event.kind,
                       len(outcome.replies), (time.perf_counter() - started) * 1000,
                       " (duplicate)" if outcome.duplicate else "")
        finally:
            showing.cancel()
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
                    await self._send_staff((failed,))

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
                return False
        return True

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

    # -- the staff group ------------------------------------------------------------------------
    async def _send_staff(self, notes: tuple[StaffNote, ...]) -> bool:
        """Post the help desk's notes in the staff group; False when a note that must arrive (an applicant's
        message, a new ticket) could not be posted."""
        chat_id = self.desk.staff_chat_id if self.desk is not None else None
        if self.desk is None or chat_id is None:
            _log.warning("%d note(s) for the staff group dropped: STAFF_CHAT_ID is not set", len(notes))
            return not any(getattr(note, "must_arrive", False) for note in notes)
        posted = True
        for note in notes:
            try:
                await self._post_note(chat_id, self.desk.staff_locale, note)
            except Exception as exc:
                _log.error("a note for the staff group was not posted: %s", describe(exc))
                posted = posted and not getattr(note, "must_arrive", False)
        return posted

    async def _post_note(self, chat_id: int, locale: str, note: StaffNote) -> None:
        action = getattr(note, "topic_action", None)
        thread = note.topic_id if note.topic_id is not None else self._ticket_topics.get(note.ticket_id or "")
        if action is TopicAction.DELETE:  # the applicant erased their data: the topic goes, the note stays
            if thread is not None:
                await self._change_topic(chat_id, thread, TopicAction.DELETE)
                self._ticket_topics = {k: v for k, v in self._ticket_topics.items() if v != thread}
            await self._send_each(chat_id, render_staff_note(note, locale, None))
            return
        if thread is None and note.open_topic_title:
            thread = await self._open_topic(chat_id, note)
        elif thread is not None and action is TopicAction.REOPEN:
            await self._change_topic(chat_id, thread, TopicAction.REOPEN)
        try:
            await self._send_each(chat_id, render_staff_note(note, locale, thread))
        except Exception as exc:
            if thread is None or not note.open_topic_title or not _mentions(exc, "thread not found"):
                raise
            _log.warning("the forum topic of a ticket is gone; opening a new one")  # deleted by hand
            thread = await self._open_topic(chat_id, note)
            await self._send_each(chat_id, render_staff_note(note, locale, thread))
        if thread is not None and action is TopicAction.CLOSE:
            await self._change_topic(chat_id, thread, TopicAction.CLOSE)

    async def _open_topic(self, chat_id: int, note: StaffNote) -> int | None:
        """A forum topic for the note's ticket, its id handed to the engine; None when the group has no
        topics (the note then goes to the group itself)."""
        if self.topics is None or time.monotonic() < self._topics_off_until or not note.open_topic_title:
            return None
        try:
            thread = await self.topics.create(chat_id, note.open_topic_title)
        except Exception as exc:
            _log.warning("no forum topic for a ticket (is the staff group a forum, and the bot an admin that "
                         "may manage topics?): %s", describe(exc))
            self._topics_off_until = time.monotonic() + TOPICS_RETRY_AFTER
            return None
        if note.ticket_id and note.ticket_id.isdigit():
            self._ticket_topics[note.ticket_id] = thread
            try:
                # under the staff group's id: never re-creates an applicant who has just erased their data
                await self.engine.handle(TopicOpened(user_id=chat_id, kind=EventKind.TEXT,
                                                     ticket_id=int(note.ticket_id), topic_id=thread))
            except Exception as exc:  # the door still knows it; a restart would open another topic
                _log.error("storing a ticket's forum topic failed: %s", describe(exc))
        return thread

    async def _change_topic(self, chat_id: int, thread: int, action: TopicAction) -> None:
        if self.topics is None:
            return
        try:
            await self.topics.change(chat_id, thread, action)
        except Exception as exc:  # e.g. already closed: the note itself matters more
            _log.warning("%s of a forum topic failed: %s", action.value, describe(exc))

    async def _send_each(self, chat_id: int, messages: list[OutgoingMessage]) -> None:
        for message in messages:
            await self._send(chat_id, message)

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


def _mentions(exc: BaseException, words: str) -> bool:
    """Whether Telegram's error (or one it was raised from) says ``words``."""
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None:
            return False
        if words in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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
    readiness = Readiness(app.db, stale_after=max(3.0 * settings.poll_timeout, 90.0))
    try:
        async with health_listener(settings.health_listen, readiness), running(settings, app.engine) as finished, \
                desk_listener(settings, app.engine):
            _log.info("bot is running; stop with Ctrl+C or SIGTERM")
            worker = f"{socket.gethostname()}:{os.getpid()}"
            dispatcher = ReminderDispatcher(app.db, app.engine.sealer, app.engine.services.notifier, worker)
            reminders = asyncio.create_task(dispatcher.run(settings.reminder_interval))
            housekeeping = asyncio.create_task(Maintenance(
                app.db, app.engine.sealer, app.engine.services.files, app.engine.services.notifier,
                settings.retention_days).run(settings.maintenance_interval))
            stopping: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
            waiting: list[asyncio.Future[Any]] = [stopping, finished]
            try:
                await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopping.cancel()
                reminders.cancel()
                housekeeping.cancel()
                # let them unwind (transaction rolled back, connection returned) before the door and the database
                # close: a task cancelled in mid-statement and left behind can keep asyncio.run from ever ending
                await asyncio.gather(reminders, housekeeping, return_exceptions=True)
            if finished.done() and not finished.cancelled() and (exc := finished.exception()) is not None:
                raise exc
    except StartupFailure as failure:  # 401 or 409 while running: advice, and no restart (exit 2)
        _log.error("%s", failure)
        return EXIT_CONFIG
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
