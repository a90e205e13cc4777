"""The door core both Telegram libraries share: each update's JSON → the door's work, polling, the profile.

A library keeps only a thin :class:`Port` (fetch updates, send, edit, answer a callback or an inline query,
download, forum topics, set the profile); everything else is written once here, without a Telegram library:

* :class:`DoorCore` reads an update as the Bot API sends it (:func:`bot.telegram.updates.route`) and hands
  the event to the shared :class:`~bot.telegram.door.TelegramDoor`; a user who blocked the bot has their
  reminders paused (resumed when they unblock it);
* :func:`polling` runs the durable poller (:mod:`bot.telegram.polling`) over the port's ``getUpdates``;
* :func:`publish` sets the command menus, the descriptions, the menu button and the staff group's commands.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, Protocol

import orjson

from bot import heap
from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.events import FileRef
from bot.helpdesk.config import DeskConfig
from bot.helpdesk.inline import InlineArticle
from bot.reminders.reachability import set_blocked
from bot.telegram.door import MessageRemover, Outbox, TelegramDoor
from bot.telegram.errors import describe
from bot.telegram.limits import limiter_of
from bot.telegram.polling import Feed, poll
from bot.telegram.profile import profiles, staff_commands
from bot.telegram.render import UNSUPPORTED_MESSAGE, OutgoingMessage, command_menus
from bot.telegram.staff_group import ForumTopics
from bot.telegram.updates import (
    Acknowledge,
    Delivery,
    InlineQuery,
    Json,
    Reachability,
    Unsupported,
    Whoami,
    route,
)
from bot.telegram.whoami import whoami_reply
from storage.inbox import Inbox

_log = logging.getLogger(__name__)
INLINE_CACHE_SECONDS = 300


class Port(Outbox, MessageRemover, ForumTopics, Protocol):
    """What one Telegram library does for the door (besides :class:`Outbox`: send, edit, chat action;
    deleting a message; forum topics)."""

    async def get_updates(self, offset: int | None, long_poll: int, limit: int = 100) -> list[Json]:
        """``getUpdates`` (with the door's allowed updates, ``limit`` at most) as the Bot API's JSON objects."""

    async def fetch(self, file: FileRef) -> bytes:
        """Download a user's file (getFile, then the file URL), retrying timeouts and server errors."""

    async def answer_callback(self, query_id: str, text: str | None) -> Any:
        """``answerCallbackQuery``, with a toast text or without."""

    async def answer_inline(self, query_id: str, articles: list[InlineArticle], cache_seconds: int) -> None:
        """``answerInlineQuery`` with the help desk's answer cards."""

    def message_html(self, message: Json) -> str | None:
        """A message's text with its entities as HTML (to write the chosen answer under it)."""

    async def set_commands(self, commands: list[tuple[str, str]], language_code: str | None = None,
                           chat_id: int | None = None) -> None:
        """``setMyCommands`` for a language (None: the default), or for one chat (``chat_id``)."""

    async def set_descriptions(self, description: str, short_description: str, language_code: str | None) -> None:
        """``setMyDescription`` and ``setMyShortDescription`` for a language (None: the default)."""

    async def set_menu_button(self) -> None:
        """``setChatMenuButton``: the command list."""

    async def delete_webhook(self) -> None:
        """``deleteWebhook`` (pending updates kept): polling needs it gone."""


class DoorCore:
    """Reads one update's JSON and does what it asks, through the shared door and the library's port."""

    def __init__(self, door: TelegramDoor, port: Port, staff_chat_id: int | None = None) -> None:
        self.door = door
        self.port = port
        self.staff_chat_id = staff_chat_id

    async def handle(self, data: Json) -> None:
        routed = route(data, self.staff_chat_id)
        if isinstance(routed, Delivery):
            acknowledge = (partial(self.port.answer_callback, routed.callback_query_id)
                           if routed.callback_query_id is not None else None)
            pressed_html = (self.port.message_html(routed.pressed)
                            if routed.pressed is not None and routed.pressed.get("text") else None)
            await self.door.deliver(routed.event, acknowledge=acknowledge, pressed_html=pressed_html)
        elif isinstance(routed, Acknowledge):
            await self.port.answer_callback(routed.callback_query_id, None)
        elif isinstance(routed, Unsupported):
            await self.door.tell(routed.user_id, routed.chat_id, UNSUPPORTED_MESSAGE, routed.language_code)
        elif isinstance(routed, Whoami):
            await self.port.send(routed.chat_id, OutgoingMessage(
                whoami_reply(routed.chat_id, routed.user_id, routed.language_code), thread_id=routed.thread_id))
        elif isinstance(routed, InlineQuery):
            await self.door.answer_inline(routed.query, routed.language_code,
                                          partial(self.port.answer_inline, routed.query_id,
                                                  cache_seconds=INLINE_CACHE_SECONDS))
        elif isinstance(routed, Reachability):
            await set_blocked(self.door.engine.db, routed.user_id, routed.blocked)


def door_core(settings: Settings, engine: Engine, port: Port) -> DoorCore:
    """The shared door on ``engine`` with ``port`` as its library; the engine downloads files through it."""
    door = TelegramDoor(engine, port, settings.default_locale, remover=port, limiter=limiter_of(settings),
                        desk=DeskConfig.from_settings(settings), topics=port)
    engine.services.fetcher = port
    return DoorCore(door, port, settings.staff_chat_id)


@asynccontextmanager
async def polling(settings: Settings, engine: Engine, core: DoorCore) -> AsyncIterator[asyncio.Future[None]]:
    """Long polling while the block runs (an update is confirmed to Telegram only once it is stored in the
    inbox); on exit, polling stops and the updates in hand finish. Yields the polling task, which only ends if
    polling does (a 401, a 409)."""
    feed = Feed(core.port.get_updates, core.handle, update_id=lambda data: int(data["update_id"]),
                dump=orjson.dumps, load=orjson.loads)
    stop = asyncio.Event()
    heap.settle()
    task = asyncio.ensure_future(poll(feed, Inbox(engine.db, engine.sealer), long_poll=settings.poll_timeout,
                                      stop=stop, spare=core.door.limiter.spare))
    try:
        yield task
    finally:
        stop.set()  # updates in hand finish and are confirmed; waiting for new ones stops
        try:
            await asyncio.wait_for(asyncio.shield(task), 30)
        except TimeoutError:
            task.cancel()
        except Exception:  # polling stopped on its own (a 401, a 409): serve reports it
            pass
        await core.door.drain()


async def publish(port: Port, settings: Settings) -> None:
    """The command menu in English (default) and Traditional Chinese (``language_code="zh"``), the
    descriptions per language, the menu button and the staff group's own commands. Conveniences: a failure
    is logged, never fatal."""
    for menu in command_menus():
        await _quietly(port.set_commands(list(menu.commands), menu.language_code),
                       f"setMyCommands({menu.language_code or 'default'})")
    for profile in profiles():
        await _quietly(port.set_descriptions(profile.description, profile.short_description, profile.language_code),
                       f"the bot's description ({profile.language_code or 'default'})")
    await _quietly(port.set_menu_button(), "the menu button")
    if settings.staff_chat_id is not None:
        await _quietly(port.set_commands(staff_commands(settings.staff_locale), chat_id=settings.staff_chat_id),
                       "the staff group's commands")


@asynccontextmanager
async def publishing(port: Port, settings: Settings) -> AsyncIterator[None]:
    """:func:`publish` in the background while the block runs: the first ``getUpdates`` does not wait for its
    round trips (six or more: ~0.3 s with Telegram 50 ms away). Stopped if the block ends first."""
    task = asyncio.create_task(publish(port, settings))
    try:
        yield
    finally:
        task.cancel()
        for outcome in await asyncio.gather(task, return_exceptions=True):
            if isinstance(outcome, Exception):
                _log.warning("publishing the command menu failed: %s", describe(outcome))


async def _quietly(call: Awaitable[Any], what: str) -> None:
    try:
        await call
    except Exception as exc:
        _log.warning("%s failed: %s", what, describe(exc))


