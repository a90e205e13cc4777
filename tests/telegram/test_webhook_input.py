"""The webhook takes only update objects (400 for anything else, never 500), applies one user's updates in
update_id order (a late lower id shows the current question, never lands on the wrong one), and a
redelivered update gets no second reply. Replies to unknown commands quote a short excerpt only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.test_webhook import SECRET, SECRET_HEADER, USER, post, webhook

__all__ = ["webhook"]


async def post_raw(hook: dict[str, Any], body: bytes) -> int:
    async with hook["http"].post(hook["url"], data=body, headers={SECRET_HEADER: SECRET,
                                                                 "Content-Type": "application/json"}) as response:
        return int(response.status)


@pytest.mark.parametrize("body", [b"null", b"[]", b'"update"', b"42", b'{"update_id": "7"}', b'{"update_id": true}',
                                  b'{"update_id": 7, "message": {}}', b'{"update_id": 7, "message": []}',
                                  b"{", b"[" * 100_000 + b"]" * 100_000, b'{"message": {"text": "hi"}}'])
async def test_anything_but_an_update_object_is_400(webhook: dict[str, Any], body: bytes) -> None:
    assert await post_raw(webhook, body) == 400
    assert webhook["engine"].events == []


async def test_redelivery_gets_no_second_reply_and_late_update_is_not_applied(
        webhook: dict[str, Any], fake_api: FakeBotAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storage.inbox_order.SETTLE", 1.0)  # how long the next update waits for the lower id
    first = fake_api.update(fake_api.push_text(USER, "/start lang_en"))
    assert await post(webhook, first) == 200
    count = len(fake_api.sent(USER))
    assert await post(webhook, first) == 200 and await post(webhook, first) == 200
    assert len(fake_api.sent(USER)) == count  # delivered three times, answered once
    lower = fake_api.push_text(USER, "/status")  # sent first, but reaches the worker after the next one
    higher = fake_api.update(fake_api.push_text(USER, "/help"))
    assert await post(webhook, higher) == 200  # waits (bounded) for the lower id, then applies this one
    assert await post(webhook, fake_api.update(lower)) == 200
    assert "arrived after a later one and was not applied" in fake_api.sent(USER)[-1].plain + \
        fake_api.sent(USER)[-2].plain


async def test_unknown_long_command_is_quoted_briefly(webhook: dict[str, Any], fake_api: FakeBotAPI) -> None:
    assert await post(webhook, fake_api.update(fake_api.push_text(USER, "/" + "x" * 4000))) == 200
    replies = fake_api.sent(USER)
    assert len(replies) == 1 and len(replies[0].plain) < 200 and "I do not know the command" in replies[0].plain
