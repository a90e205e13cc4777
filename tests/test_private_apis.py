"""Private APIs the bot relies on, held to the versions they were checked against: an upgrade fails here,
loudly, until the code that uses them has been checked again (then update the versions below and
constraints.txt)."""

from __future__ import annotations

from importlib.metadata import version

import pytest

# package → (version checked, the code that uses its private API, what to re-check)
CHECKED = {
    "python-telegram-bot": ("22.8", "bot/telegram/aiohttp_request.py",
                            "telegram._utils.defaultvalue.DefaultValue and telegram._utils.types.ODVInput "
                            "(PTB's BaseRequest signature); BaseRequest.post and _request_wrapper handing "
                            "request_data to do_request untouched (JsonBody), _request_wrapper returning a 2xx body "
                            "as it is and raising PTB's errors otherwise; Bot._request[0] the getUpdates request "
                            "(bot/telegram/ptb_door.py)"),
    "aiosqlite": ("0.22.1", "storage/sqlite_inline.py", "Connection._connection, _conn, _tx and the thread loop"),
}


@pytest.mark.parametrize("package", sorted(CHECKED))
def test_private_apis_are_used_only_with_the_versions_they_were_checked_against(package: str) -> None:
    checked, where, what = CHECKED[package]
    assert version(package) == checked, (
        f"{package} is {version(package)}, but {where} uses its private API ({what}), checked against {checked}: "
        f"check that code against the new version, then update tests/test_private_apis.py and constraints.txt")


def test_the_private_names_still_exist() -> None:
    from telegram import Bot
    from telegram._utils.defaultvalue import DefaultValue
    from telegram._utils.types import ODVInput

    from bot.telegram.aiohttp_request import AiohttpRequest

    assert DefaultValue is not None and ODVInput is not None
    polling, sending = AiohttpRequest(connection_pool_size=1), AiohttpRequest()
    bot = Bot("123:ABC", request=sending, get_updates_request=polling)
    assert bot._request == (polling, sending)  # PtbPort.get_updates posts through the first


async def test_ptb_hands_the_request_body_to_the_transport_untouched() -> None:
    """``PtbPort.send`` posts its own JSON (``JsonBody``) through ``BaseRequest.post``: PTB must pass it on."""
    from bot.telegram.aiohttp_request import AiohttpRequest, JsonBody

    seen: list[object] = []

    class Recording(AiohttpRequest):
        async def do_request(self, url: str, method: str, request_data: object = None,
                             *_args: object, **_kwargs: object) -> tuple[int, bytes]:
            seen.append(request_data)
            return 200, b'{"ok":true,"result":true}'

    body = JsonBody(b'{"chat_id":1}')
    assert await Recording().post("http://127.0.0.1/botX/sendMessage", body.as_request_data()) is True
    assert seen == [body]


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")  # raised inside PTB's RetryAfter
async def test_ptb_request_wrapper_returns_the_body_and_maps_errors() -> None:
    """``PtbPort.send`` posts through ``BaseRequest._request_wrapper`` and does not decode the reply: a 2xx
    body comes back as it is, an error status raises PTB's error (a 429 its ``RetryAfter``)."""
    from telegram.error import BadRequest, RetryAfter

    from bot.telegram.aiohttp_request import AiohttpRequest, JsonBody

    replies = [(200, b"not even JSON"), (429, b'{"ok":false,"parameters":{"retry_after":3}}'),
               (400, b'{"ok":false,"description":"Bad Request: chat not found"}')]
    seen: list[object] = []

    class Canned(AiohttpRequest):
        async def do_request(self, url: str, method: str, request_data: object = None,
                             *_args: object, **_kwargs: object) -> tuple[int, bytes]:
            seen.append((method, request_data))
            return replies.pop(0)

    body = JsonBody(b'{"chat_id":1}')
    request = Canned()
    url = "http://127.0.0.1/botX/sendMessage"
    assert await request._request_wrapper(url, "POST", body.as_request_data()) == b"not even JSON"
    with pytest.raises(RetryAfter):
        await request._request_wrapper(url, "POST", body.as_request_data())
    with pytest.raises(BadRequest):
        await request._request_wrapper(url, "POST", body.as_request_data())
    assert seen == [("POST", body)] * 3
