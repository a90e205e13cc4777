"""A text message as the Bot API's JSON (bot/telegram/bot_api_json.py): what both ports send."""

from __future__ import annotations

import json

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
