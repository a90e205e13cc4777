"""The conversation engine: takes an Event, returns an Outcome; knows nothing of Telegram.

For each event it holds the user's lock (one user's events in order, different users concurrently),
opens one transaction, locks the user's row (PostgreSQL ``FOR UPDATE``: the same holds across
workers), drops redelivered events, runs a :class:`~bot.engine.turn.Turn`, and commits before it
returns, so every accepted answer is stored before any reply is sent. The turn's effects (an export to
build, files to delete: :mod:`bot.engine.effects`) run after the commit, outside the transaction, still
in the user's lock; what they make is sent after the turn's replies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.engine import edit_in_place
from bot.engine.compact import join_replies
from bot.engine.core import EngineOptions, Services
from bot.engine.delivery_marks import DeliveryMarks
from bot.engine.effects import EffectRunner
from bot.engine.events import Event, Outcome
from bot.engine.flow import Flow
from bot.engine.intake import NeedsWork, Prepared, expects_upload, prepare
from bot.engine.keyed_lock import KeyedLock
from bot.engine.turn import Turn
from storage.commit_group import CommitGroup, GroupFailed
from storage.crypto import Sealer
from storage.db import Database
from storage.models import Conversation
from storage.repositories import Store
from storage.unit import unit_of_work

TAIPEI = ZoneInfo("Asia/Taipei")
_log = logging.getLogger(__name__)


def taipei_today() -> date:
    return datetime.now(TAIPEI).date()


class Engine:
    def __init__(self, db: Database, sealer: Sealer, flows: Mapping[str, Flow], *,
                 today: Callable[[], date] = taipei_today, options: EngineOptions | None = None,
                 services: Services | None = None) -> None:
        self.db = db
        self.sealer = sealer
        self.flows = flows
        self.today = today
        self.options = options or EngineOptions()
        self.services = services or Services()
        self._locks = KeyedLock()
        self.effects = EffectRunner(db, sealer, self.services, self.services.build_export)
        self._marks = DeliveryMarks(self._mark_replied)
        self._group = CommitGroup(db)

    def holding(self, user_id: int) -> AbstractAsyncContextManager[None]:
        """The user's lock, for work on their draft outside an event (the Mini App's reads and edits)."""
        return self._locks.hold(user_id)

    async def handle(self, event: Event) -> Outcome:
        async with self._locks.hold(event.user_id):
            screen = await self._upload_screen(event.user_id) if event.file is not None else None
            prepared = await prepare(event, self.services, wanted=event.file is None or screen is not None,
                                     keep_page=bool(getattr(screen, "keeps_pages", False)))  # no lock held
            for _attempt in range(4):
                try:
                    return await self._handle(event, prepared)
                except NeedsWork as needed:  # rolled back: do the slow part with no database lock held
                    value = await needed.run(self.services)
                    prepared = replace(prepared or Prepared(), work={**(prepared.work if prepared else {}),
                                                                     needed.key: value})
            return await self._handle(event, prepared)

    async def _upload_screen(self, user_id: int) -> Any:
        """The screen of the step the user is at when it takes a file, else None (read without a lock: it
        only decides a download, and whether the page is stored before the turn)."""
        async with self.db.transaction() as session:
            conversation = await session.get(Conversation, user_id)
        flow = self.flows.get(conversation.flow or "") if conversation is not None else None
        if flow is None or conversation is None or not expects_upload(conversation.step, flow.screen):
            return None
        return flow.screen

    async def _handle(self, event: Event, prepared: Prepared | None) -> Outcome:
        """The turn, committed with the other users' turns ready at the same time (``storage.commit_group``);
        run again in a transaction of its own when that group was rolled back."""
        try:
            return await self._handle_once(event, prepared)
        except GroupFailed:  # nothing of it was committed
            return await self._handle_once(event, prepared)

    async def _handle_once(self, event: Event, prepared: Prepared | None) -> Outcome:
        async with self._group.unit() as unit:
            store = Store(unit, self.sealer)
            user, conversation = await store.open_turn(event.user_id, event.language_code)
            turn = Turn(store, user, conversation, self.flows, self.today(), self.options,
                        services=self.services, prepared=prepared)
            if event.update_key is not None and not await store.record_update(event.update_key, user.id):
                _log.info("duplicate update %s ignored", event.update_key)
                seen = await store.processed(event.update_key)
                if seen is not None and seen.replied_at is not None:
                    return Outcome(turn.locale, duplicate=True)
                # handled, but its replies may never have gone out: show where the user is
                await turn.resend_current()
                return Outcome(turn.locale, tuple(turn.replies), event.update_key, duplicate=True)
            if event.late:  # never applied out of order: the user sees where they are instead
                await turn.refuse_late()
            elif not await turn.staff_event(event):
                await turn.run(event)
            _log.debug("user event handled: kind=%s step=%s", event.kind, conversation.step)
            outcome = Outcome(turn.locale, join_replies(turn.replies), event.update_key,
                              delete_message_id=turn.delete_message_id, staff=tuple(turn.staff),
                              edit=turn.pressed_edit, toast=turn.toast)
        if turn.effects:  # committed: now the slow and the irreversible part, with no transaction open
            outcome = replace(outcome, replies=(*outcome.replies, *await self.effects.run(turn.effects)))
        outcome = edit_in_place.replace_card(outcome, event)  # a card pressed on becomes the next card
        if turn.deleted:  # committed: the erased pages leave the WAL too
            await self.db.checkpoint()
        return outcome

    async def mark_delivered(self, delivery_key: str | None) -> None:
        """The door sent the replies of this delivery: a redelivery will now be silent. Returns once
        committed (marks made together share one transaction: ``delivery_marks``)."""
        if delivery_key is not None:
            await self._marks.mark(delivery_key)

    async def _mark_replied(self, keys: Collection[str]) -> None:
        async with unit_of_work(self.db) as unit:
            await Store(unit, self.sealer).mark_replied(keys)
