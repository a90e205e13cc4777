"""Key rotation: every sealed value and file is re-sealed under the new key; afterwards the old key can go."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.documents.store import FileStore
from bot.reminders.book import ReminderBook
from bot.reminders.kinds import ReminderKind
from storage.crypto import Sealer, SealError, decode_key, generate_key
from storage.db import Database
from storage.inbox import Inbox
from storage.repositories import Store
from storage.rotation import rotate


async def test_rotation_reseals_rows_and_files(database_url: str, tmp_path: Path) -> None:
    old, new = decode_key(generate_key()), decode_key(generate_key())
    db = Database(database_url)
    await db.migrate()
    try:
        before = Sealer([old])
        async with db.transaction() as session:
            store = Store(session, before)
            user = await store.lock_user(1)
            draft = await store.create_draft(1, "Applicant")
            store.set_answers(draft, {"basic_data": {"english_surname": "SMITH"}})
            await ReminderBook(session, before).schedule(user, ReminderKind.SUPPLEMENT_DEADLINE, date(2026, 12, 30),
                                                         today=date(2026, 11, 21))
            draft_id = draft.id
        FileStore(tmp_path / "files", before).put(1, b"%PDF-1.7 passport scan")
        await Inbox(db, before).put([(41, b'{"update_id":41}')])  # fetched, not yet handled

        ring = Sealer([new, old])
        report = await rotate(db, ring, FileStore(tmp_path / "files", ring))
        assert report.rows == 5 and report.files == 1  # label, answers, two reminders' params, the update; one file
        assert (await rotate(db, ring, FileStore(tmp_path / "files", ring))).rows == 0  # nothing left to do

        only_new = Sealer([new])
        async with db.transaction() as session:
            store = Store(session, only_new)
            reloaded = await store.draft(draft_id, 1)
            assert reloaded is not None and store.answers(reloaded)["basic_data"]["english_surname"] == "SMITH"
            reminders = await ReminderBook(session, only_new).pending(1)
            assert [ReminderBook(session, only_new).anchor(r) for r in reminders] == [date(2026, 12, 30)] * 2
        assert await Inbox(db, only_new).pending() == [(41, b'{"update_id":41}')]
        files = FileStore(tmp_path / "files", only_new)
        assert files.get(1, files.list(1)[0]) == b"%PDF-1.7 passport scan"
        with pytest.raises(SealError):
            FileStore(tmp_path / "files", Sealer([old])).get(1, files.list(1)[0])
    finally:
        await db.dispose()
