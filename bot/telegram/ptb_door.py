"""The python-telegram-bot (v22) port, the default for ``goldcard-bot run``: long polling.

Thin on purpose: :class:`PtbPort` does with PTB what :class:`~bot.telegram.core.Port` names (getUpdates as raw
JSON, send, edit, answer a callback or an inline query, download, forum topics, the profile); reading each
update, the delivery and polling are the door core's (:mod:`bot.telegram.core`). Private chats are served
(answers are personal data), and the help desk's staff group (``STAFF_CHAT_ID``: its forum topics, created
here); inline queries get the FAQ's answer cards.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

import orjson
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    LinkPreviewOptions,
    MenuButtonCommands,
    Message,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.events import FileRef
from bot.engine.intake import FetchFailed, with_retries
from bot.helpdesk.events import TopicAction
from bot.helpdesk.inline import InlineArticle
from bot.telegram.aiohttp_request import AiohttpRequest, JsonBody
from bot.telegram.bot_api_json import button_json, send_message_json
from bot.telegram.core import DoorCore, door_core, polling, publishing
from bot.telegram.door import ALLOWED_UPDATES
from bot.telegram.errors import RetryLater
from bot.telegram.render import Keyboard, OutgoingMessage
from bot.telegram.serve import serve
from bot.telegram.updates import Json

SERVER_ERROR_RETRY = 1.0  # seconds before sending again after a server error or a timeout
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class PtbPort:
    """The door's Bot API calls, made with PTB on the project's transport (``AiohttpRequest``, as
    :func:`ptb_bot` builds it: text messages go out as the JSON it posts as it is)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def get_updates(self, offset: int | None, long_poll: int, limit: int = 100) -> list[Json]:
        """getUpdates' raw JSON: each update is read once, when it is handled, and stored as it came. Posted as
        one JSON body through PTB's getUpdates transport and error mapping, and decoded with orjson (PTB's
        ``do_api_request`` would build a parameter object per argument and decode with the standard json)."""
        parameters: dict[str, Any] = {"timeout": long_poll, "allowed_updates": ALLOWED_UPDATES, "limit": limit}
        if offset is not None:
            parameters["offset"] = offset
        request = self.bot._request[0]  # PTB's getUpdates request (its own connection), as Bot._do_post picks it
        payload = await request._request_wrapper(f"{self.bot.base_url}/getUpdates", "POST",
                                                 JsonBody(orjson.dumps(parameters)).as_request_data(),
                                                 read_timeout=long_poll + 10)
        try:
            updates: list[Json] = orjson.loads(payload)["result"]
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:  # as PTB's parse_json_payload reports it
            raise TelegramError("Invalid server response") from exc
        return updates

    async def send(self, chat_id: int, message: OutgoingMessage) -> None:
        thread = message.thread_id  # a forum topic of the staff group
        try:
            if message.copy_from is not None:  # a photo or file relayed between an applicant and staff
                await self.bot.copy_message(chat_id, message.copy_from[0], message.copy_from[1],
                                            message_thread_id=thread, reply_markup=_markup(message.keyboard))
                return
            if message.attachment is not None:
                attachment = message.attachment
                upload = InputFile(attachment.data)  # its type is known: not guessed from the name (MIME tables)
                upload.filename, upload.mimetype = attachment.filename, attachment.media_type
                if attachment.as_photo:
                    await self.bot.send_photo(chat_id, upload, message_thread_id=thread)
                else:
                    await self.bot.send_document(chat_id, upload, message_thread_id=thread)
                return
            # the Bot API's JSON made once, no PTB object either way (bot.telegram.bot_api_json, issue 22); the
            # reply is not decoded: nobody reads the sent Message, PTB's wrapper still maps an error status
            await self.bot.request._request_wrapper(f"{self.bot.base_url}/sendMessage", "POST",
                                                    JsonBody(send_message_json(chat_id, message)).as_request_data())
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc)) from exc
        except BadRequest:  # a subclass of NetworkError in PTB, but sending it again would not help
            raise
        except NetworkError as exc:  # 5xx from Telegram, a timeout, a dropped connection: try again shortly
            raise RetryLater(SERVER_ERROR_RETRY) from exc

    async def edit(self, chat_id: int, message_id: int, html: str | None, keyboard: Keyboard = ()) -> None:
        if html is None:
            await self.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
        else:
            await self.bot.edit_message_text(html, chat_id, message_id, parse_mode=ParseMode.HTML,
                                             link_preview_options=NO_PREVIEW, reply_markup=_markup(keyboard))

    async def chat_action(self, chat_id: int, action: str) -> None:
        await self.bot.send_chat_action(chat_id, action)

    async def delete(self, chat_id: int, message_id: int) -> None:
        await self.bot.delete_message(chat_id, message_id)

    async def answer_callback(self, query_id: str, text: str | None) -> Any:
        return await self.bot.answer_callback_query(query_id, text=text)

    async def answer_inline(self, query_id: str, articles: list[InlineArticle], cache_seconds: int) -> None:
        await self.bot.answer_inline_query(query_id, [inline_result(article) for article in articles],
                                           cache_time=cache_seconds, is_personal=False)

    def message_html(self, message: Json) -> str | None:
        return Message.de_json(message, self.bot).text_html

    async def fetch(self, file: FileRef) -> bytes:
        async def once() -> bytearray:
            remote = await self.bot.get_file(file.file_id)
            return await remote.download_as_bytearray()

        try:
            return await with_retries(once, (TimedOut, NetworkError))
        except TelegramError as exc:
            raise FetchFailed(type(exc).__name__) from None

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

    async def set_commands(self, commands: list[tuple[str, str]], language_code: str | None = None,
                           chat_id: int | None = None) -> None:
        await self.bot.set_my_commands([BotCommand(name, text) for name, text in commands],
                                       scope=BotCommandScopeChat(chat_id) if chat_id is not None else None,
                                       language_code=language_code)

    async def set_descriptions(self, description: str, short_description: str, language_code: str | None) -> None:
        await self.bot.set_my_description(description, language_code=language_code)
        await self.bot.set_my_short_description(short_description, language_code=language_code)

    async def set_menu_button(self) -> None:
        await self.bot.set_chat_menu_button(menu_button=MenuButtonCommands())

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)


def _markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    """The keyboard as PTB's markup, from the Bot API JSON the text messages are sent with (one meaning)."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup.de_json({"inline_keyboard": [[button_json(button) for button in row]
                                                             for row in keyboard]}, None)


def inline_result(article: InlineArticle) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        article.id, article.title,
        InputTextMessageContent(article.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(article.url_label, url=article.url)]]),
        url=article.url, description=article.description)


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after will become a timedelta
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def ptb_bot(settings: Settings) -> Bot:
    """A PTB Bot talking to ``settings.telegram_api_url`` (its Bot API calls through aiohttp)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    api = settings.telegram_api_url.rstrip("/")
    return Bot(settings.telegram_bot_token.get_secret_value(), base_url=f"{api}/bot",
               base_file_url=f"{api}/file/bot", request=AiohttpRequest(),
               get_updates_request=AiohttpRequest(connection_pool_size=1))


def build_ptb_door(settings: Settings, engine: Engine) -> DoorCore:
    """The door core on ``engine`` with a PTB port (the webhook uses it too)."""
    return door_core(settings, engine, PtbPort(ptb_bot(settings)))


@asynccontextmanager
async def running_ptb(settings: Settings, engine: Engine) -> AsyncIterator[asyncio.Future[None]]:
    """Long polling while the block runs (:func:`bot.telegram.core.polling`); on exit, polling stops, updates
    in hand finish, the HTTP client closes. Yields the polling task, which only ends if polling does."""
    core = build_ptb_door(settings, engine)
    port: PtbPort = core.port  # type: ignore[assignment]
    async with port.bot:  # initialize (getMe) … shutdown
        with suppress(TelegramError):
            await port.delete_webhook()
        async with publishing(port, settings), polling(settings, engine, core) as task:
            yield task


def run_ptb(settings: Settings) -> int:
    """``goldcard-bot run``: migrate, publish the command menu, poll until SIGINT/SIGTERM."""
    return asyncio.run(serve(settings, running_ptb))
