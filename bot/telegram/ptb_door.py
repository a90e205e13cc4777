"""The python-telegram-bot (v22) door, the default for ``goldcard-bot run``: long polling.

Thin on purpose: it turns PTB updates into engine Events with the helpers of
:mod:`bot.telegram.render`, hands them to the shared :class:`~bot.telegram.door.TelegramDoor`, and
sends the door's messages with PTB (HTML parse mode, inline keyboards). Updates are processed
concurrently (``concurrent_updates``): the engine serialises each user's updates, the door keeps their
order. Private chats are served (answers are personal data), and the help desk's staff group
(``STAFF_CHAT_ID``: its forum topics, created here); inline queries get the FAQ's answer cards.
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    LinkPreviewOptions,
    MenuButtonCommands,
    Message,
    Update,
    WebAppInfo,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.events import FileRef
from bot.engine.intake import FetchFailed, with_retries
from bot.helpdesk.config import DeskConfig
from bot.helpdesk.events import TopicAction
from bot.helpdesk.inline import InlineArticle
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.door import ALLOWED_UPDATES, RetryLater, TelegramDoor, describe, serve
from bot.telegram.limits import limiter_of
from bot.telegram.polling import Feed, poll
from bot.telegram.profile import profiles, staff_commands
from bot.telegram.render import (
    UNSUPPORTED_MESSAGE,
    KeyboardButton,
    OutgoingMessage,
    button_event,
    command_menus,
    edited_text_event,
    file_event,
    file_ref_of,
    has_unsupported_content,
    staff_button_event,
    staff_file_event,
    staff_text_event,
    text_event,
    topic_of,
)
from bot.telegram.whoami import whoami_reply
from bot.webapp.chat import web_app_url
from storage.inbox import Inbox

_log = logging.getLogger(__name__)
SERVER_ERROR_RETRY = 1.0  # seconds before sending again after a server error or a timeout
DOOR_KEY = "goldcard.door"
INLINE_CACHE_SECONDS = 300


class PtbOutbox:
    """Sends the door's messages with PTB."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        markup = InlineKeyboardMarkup(
            [[_inline_button(button) for button in row] for row in message.keyboard]
        ) if message.keyboard else None
        thread = message.thread_id  # a forum topic of the staff group
        try:
            if message.copy_from is not None:  # a photo or file relayed between an applicant and staff
                await self.bot.copy_message(chat_id, message.copy_from[0], message.copy_from[1],
                                            message_thread_id=thread, reply_markup=markup)
                return
            if message.attachment is not None:
                attachment = message.attachment
                upload = InputFile(attachment.data, filename=attachment.filename)
                if attachment.as_photo:
                    await self.bot.send_photo(chat_id, upload, message_thread_id=thread)
                else:
                    await self.bot.send_document(chat_id, upload, message_thread_id=thread)
                return
            await self.bot.send_message(chat_id, message.html, parse_mode=ParseMode.HTML, reply_markup=markup,
                                        link_preview_options=LinkPreviewOptions(is_disabled=True),
                                        message_thread_id=thread)
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc)) from exc
        except BadRequest:  # a subclass of NetworkError in PTB, but sending it again would not help
            raise
        except NetworkError as exc:  # 5xx from Telegram, a timeout, a dropped connection: try again shortly
            raise RetryLater(SERVER_ERROR_RETRY) from exc


    async def edit(self, chat_id: int, message_id: int, html: str | None) -> None:
        if html is None:
            await self.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
        else:
            await self.bot.edit_message_text(html, chat_id, message_id, parse_mode=ParseMode.HTML,
                                             link_preview_options=LinkPreviewOptions(is_disabled=True))

    async def chat_action(self, chat_id: int, action: str) -> None:
        await self.bot.send_chat_action(chat_id, action)


def _inline_button(button: KeyboardButton) -> InlineKeyboardButton:
    if button.copy_text is not None:
        return InlineKeyboardButton(button.label, copy_text=CopyTextButton(button.copy_text))
    if (web_app := web_app_url(button.data)) is not None:
        return InlineKeyboardButton(button.label, web_app=WebAppInfo(web_app))
    if button.url is not None:
        return InlineKeyboardButton(button.label, url=button.url)
    return InlineKeyboardButton(button.label, callback_data=button.data)


class PtbTopics:
    """Forum topics of the staff group (the bot must be an admin allowed to manage topics)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def create(self, chat_id: int, name: str) -> int:
        topic = await self.bot.create_forum_topic(chat_id, name)
        return int(topic.message_thread_id)

    async def change(self, chat_id: int, topic_id: int, action: TopicAction) -> None:
        if action is TopicAction.CLOSE:
            await self.bot.close_forum_topic(chat_id, topic_id)
        elif action is TopicAction.REOPEN:
            await self.bot.reopen_forum_topic(chat_id, topic_id)
        else:
            await self.bot.delete_forum_topic(chat_id, topic_id)


def inline_result(article: InlineArticle) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        article.id, article.title,
        InputTextMessageContent(article.html, parse_mode=ParseMode.HTML,
                                link_preview_options=LinkPreviewOptions(is_disabled=True)),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(article.url_label, url=article.url)]]),
        url=article.url, description=article.description)


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

    def __init__(self, door: TelegramDoor, staff_chat_id: int | None = None) -> None:
        self.door = door
        self.staff_chat_id = staff_chat_id

    async def on_staff_text(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message in the help desk's staff group (a reply in a ticket's topic, /close, /tickets …)."""
        message, user = update.message, update.effective_user
        if message is None or user is None or message.text is None or user.is_bot:
            return
        await self.door.deliver(staff_text_event(update.update_id, user.id, message.chat_id, message.text,
                                                 topic_of(message), language_code=user.language_code,
                                                 user_name=user.first_name, message_id=message.message_id))

    async def on_inline(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return

        async def answer(articles: list[InlineArticle]) -> None:
            await query.answer([inline_result(article) for article in articles], cache_time=INLINE_CACHE_SECONDS,
                               is_personal=False)

        await self.door.answer_inline(query.query, query.from_user.language_code, answer)

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
        file = file_ref_of(message)
        if file is None:
            return
        await self.door.deliver(file_event(update.update_id, user.id, message.chat_id, file,
                                           caption=message.caption, language_code=user.language_code,
                                           user_name=user.first_name, message_id=message.message_id))

    async def on_staff_file(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo or document in the staff group (in a ticket's topic: copied to the applicant)."""
        message, user = update.message, update.effective_user
        file = file_ref_of(message)
        if message is None or user is None or user.is_bot or file is None:
            return
        await self.door.deliver(staff_file_event(update.update_id, user.id, message.chat_id, file, topic_of(message),
                                                 caption=message.caption, language_code=user.language_code,
                                                 user_name=user.first_name, message_id=message.message_id))

    async def on_edited(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """An applicant edited a text message: staff see it while the applicant talks to them."""
        message, user = update.edited_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        await self.door.deliver(edited_text_event(update.update_id, user.id, message.chat_id, message.text,
                                                  language_code=user.language_code, user_name=user.first_name,
                                                  message_id=message.message_id))

    async def on_button(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        acknowledge = query.answer  # runs beside the engine, with a toast text or without

        if query.data is None:
            await acknowledge(None)
            return
        user = query.from_user
        chat_id = query.message.chat.id if query.message is not None else user.id
        if self.staff_chat_id is not None and chat_id == self.staff_chat_id:
            await self.door.deliver(staff_button_event(update.update_id, user.id, chat_id, query.data,
                                                       topic_of(query.message), language_code=user.language_code,
                                                       user_name=user.first_name), acknowledge=acknowledge)
            return
        pressed = query.message if isinstance(query.message, Message) else None
        await self.door.deliver(button_event(update.update_id, user.id, chat_id, query.data,
                                             language_code=user.language_code, user_name=user.first_name,
                                             message_id=pressed.message_id if pressed is not None else None),
                                acknowledge=acknowledge, pressed_html=pressed.text_html if pressed is not None and
                                pressed.text else None)

    async def on_unsupported(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None:
            return
        await self.door.tell(user.id, message.chat_id, UNSUPPORTED_MESSAGE, user.language_code)

    async def on_whoami(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is not None and user is not None:
            await message.reply_text(whoami_reply(message.chat_id, user.id, user.language_code),
                                     parse_mode=ParseMode.HTML)

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
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
    )
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    door = TelegramDoor(engine, PtbOutbox(application.bot), settings.default_locale,
                        remover=PtbMessageRemover(application.bot), limiter=limiter_of(settings),
                        desk=DeskConfig.from_settings(settings), topics=PtbTopics(application.bot))
    engine.services.fetcher = PtbFetcher(application.bot)
    handlers = PtbHandlers(door, settings.staff_chat_id)
    application.add_handler(CommandHandler("whoami", handlers.on_whoami))  # any chat: the help desk's set-up
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.on_text))
    application.add_handler(MessageHandler(private & (filters.Document.ALL | filters.PHOTO), handlers.on_file))
    application.add_handler(MessageHandler(private & _UnsupportedContent(), handlers.on_unsupported))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
                                           & filters.TEXT, handlers.on_edited))
    if settings.staff_chat_id is not None:
        staff = filters.Chat(chat_id=settings.staff_chat_id) & filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(staff & filters.TEXT, handlers.on_staff_text))
        application.add_handler(MessageHandler(staff & (filters.Document.ALL | filters.PHOTO), handlers.on_staff_file))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(InlineQueryHandler(handlers.on_inline))
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


async def publish_profile(bot: Bot, settings: Settings) -> None:
    """Description and short description per language, the menu button, the staff group's own commands."""
    for profile in profiles():
        try:
            await bot.set_my_description(profile.description, language_code=profile.language_code)
            await bot.set_my_short_description(profile.short_description, language_code=profile.language_code)
        except TelegramError as exc:
            _log.warning("the bot's description (%s) failed: %s", profile.language_code or "default", describe(exc))
    try:
        await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
        if settings.staff_chat_id is not None:
            await bot.set_my_commands([BotCommand(name, text) for name, text in staff_commands(settings.staff_locale)],
                                      scope=BotCommandScopeChat(settings.staff_chat_id))
    except TelegramError as exc:
        _log.warning("the menu button or the staff group's commands failed: %s", describe(exc))


@asynccontextmanager
async def running_ptb(settings: Settings, engine: Engine) -> AsyncIterator[asyncio.Future[None]]:
    """Long polling while the block runs (bot.telegram.polling: an update is confirmed to Telegram only
    once it is stored in the inbox); on exit, polling stops, updates in hand finish, the HTTP client closes. Yields
    the polling task, which only ends if polling does."""
    application = build_ptb_application(settings, engine, polling=False)
    door: TelegramDoor = application.bot_data[DOOR_KEY]
    bot = application.bot

    async def fetch(offset: int | None, long_poll: int) -> list[dict[str, Any]]:
        """getUpdates' raw JSON: each update is parsed once, when it is handled, and stored as it came."""
        # raw on purpose, so PTB's advice to call get_updates is silenced (again each time: test runners
        # reset the filters; adding the same filter twice keeps one)
        warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)
        updates: list[dict[str, Any]] = await bot.do_api_request(
            "getUpdates", {"offset": offset, "timeout": long_poll, "allowed_updates": list(ALLOWED_UPDATES)},
            read_timeout=long_poll + 10)
        return updates

    async def process(data: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(data, bot))

    feed = Feed(fetch, process, update_id=lambda data: int(data["update_id"]),
                dump=lambda data: json.dumps(data, separators=(",", ":")).encode(), load=json.loads)

    async with application:  # initialize (getMe) … shutdown
        await publish_commands(bot)
        await publish_profile(bot, settings)
        with suppress(TelegramError):
            await bot.delete_webhook(drop_pending_updates=False)
        await application.start()
        stop = asyncio.Event()
        polling = asyncio.ensure_future(poll(feed, Inbox(engine.db, engine.sealer), long_poll=settings.poll_timeout,
                                             stop=stop))
        try:
            yield polling
        finally:
            stop.set()  # updates in hand finish and are confirmed; waiting for new ones stops
            try:
                await asyncio.wait_for(asyncio.shield(polling), 30)
            except TimeoutError:
                polling.cancel()
            except Exception:  # polling stopped on its own (a 401, a 409): serve reports it
                pass
            with suppress(RuntimeError):
                await application.stop()
            await door.drain()


def run_ptb(settings: Settings) -> int:
    """``goldcard-bot run``: migrate, publish the command menu, poll until SIGINT/SIGTERM."""
    return asyncio.run(serve(settings, running_ptb))
