"""The python-telegram-bot (v22) door, the default for ``goldcard-bot run``: long polling.

Thin on purpose: it turns PTB updates into engine Events with the helpers of
:mod:`bot.telegram.render`, hands them to the shared :class:`~bot.telegram.door.TelegramDoor`, and
sends the door's messages with PTB (HTML parse mode, inline keyboards). Updates are processed
concurrently (``concurrent_updates``): the engine serialises each user's updates, the door keeps their
order. Only private chats are served: answers are personal data.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.events import FileRef
from bot.engine.intake import FetchFailed, with_retries
from bot.telegram.door import ALLOWED_UPDATES, RetryLater, TelegramDoor, describe, never, serve
from bot.telegram.render import (
    PHOTO_MIME_TYPE,
    UNSUPPORTED_MESSAGE,
    OutgoingMessage,
    button_event,
    command_menus,
    file_event,
    has_unsupported_content,
    text_event,
)

_log = logging.getLogger(__name__)
DOOR_KEY = "goldcard.door"


class PtbOutbox:
    """Sends the door's messages with PTB."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in message.keyboard]
        ) if message.keyboard else None
        try:
            if message.attachment is not None:
                attachment = message.attachment
                upload = InputFile(attachment.data, filename=attachment.filename)
                if attachment.as_photo:
                    await self.bot.send_photo(chat_id, upload)
                else:
                    await self.bot.send_document(chat_id, upload)
                return
            await self.bot.send_message(chat_id, message.html, parse_mode=ParseMode.HTML, reply_markup=markup,
                                        link_preview_options=LinkPreviewOptions(is_disabled=True))
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc)) from exc


class PtbMessageRemover:
    """Deletes a user's message (a typed password idea) from the chat."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def delete(self, chat_id: int, message_id: int) -> None:
        await self.bot.delete_message(chat_id, message_id)


class PtbFetcher:
    """Downloads a user's file (getFile, then the file URL), retrying timeouts and server errors."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, file: FileRef) -> bytes:
        async def once() -> bytearray:
            remote = await self.bot.get_file(file.file_id)
            return await remote.download_as_bytearray()

        try:
            return await with_retries(once, (TimedOut, NetworkError))
        except TelegramError as exc:
            raise FetchFailed(type(exc).__name__) from None


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after will become a timedelta
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class _UnsupportedContent(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return has_unsupported_content(message)


class PtbHandlers:
    """PTB callbacks: each builds an Event and hands it to the door, nothing else."""

    def __init__(self, door: TelegramDoor) -> None:
        self.door = door

    async def on_text(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Typed text and commands (``/start lang_zh``, ``/help@bot``): the engine parses commands."""
        message, user = update.message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        await self.door.deliver(text_event(update.update_id, user.id, message.chat_id, message.text,
                                           language_code=user.language_code, user_name=user.first_name,
                                           message_id=message.message_id))

    async def on_file(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None:
            return
        if message.document is not None:
            document = message.document
            file = FileRef(document.file_id, document.file_name, document.file_size, document.mime_type)
        elif message.photo:
            photo = message.photo[-1]  # the largest size
            file = FileRef(photo.file_id, None, photo.file_size, PHOTO_MIME_TYPE)
        else:
            return
        await self.door.deliver(file_event(update.update_id, user.id, message.chat_id, file,
                                           caption=message.caption, language_code=user.language_code,
                                           user_name=user.first_name))

    async def on_button(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        acknowledge = query.answer()  # runs at once, beside the engine
        if query.data is None:
            await acknowledge
            return
        user = query.from_user
        chat_id = query.message.chat.id if query.message is not None else user.id
        await self.door.deliver(button_event(update.update_id, user.id, chat_id, query.data,
                                             language_code=user.language_code, user_name=user.first_name),
                                acknowledge=acknowledge)

    async def on_unsupported(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None:
            return
        await self.door.tell(user.id, message.chat_id, UNSUPPORTED_MESSAGE, user.language_code)

    async def on_error(self, _update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            _log.error("PTB handler error: %s", describe(context.error))


def build_ptb_application(settings: Settings, engine: Engine, *, polling: bool = True) -> Application:
    """A PTB Application wired to ``engine``, talking to ``settings.telegram_api_url`` (without an
    updater in webhook mode, where updates arrive through :mod:`bot.telegram.webhook`)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    api = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(True)
    )
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    door = TelegramDoor(engine, PtbOutbox(application.bot), settings.default_locale,
                        remover=PtbMessageRemover(application.bot))
    engine.services.fetcher = PtbFetcher(application.bot)
    handlers = PtbHandlers(door)
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.on_text))
    application.add_handler(MessageHandler(private & (filters.Document.ALL | filters.PHOTO), handlers.on_file))
    application.add_handler(MessageHandler(private & _UnsupportedContent(), handlers.on_unsupported))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_error_handler(handlers.on_error)
    application.bot_data[DOOR_KEY] = door
    return application


async def publish_commands(bot: Bot) -> None:
    """The command menu in English (default) and Traditional Chinese (``language_code="zh"``)."""
    for menu in command_menus():
        try:
            await bot.set_my_commands([BotCommand(name, text) for name, text in menu.commands],
                                      language_code=menu.language_code)
        except TelegramError as exc:  # the menu is a convenience: never stop the bot for it
            _log.warning("setMyCommands(%s) failed: %s", menu.language_code or "default", describe(exc))


def _polling_error(exc: TelegramError) -> None:
    _log.warning("getUpdates failed, retrying: %s", describe(exc))


@asynccontextmanager
async def running_ptb(settings: Settings, engine: Engine) -> AsyncIterator[asyncio.Future[None]]:
    """PTB long polling while the block runs; on exit, polling stops, updates in hand finish, the
    HTTP client closes. Yields a future that never completes (PTB retries network errors itself)."""
    application = build_ptb_application(settings, engine)
    door: TelegramDoor = application.bot_data[DOOR_KEY]
    updater = application.updater
    if updater is None:
        raise RuntimeError("the PTB application was built without an updater")
    async with application:  # initialize (getMe) … shutdown
        await publish_commands(application.bot)
        await updater.start_polling(
            timeout=settings.poll_timeout, drop_pending_updates=False,
            allowed_updates=list(ALLOWED_UPDATES), error_callback=_polling_error,
        )
        await application.start()
        finished = never()
        try:
            yield finished
        finally:
            finished.cancel()
            with suppress(RuntimeError):
                await updater.stop()
            with suppress(RuntimeError):
                await application.stop()
            await door.drain()


def run_ptb(settings: Settings) -> int:
    """``goldcard-bot run``: migrate, publish the command menu, poll until SIGINT/SIGTERM."""
    return asyncio.run(serve(settings, running_ptb))
