"""Webhook updates, checked and applied in each user's order (``storage.inbox_order``).

:func:`update_object` accepts only a JSON object with an integer ``update_id`` (bounded in size and
depth before parsing); anything else is the webhook's 400. :class:`OrderedDelivery` stores each update
on arrival and lets the worker holding the user's lock apply that user's pending updates, lowest id
first; an update older than one already applied reaches the door with :data:`LATE` set, so the engine
shows the current question instead of applying it out of order.
"""

from __future__ import annotations

import contextvars
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.json_limits import JsonRefused, loads_bounded
from storage.inbox_order import OrderedInbox

_log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024
MAX_DEPTH = 64  # Telegram's updates nest far less (a reply's quoted message, entities, users)
LATE: contextvars.ContextVar[bool] = contextvars.ContextVar("goldcard_late_update", default=False)
USER_KINDS = ("message", "edited_message", "callback_query", "inline_query", "chosen_inline_result",
              "my_chat_member", "chat_member", "message_reaction", "pre_checkout_query", "shipping_query")


def update_object(body: bytes) -> dict[str, Any] | None:
    """The update in ``body``; None when it is not an update object."""
    try:
        data = loads_bounded(body, max_bytes=MAX_BODY, max_depth=MAX_DEPTH)
    except JsonRefused:
        return None
    if not isinstance(data, dict):
        return None
    number = data.get("update_id")
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        return None
    if any(kind in data and not isinstance(data[kind], dict) for kind in USER_KINDS):
        return None
    return data


def user_of(data: dict[str, Any]) -> int | None:
    """Whose update it is (its order matters), if anyone's."""
    for kind in USER_KINDS:
        sender = data.get(kind, {}).get("from") if isinstance(data.get(kind), dict) else None
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


class OrderedDelivery:
    def __init__(self, inbox: OrderedInbox, process: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        self.inbox = inbox
        self.process = process  # the door core's handle: one update's JSON

    async def receive(self, data: dict[str, Any], body: bytes) -> None:
        """Store the update, then apply the user's pending updates in order (this one among them)."""
        number, user_id = int(data["update_id"]), user_of(data)
        try:
            await self.inbox.put(number, user_id, body)
        except Exception as exc:  # the database is unreachable: handled as it came (the engine says so)
            _log.warning("update %d not stored in the inbox (%s): handled as it came", number, type(exc).__name__)
            await self.process(data)
            return
        if user_id is None:
            await self.process(data)
            await self.inbox.handled(number)
            return
        try:
            await self.inbox.apply(user_id, self._apply)
        except Exception as exc:
            _log.warning("inbox of update %d failed (%s): handled as it came", number, type(exc).__name__)
            await self.process(data)  # the engine's delivery log prevents a second effect

    async def _apply(self, payload: bytes, late: bool) -> None:
        token = LATE.set(late)
        try:
            await self.process(json.loads(payload))
        finally:
            LATE.reset(token)
