"""An outgoing text message as the Bot API's own JSON, without a Telegram library's objects.

Every answer ends in one ``sendMessage``; building it through a library means an object per button, a
dictionary made back from them and each parameter encoded on its own. The door needs none of that: the
message and its keyboard become the Bot API's JSON here, once, and the port posts it as one
``application/json`` body. Both ports' buttons are the same four kinds (:func:`button_json`).
"""

from __future__ import annotations

from typing import Any

import orjson

from bot.telegram.render import KeyboardButton, OutgoingMessage
from bot.webapp.chat import web_app_url

NO_PREVIEW = {"is_disabled": True}


def button_json(button: KeyboardButton) -> dict[str, Any]:
    """An ``InlineKeyboardButton``: tap-to-copy, the Mini App, a link, or a callback."""
    if button.copy_text is not None:
        return {"text": button.label, "copy_text": {"text": button.copy_text}}
    if (web_app := web_app_url(button.data)) is not None:
        return {"text": button.label, "web_app": {"url": web_app}}
    if button.url is not None:
        return {"text": button.label, "url": button.url}
    return {"text": button.label, "callback_data": button.data}


def send_message_json(chat_id: int, message: OutgoingMessage) -> bytes:
    """``sendMessage``'s body for a text message (HTML, no link preview, its inline keyboard and forum topic)."""
    payload: dict[str, Any] = {"chat_id": chat_id, "text": message.html, "parse_mode": "HTML",
                               "link_preview_options": NO_PREVIEW}
    if message.keyboard:
        payload["reply_markup"] = {"inline_keyboard": [[button_json(button) for button in row]
                                                       for row in message.keyboard]}
    if message.thread_id is not None:
        payload["message_thread_id"] = message.thread_id
    return orjson.dumps(payload)  # compact UTF-8
