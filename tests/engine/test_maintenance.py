"""Retention: an idle draft's owner is warned a week before its deletion (once, across workers), can
keep it with one tap, and the draft is deleted after the retention period with its files; the delivery
log is pruned."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.app import App
from bot.engine.events import Outcome
from bot.engine.maintenance import Maintenance, keep_button
from bot.i18n import render
from storage.models import Draft, ProcessedUpdate
from storage.repositories import Store
from tests.harness import Chat


class Inbox:
    def __init__(self) -> None:
        self.texts: list[tuple[int, str]] = []

    async def push(self, user_id: int, outcome: Outcome) -> None:
        self.texts.extend((user_id, render(p, outcome.locale)) for r in outcome.replies for p in r.parts)


async def age(app: App, user_id: int, days: int) -> str:
    async with app.db.transaction() as session:
        draft = (await Store(session, app.engine.sealer).drafts_of(user_id))[0]
        await session.execute(update(Draft).where(Draft.id == draft.id)
                              .values(updated_at=datetime.now(UTC) - timedelta(days=days)))
        return draft.id


async def test_warned_once_then_kept_or_deleted(app: App) -> None:
    chat = Chat(app.engine, 81)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    await chat.press("I agree")
    draft_id = await age(app, 81, 85)  # 5 days before the 90-day limit
    inbox = Inbox()
    workers = [Maintenance(app.db, app.engine.sealer, app.engine.services.files, inbox, 90) for _ in range(2)]
    reports = await asyncio.gather(*(w.run_once() for w in workers))
    assert sum(r.warned for r in reports) == 1 and sum(r.purged for r in reports) == 0
    assert "will be deleted on" in inbox.texts[0][1] and inbox.texts[0][0] == 81
    assert (await workers[0].run_once()).warned == 0  # once

    assert "Kept: «My application» stays." in await chat.press_button(keep_button(draft_id))
    assert (await workers[0].run_once()).purged == 0

    await age(app, 81, 91)
    assert (await workers[0].run_once()).purged == 1
    async with app.db.transaction() as session:
        assert (await session.execute(select(Draft).where(Draft.owner_id == 81))).scalars().all() == []


async def test_someone_elses_keep_button_does_nothing(app: App) -> None:
    owner = Chat(app.engine, 82)
    await owner.send("/start lang_en")
    await owner.press("Start: Opening questions")
    draft_id = await age(app, 82, 91)
    stranger = Chat(app.engine, 83)
    text = await stranger.press_button(keep_button(draft_id))
    assert "Kept" not in text
    assert (await Maintenance(app.db, app.engine.sealer, None, Inbox(), 90).run_once()).purged == 1


async def test_delivery_log_is_pruned(app: App) -> None:
    chat = Chat(app.engine, 84)
    await chat.send("/start lang_en")
    async with app.db.transaction() as session:
        await session.execute(update(ProcessedUpdate).values(created_at=datetime.now(UTC) - timedelta(days=8)))
    assert (await Maintenance(app.db, app.engine.sealer, None, Inbox(), 90).run_once()).log_rows >= 1


async def test_stored_files_nothing_refers_to_are_swept_after_an_hour(app: App) -> None:
    files = app.engine.services.files
    assert files is not None
    for user_id in (86, 87):
        chat = Chat(app.engine, user_id)
        await chat.send("/start lang_en")
        await chat.press("Start: Opening questions")
    erased = files.put(86, b"a page of 86")
    kept, stray = files.put(87, b"a photo of 87"), files.put(87, b"pages made one file, the stop came first")
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        draft = (await store.drafts_of(87))[0]
        store.set_answers(draft, {"documents": {"_uploads": {"photo": {"sha256": kept.sha256}}}})
    async with app.db.transaction() as session:  # /delete committed, then a stop before its files went
        await Store(session, app.engine.sealer).delete_user(86)
    soon = Maintenance(app.db, app.engine.sealer, files, Inbox(), 90)
    assert (await soon.run_once()).unreferenced_files == 0  # may belong to a turn still running
    assert files.list(86) == [erased.sha256] and len(files.list(87)) == 2
    later = Maintenance(app.db, app.engine.sealer, files, Inbox(), 90,
                        clock=lambda: datetime.now(UTC) + timedelta(hours=2))
    assert (await later.run_once()).unreferenced_files == 2
    assert files.list(86) == [] and files.list(87) == [kept.sha256]  # what a draft names stays
    assert stray.sha256 not in files.list(87)
