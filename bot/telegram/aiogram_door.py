"""The aiogram 3 port (``goldcard-bot run --transport aiogram``): long polling.

aiogram is an optional extra (``goldcard-guide[aiogram]``) and slow to import, so it is imported here only.
Same behaviour as :mod:`bot.telegram.ptb_door`: :class:`AiogramPort` does with aiogram what
:class:`~bot.telegram.core.Port` names; reading each update, the delivery and polling are the door core's
(:mod:`bot.telegram.core`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    MenuButtonCommands,
    Message,
)

from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.events import FileRef
from bot.engine.intake import FetchFailed, with_retries
from bot.helpdesk.events import TopicAction
from bot.helpdesk.inline import InlineArticle
from bot.ops.startup import BotApiError
from bot.telegram.bot_api_json import button_json
from bot.telegram.core import door_core, polling, publishing
from bot.telegram.door import ALLOWED_UPDATES
from bot.telegram.errors import RetryLater
from bot.telegram.render import Keyboard, KeyboardButton, OutgoingMessage
from bot.telegram.serve import serve
from bot.telegram.updates import Json

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class AiogramPort:
    """The door's Bot API calls, made with aiogram."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def get_updates(self, offset: int | None, long_poll: int, limit: int = 100) -> list[Json]:
        """getUpdates' raw JSON through aiogram's HTTP session: each update is read once, by the door core, so
        an update aiogram's models would refuse never stops polling."""
        if not isinstance(self.bot.session, AiohttpSession):
            raise TypeError("the aiogram port polls through an AiohttpSession")
        session = await self.bot.session.create_session()
        url = self.bot.session.api.api_url(token=self.bot.token, method="getUpdates")
        params = {"timeout": long_poll, "allowed_updates": list(ALLOWED_UPDATES), "limit": limit,
                  **({"offset": offset} if offset is not None else {})}
        async with session.post(url, json=params, timeout=aiohttp.ClientTimeout(total=long_poll + 10)) as response:
            body = await response.json(content_type=None)
        if not isinstance(body, dict) or not body.get("ok") or not isinstance(body.get("result"), list):
            body = body if isinstance(body, dict) else {}
            raise BotApiError(int(body.get("error_code") or response.status), str(body.get("description", "")))
        return [update for update in body["result"] if isinstance(update, dict)]

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
                                        reply_markup=markup, message_thread_id=thread, link_preview_options=NO_PREVIEW)
        except TelegramRetryAfter as exc:
            raise RetryLater(float(exc.retry_after)) from exc
        except (TelegramNetworkError, TelegramServerError, TimeoutError) as exc:  # try again shortly
            raise RetryLater(1.0) from exc

    async def edit(self, chat_id: int, message_id: int, html: str | None, keyboard: Keyboard = ()) -> None:
        if html is None:
            await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        else:
            markup = InlineKeyboardMarkup(inline_keyboard=[[_inline_button(button) for button in row]
                                                           for row in keyboard]) if keyboard else None
            await self.bot.edit_message_text(text=html, chat_id=chat_id, message_id=message_id,
                                             parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                             reply_markup=markup)

    async def chat_action(self, chat_id: int, action: str) -> None:
        await self.bot.send_chat_action(chat_id=chat_id, action=action)

    async def delete(self, chat_id: int, message_id: int) -> None:
        await self.bot.delete_message(chat_id=chat_id, message_id=message_id)

    async def answer_callback(self, query_id: str, text: str | None) -> Any:
        return await self.bot.answer_callback_query(query_id, text=text)

    async def answer_inline(self, query_id: str, articles: list[InlineArticle], cache_seconds: int) -> None:
        await self.bot.answer_inline_query(inline_query_id=query_id,
                                           results=[inline_result(article) for article in articles],
                                           cache_time=cache_seconds, is_personal=False)

    def message_html(self, message: Json) -> str | None:
        return Message.model_validate(message, context={"bot": self.bot}).html_text

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

    async def set_commands(self, commands: list[tuple[str, str]], language_code: str | None = None,
                           chat_id: int | None = None) -> None:
        await self.bot.set_my_commands([BotCommand(command=name, description=text) for name, text in commands],
                                       scope=BotCommandScopeChat(chat_id=chat_id) if chat_id is not None else None,
                                       language_code=language_code)

    async def set_descriptions(self, description: str, short_description: str, language_code: str | None) -> None:
        await self.bot.set_my_description(description=description, language_code=language_code)
        await self.bot.set_my_short_description(short_description=short_description, language_code=language_code)

    async def set_menu_button(self) -> None:
        await self.bot.set_chat_menu_button(menu_button=MenuButtonCommands())

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)


def _inline_button(button: KeyboardButton) -> InlineKeyboardButton:
    """The button as aiogram's model, from the Bot API JSON both ports share (``bot.telegram.bot_api_json``)."""
    return InlineKeyboardButton.model_validate(button_json(button))


def inline_result(article: InlineArticle) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=article.id, title=article.title, description=article.description, url=article.url,
        input_message_content=InputTextMessageContent(message_text=article.html, parse_mode=ParseMode.HTML,
                                                      link_preview_options=NO_PREVIEW),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=article.url_label,
                                                                                 url=article.url)]]))


def aiogram_bot(settings: Settings) -> Bot:
    """An aiogram Bot talking to ``settings.telegram_api_url``."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(settings.telegram_bot_token.get_secret_value(), session=session)


@asynccontextmanager
async def running_aiogram(settings: Settings, engine: Engine) -> AsyncIterator[asyncio.Future[None]]:
    """Long polling while the block runs (:func:`bot.telegram.core.polling`); on exit, polling stops, updates
    in hand finish, the HTTP session closes. Yields the polling task (it ends early only if polling fails)."""
    port = AiogramPort(aiogram_bot(settings))
    core = door_core(settings, engine, port)
    try:
        await port.delete_webhook()
        async with publishing(port, settings), polling(settings, engine, core) as task:
            yield task
    finally:
        await port.bot.session.close()


async def run_aiogram(settings: Settings) -> int:
    """``goldcard-bot run --transport aiogram``: migrate, publish the command menu, poll until
    SIGINT/SIGTERM."""
    return await serve(settings, running_aiogram)
