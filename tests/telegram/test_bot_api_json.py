"""A text message as the Bot API's JSON (bot/telegram/bot_api_json.py): what both ports send."""

from __future__ import annotations

import json

import pytest

from bot.telegram.bot_api_json import button_json, send_message_json
from bot.telegram.render import KeyboardButton, OutgoingMessage


def test_a_message_with_every_kind_of_button_in_a_forum_topic() -> None:
    message = OutgoingMessage("<b>王</b> & co", thread_id=42, keyboard=(
        (KeyboardButton("Yes", "3|yes"), KeyboardButton("Copy", "", copy_text="A123")),
        (KeyboardButton("Desk", "webapp:https://desk.example.org/"), KeyboardButton("Site", "", url="https://x.tw")),
    ))
    assert json.loads(send_message_json(7, message)) == {
        "chat_id": 7, "text": "<b>王</b> & co", "parse_mode": "HTML", "link_preview_options": {"is_disabled": True},
        "message_thread_id": 42,
        "reply_markup": {"inline_keyboard": [
            [{"text": "Yes", "callback_data": "3|yes"}, {"text": "Copy", "copy_text": {"text": "A123"}}],
            [{"text": "Desk", "web_app": {"url": "https://desk.example.org/"}}, {"text": "Site", "url": "https://x.tw"}],
        ]}}
    assert "王".encode() in send_message_json(7, message)  # UTF-8 as it is, not \\u escapes


def test_a_plain_message_names_no_keyboard_and_no_topic() -> None:
    body = json.loads(send_message_json(7, OutgoingMessage("Saved")))
    assert "reply_markup" not in body and "message_thread_id" not in body
    assert button_json(KeyboardButton("Menu", "1|menu")) == {"text": "Menu", "callback_data": "1|menu"}


async def test_the_ptb_port_sends_the_json_and_does_not_decode_the_reply() -> None:
    """A sent text message's reply (the Message) is never read: the port does not decode it (here it is not
    even JSON), and an error status still raises what the door retries on."""
    from telegram import Bot

    from bot.telegram.aiohttp_request import AiohttpRequest, JsonBody
    from bot.telegram.errors import RetryLater
    from bot.telegram.ptb_door import PtbPort

    replies = [(200, b"<not JSON>"), (429, b'{"ok":false,"parameters":{"retry_after":2}}')]
    posted: list[tuple[str, bytes]] = []

    class Canned(AiohttpRequest):
        async def do_request(self, url: str, method: str, request_data: object = None,
                             *_args: object, **_kwargs: object) -> tuple[int, bytes]:
            assert isinstance(request_data, JsonBody)
            posted.append((url, request_data.payload))
            return replies.pop(0)

    port = PtbPort(Bot("123:ABC", base_url="http://127.0.0.1/bot", request=Canned(), get_updates_request=Canned()))
    message = OutgoingMessage("Hi", ((KeyboardButton("Yes", "1|c:0"),),))
    await port.send(7, message)
    with pytest.raises(RetryLater) as retry:
        await port.send(7, message)
    assert retry.value.seconds == 2
    assert posted == [("http://127.0.0.1/bot123:ABC/sendMessage", send_message_json(7, message))] * 2
