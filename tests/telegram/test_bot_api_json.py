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


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")  # raised inside PTB's RetryAfter
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


async def test_the_ptb_port_polls_with_one_json_body_on_its_own_connection() -> None:
    """getUpdates goes through the polling request (not the sending one) as one JSON body, without an offset
    before the first update; its updates come back as the Bot API's JSON; a reply that is not JSON is PTB's
    "Invalid server response", an error status PTB's error."""
    from telegram import Bot
    from telegram.error import Conflict, TelegramError

    from bot.telegram.aiohttp_request import AiohttpRequest, JsonBody
    from bot.telegram.door import ALLOWED_UPDATES
    from bot.telegram.ptb_door import PtbPort

    update = {"update_id": 5, "message": {"message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"},
                                          "text": "王"}}
    replies = [(200, json.dumps({"ok": True, "result": [update]}).encode()), (200, b"<html>"),
               (409, b'{"ok":false,"description":"Conflict: terminated by other getUpdates request"}')]
    posted: list[tuple[str, dict[str, object], object]] = []

    class Canned(AiohttpRequest):
        async def do_request(self, url: str, method: str, request_data: object = None,
                             *_args: object, **kwargs: object) -> tuple[int, bytes]:
            assert isinstance(request_data, JsonBody)
            posted.append((url, json.loads(request_data.payload), kwargs.get("read_timeout")))
            return replies.pop(0)

    class Unused(AiohttpRequest):
        async def do_request(self, *_args: object, **_kwargs: object) -> tuple[int, bytes]:
            raise AssertionError("getUpdates on the sending connection")

    port = PtbPort(Bot("123:ABC", base_url="http://127.0.0.1/bot", request=Unused(), get_updates_request=Canned()))
    assert await port.get_updates(None, 30) == [update]
    with pytest.raises(TelegramError, match="Invalid server response"):
        await port.get_updates(6, 0, 1)
    with pytest.raises(Conflict):
        await port.get_updates(6, 30, 40)
    url = "http://127.0.0.1/bot123:ABC/getUpdates"
    allowed = list(ALLOWED_UPDATES)
    assert posted == [(url, {"timeout": 30, "allowed_updates": allowed, "limit": 100}, 40),
                      (url, {"timeout": 0, "allowed_updates": allowed, "limit": 1, "offset": 6}, 10),
                      (url, {"timeout": 30, "allowed_updates": allowed, "limit": 40, "offset": 6}, 40)]


async def test_the_ptb_port_sends_a_file_with_its_name_and_its_known_type(monkeypatch: pytest.MonkeyPatch) -> None:
    """The document's media type is the attachment's, not guessed from its name (which would load the
    system's MIME tables into the process for nothing)."""
    import mimetypes

    from telegram import Bot
    from telegram.request import RequestData

    from bot.engine.events import Attachment
    from bot.telegram.aiohttp_request import AiohttpRequest
    from bot.telegram.ptb_door import PtbPort

    parts: list[tuple[str, dict[str, object]]] = []

    class Canned(AiohttpRequest):
        async def do_request(self, url: str, method: str, request_data: object = None,
                             *_args: object, **_kwargs: object) -> tuple[int, bytes]:
            assert isinstance(request_data, RequestData)
            parts.append((url, dict(request_data.multipart_data)))
            return 200, json.dumps({"ok": True, "result": {
                "message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"},
                "document": {"file_id": "f", "file_unique_id": "u"}}}).encode()

    port = PtbPort(Bot("123:ABC", base_url="http://127.0.0.1/bot", request=Canned(), get_updates_request=Canned()))
    def guessed(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the media type was guessed from the file name")

    monkeypatch.setattr(mimetypes, "guess_type", guessed)
    sheet = Attachment(b"%PDF-1.7 ...", "copy-sheet.pdf", "application/pdf")
    bundle = Attachment(b"PK\x03\x04 ...", "goldcard-export-2026-12-06.zip", "application/zip")
    await port.send(7, OutgoingMessage("", attachment=sheet))
    await port.send(7, OutgoingMessage("", attachment=bundle))
    url = "http://127.0.0.1/bot123:ABC/sendDocument"
    assert parts == [
        (url, {"document": ("copy-sheet.pdf", b"%PDF-1.7 ...", "application/pdf")}),
        (url, {"document": ("goldcard-export-2026-12-06.zip", b"PK\x03\x04 ...", "application/zip")}),
    ]
