"""The copy desk's button (data ``webapp:<url>``, bot/webapp/chat.py) goes out as a ``web_app`` button from
both doors, beside ordinary callback buttons."""

from __future__ import annotations

from telegram import Bot as PtbBot

from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.render import KeyboardButton, OutgoingMessage
from tests.telegram.bots import TOKEN
from tests.telegram.fake_bot_api import FakeBotAPI

DESK = "https://desk.example.org/"
MESSAGE = OutgoingMessage("Review", keyboard=((KeyboardButton("📤 Export", "1|export"),),
                                              (KeyboardButton("🖥 Open the copy desk", f"webapp:{DESK}"),)))


def expected_keyboard() -> list[list[dict[str, object]]]:
    return [[{"text": "📤 Export", "callback_data": "1|export"}],
            [{"text": "🖥 Open the copy desk", "web_app": {"url": DESK}}]]


async def test_the_ptb_door_sends_a_web_app_button(fake_api: FakeBotAPI) -> None:
    from bot.telegram.ptb_door import PtbPort

    bot = PtbBot(TOKEN, base_url=f"{fake_api.url}/bot", request=AiohttpRequest())  # as ptb_bot() builds it
    async with bot:
        await PtbPort(bot).send(5, MESSAGE)
    assert fake_api.sent(5)[-1].keyboard == expected_keyboard()


async def test_the_aiogram_door_sends_a_web_app_button(fake_api: FakeBotAPI) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    from bot.telegram.aiogram_door import AiogramPort

    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake_api.url)))
    try:
        await AiogramPort(bot).send(5, MESSAGE)
    finally:
        await bot.session.close()
    assert fake_api.sent(5)[-1].keyboard == expected_keyboard()
