"""The aiogram 3 door (``goldcard-bot run --transport aiogram``): long polling.

aiogram is an optional extra (``goldcard-guide[aiogram]``) and slow to import, so it is imported here
only. Same behaviour as :mod:`bot.telegram.ptb_door`: updates become engine Events with the helpers of
:mod:`bot.telegram.render`, the shared :class:`~bot.telegram.door.TelegramDoor` handles them, this
module sends the door's messages with aiogram. Each update runs as its own task; private chats and the
help desk's staff group are served, and inline queries get the FAQ's answer cards.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatType, ParseMode
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.filters import Command
from aiogram.methods import GetUpdates
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    MenuButtonCommands,
    Message,
    Update,
    WebAppInfo,
)

from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.events import FileRef
from bot.engine.intake import FetchFailed, with_retries
from bot.helpdesk.config import DeskConfig
from bot.helpdesk.events import TopicAction
from bot.helpdesk.inline import InlineArticle
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
DOOR_KEY = "goldcard_door"
INLINE_CACHE_SECONDS = 300


class AiogramOutbox:
    """Sends the door's messages with aiogram."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        markup = InlineKeyboardMarkup(inline_keyboard=[
            [_inline_button(button) for button in row] for row in message.keyboard
        ]) if message.keyboard else None
        thread = message.thread_id  # a forum topic of the staff group
        try:
            if message.copy_from is not None:  # a photo or file relayed between an applicant and staff
                await self.bot.copy_message(chat_id=chat_id, from_chat_id=message.copy_from[0],
                                            message_id=message.copy_from[1], message_thread_id=thread,
                                            reply_markup=markup)
                return
            if message.attachment is not None:
                attachment = message.attachment
                upload = BufferedInputFile(attachment.data, filename=attachment.filename)
                if attachment.as_photo:
                    await self.bot.send_photo(chat_id=chat_id, photo=upload, message_thread_id=thread)
                else:
                    await self.bot.send_document(chat_id=chat_id, document=upload, message_thread_id=thread)
                return
            await self.bot.send_message(chat_id=chat_id, text=message.html, parse_mode=ParseMode.HTML,
                                        reply_markup=markup, message_thread_id=thread,
                                        link_preview_options=LinkPreviewOptions(is_disabled=True))
        except TelegramRetryAfter as exc:
            raise RetryLater(float(exc.retry_after)) from exc
        except (TelegramNetworkError, TelegramServerError, TimeoutError) as exc:  # try again shortly
            raise RetryLater(1.0) from exc


    async def edit(self, chat_id: int, message_id: int, html: str | None) -> None:
        if html is None:
            await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        else:
            await self.bot.edit_message_text(text=html, chat_id=chat_id, message_id=message_id,
                                             parse_mode=ParseMode.HTML,
                                             link_preview_options=LinkPreviewOptions(is_disabled=True))

    async def chat_action(self, chat_id: int, action: str) -> None:
        await self.bot.send_chat_action(chat_id=chat_id, action=action)


def _inline_button(button: KeyboardButton) -> InlineKeyboardButton:
    if button.copy_text is not None:
        return InlineKeyboardButton(text=button.label, copy_text=CopyTextButton(text=button.copy_text))
    if (web_app := web_app_url(button.data)) is not None:
        return InlineKeyboardButton(text=button.label, web_app=WebAppInfo(url=web_app))
    if button.url is not None:
        return InlineKeyboardButton(text=button.label, url=button.url)
    return InlineKeyboardButton(text=button.label, callback_data=button.data)


class AiogramTopics:
    """Forum topics of the staff group (the bot must be an admin allowed to manage topics)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def create(self, chat_id: int, name: str) -> int:
        topic = await self.bot.create_forum_topic(chat_id=chat_id, name=name)
        return int(topic.message_thread_id)

    async def change(self, chat_id: int, topic_id: int, action: TopicAction) -> None:
        if action is TopicAction.CLOSE:
            await self.bot.close_forum_topic(chat_id=chat_id, message_thread_id=topic_id)
        elif action is TopicAction.REOPEN:
            await self.bot.reopen_forum_topic(chat_id=chat_id, message_thread_id=topic_id)
        else:
            await self.bot.delete_forum_topic(chat_id=chat_id, message_thread_id=topic_id)


def inline_result(article: InlineArticle) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=article.id, title=article.title, description=article.description, url=article.url,
        input_message_content=InputTextMessageContent(
            message_text=article.html, parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True)),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=article.url_label,
                                                                                 url=article.url)]]))


class AiogramMessageRemover:
    """Deletes a user's message (a typed password idea) from the chat."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def delete(self, chat_id: int, message_id: int) -> None:
        await self.bot.delete_message(chat_id=chat_id, message_id=message_id)


class AiogramFetcher:
    """Downloads a user's file (getFile, then the file URL), retrying timeouts and server errors."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, file: FileRef) -> bytes:
        async def once() -> bytes:
            remote = await self.bot.get_file(file.file_id)
            if remote.file_path is None:
                raise FetchFailed("no file path")
            buffer = await self.bot.download_file(remote.file_path)
            if buffer is None:
                raise FetchFailed("empty download")
            return buffer.read()

        try:
            return await with_retries(once, (TelegramNetworkError, TelegramServerError, TimeoutError))
        except TelegramAPIError as exc:
            raise FetchFailed(type(exc).__name__) from None


class AiogramHandlers:
    """aiogram handlers: each builds an Event and hands it to the door, nothing else."""

    def __init__(self, bot: Bot, door: TelegramDoor, staff_chat_id: int | None = None) -> None:
        self.bot = bot
        self.door = door
        self.staff_chat_id = staff_chat_id

    async def on_staff_text(self, message: Message, event_update: Update) -> None:
        """A message in the help desk's staff group (a reply in a ticket's topic, /close, /tickets …)."""
        user = message.from_user
        if user is None or message.text is None or user.is_bot:
            return
        await self.door.deliver(staff_text_event(event_update.update_id, user.id, message.chat.id, message.text,
                                                 topic_of(message), language_code=user.language_code,
                                                 user_name=user.first_name, message_id=message.message_id))

    async def on_inline(self, query: InlineQuery) -> None:
        async def answer(articles: list[InlineArticle]) -> None:
            await self.bot.answer_inline_query(inline_query_id=query.id,
                                               results=[inline_result(article) for article in articles],
                                               cache_time=INLINE_CACHE_SECONDS, is_personal=False)

        await self.door.answer_inline(query.query, query.from_user.language_code, answer)

    async def on_text(self, message: Message, event_update: Update) -> None:
        """Typed text and commands (``/start lang_zh``, ``/help@bot``): the engine parses commands."""
        user = message.from_user
        if user is None or message.text is None:
            return
        await self.door.deliver(text_event(event_update.update_id, user.id, message.chat.id, message.text,
                                           language_code=user.language_code, user_name=user.first_name,
                                           message_id=message.message_id))

    async def on_file(self, message: Message, event_update: Update) -> None:
        user = message.from_user
        if user is None:
            return
        file = file_ref_of(message)
        if file is None:
            return
        await self.door.deliver(file_event(event_update.update_id, user.id, message.chat.id, file,
                                           caption=message.caption, language_code=user.language_code,
                                           user_name=user.first_name, message_id=message.message_id))

    async def on_staff_file(self, message: Message, event_update: Update) -> None:
        """A photo or document in the staff group (in a ticket's topic: copied to the applicant)."""
        user = message.from_user
        file = file_ref_of(message)
        if user is None or user.is_bot or file is None:
            return
        await self.door.deliver(staff_file_event(event_update.update_id, user.id, message.chat.id, file,
                                                 topic_of(message), caption=message.caption,
                                                 language_code=user.language_code, user_name=user.first_name,
                                                 message_id=message.message_id))

    async def on_edited(self, message: Message, event_update: Update) -> None:
        """An applicant edited a text message: staff see it while the applicant talks to them."""
        user = message.from_user
        if user is None or message.text is None:
            return
        await self.door.deliver(edited_text_event(event_update.update_id, user.id, message.chat.id, message.text,
                                                  language_code=user.language_code, user_name=user.first_name,
                                                  message_id=message.message_id))

    async def on_button(self, callback: CallbackQuery, event_update: Update) -> None:
        def acknowledge(toast: str | None) -> Awaitable[bool]:  # runs beside the engine
            return self.bot.answer_callback_query(callback.id, text=toast)

        if callback.data is None:
            await acknowledge(None)
            return
        user = callback.from_user
        chat_id = callback.message.chat.id if callback.message is not None else user.id
        if self.staff_chat_id is not None and chat_id == self.staff_chat_id:
            await self.door.deliver(staff_button_event(event_update.update_id, user.id, chat_id, callback.data,
                                                       topic_of(callback.message), language_code=user.language_code,
                                                       user_name=user.first_name), acknowledge=acknowledge)
            return
        pressed = callback.message if isinstance(callback.message, Message) else None
        await self.door.deliver(button_event(event_update.update_id, user.id, chat_id, callback.data,
                                             language_code=user.language_code, user_name=user.first_name,
                                             message_id=pressed.message_id if pressed is not None else None),
                                acknowledge=acknowledge, pressed_html=pressed.html_text if pressed is not None and
                                pressed.text else None)

    async def on_unsupported(self, message: Message) -> None:
        user = message.from_user
        if user is None:
            return
        await self.door.tell(user.id, message.chat.id, UNSUPPORTED_MESSAGE, user.language_code)


async def _on_whoami(message: Message) -> None:
    if message.from_user is not None:
        await message.answer(whoami_reply(message.chat.id, message.from_user.id, message.from_user.language_code),
                             parse_mode=ParseMode.HTML)


def build_aiogram(settings: Settings, engine: Engine) -> tuple[Bot, Dispatcher]:
    """An aiogram Bot talking to ``settings.telegram_api_url`` and a Dispatcher wired to ``engine``."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    bot = Bot(settings.telegram_bot_token.get_secret_value(), session=session)
    door = TelegramDoor(engine, AiogramOutbox(bot), settings.default_locale, remover=AiogramMessageRemover(bot),
                        limiter=limiter_of(settings), desk=DeskConfig.from_settings(settings),
                        topics=AiogramTopics(bot))
    engine.services.fetcher = AiogramFetcher(bot)
    handlers = AiogramHandlers(bot, door, settings.staff_chat_id)
    router = Router(name="goldcard")
    router.message.register(_on_whoami, Command("whoami"))  # any chat: the help desk's set-up
    private = F.chat.type == ChatType.PRIVATE
    router.message.register(handlers.on_text, private, F.text)
    router.message.register(handlers.on_file, private, F.document | F.photo)
    router.message.register(handlers.on_unsupported, private, has_unsupported_content)
    router.edited_message.register(handlers.on_edited, private, F.text)
    if settings.staff_chat_id is not None:
        router.message.register(handlers.on_staff_text, F.chat.id == settings.staff_chat_id, F.text)
        router.message.register(handlers.on_staff_file, F.chat.id == settings.staff_chat_id, F.document | F.photo)
    router.callback_query.register(handlers.on_button)
    router.inline_query.register(handlers.on_inline)
    dispatcher = Dispatcher(name="goldcard")
    dispatcher.include_router(router)
    dispatcher[DOOR_KEY] = door
    return bot, dispatcher


async def publish_commands(bot: Bot) -> None:
    """The command menu in English (default) and Traditional Chinese (``language_code="zh"``)."""
    for menu in command_menus():
        try:
            await bot.set_my_commands([BotCommand(command=name, description=text) for name, text in menu.commands],
                                      language_code=menu.language_code)
        except TelegramAPIError as exc:  # the menu is a convenience: never stop the bot for it
            _log.warning("setMyCommands(%s) failed: %s", menu.language_code or "default", describe(exc))


async def publish_profile(bot: Bot, settings: Settings) -> None:
    """Description and short description per language, the menu button, the staff group's own commands."""
    for profile in profiles():
        try:
            await bot.set_my_description(description=profile.description, language_code=profile.language_code)
            await bot.set_my_short_description(short_description=profile.short_description,
                                               language_code=profile.language_code)
        except TelegramAPIError as exc:
            _log.warning("the bot's description (%s) failed: %s", profile.language_code or "default", describe(exc))
    try:
        await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
        if settings.staff_chat_id is not None:
            await bot.set_my_commands([BotCommand(command=name, description=text)
                                       for name, text in staff_commands(settings.staff_locale)],
                                      scope=BotCommandScopeChat(chat_id=settings.staff_chat_id))
    except TelegramAPIError as exc:
        _log.warning("the menu button or the staff group's commands failed: %s", describe(exc))


@asynccontextmanager
async def running_aiogram(settings: Settings, engine: Engine) -> AsyncIterator[asyncio.Future[None]]:
    """Long polling while the block runs (bot.telegram.polling: an update is confirmed to Telegram only
    once it is stored in the inbox); on exit, polling stops, updates in hand finish, the HTTP session closes. Yields
    the polling task (it ends early only if polling fails)."""
    bot, dispatcher = build_aiogram(settings, engine)
    door: TelegramDoor = dispatcher[DOOR_KEY]

    async def fetch(offset: int | None, long_poll: int) -> list[Update]:
        return await bot(GetUpdates(offset=offset, timeout=long_poll, allowed_updates=list(ALLOWED_UPDATES)),
                         request_timeout=long_poll + 10)

    async def process(update: Update) -> None:
        await dispatcher.feed_update(bot, update)

    feed = Feed(fetch, process, update_id=lambda update: update.update_id,
                dump=lambda update: update.model_dump_json(by_alias=True, exclude_unset=True).encode(),
                load=lambda payload: Update.model_validate_json(payload, context={"bot": bot}))

    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await publish_commands(bot)
        await publish_profile(bot, settings)
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
            await door.drain()
    finally:
        await bot.session.close()


async def run_aiogram(settings: Settings) -> int:
    """``goldcard-bot run --transport aiogram``: migrate, publish the command menu, poll until
    SIGINT/SIGTERM."""
    return await serve(settings, running_aiogram)
