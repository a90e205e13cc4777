"""Personal data never leaves its sealed storage: sentinel values typed and uploaded in a whole
conversation appear in no log line (DEBUG included), nowhere in the database files, nowhere in the
upload store."""

from __future__ import annotations

import logging
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import text

from bot.app import App
from bot.config import Settings
from bot.engine.events import Event, EventKind, FileRef
from bot.engine.intake import LocalFileFetcher
from tests.dialogs.test_application import ABROAD_EN, play
from tests.harness import Chat

SURNAME = "ZQXSENTINEL"
PASSPORT = "ZQX998877"
EMAIL = "zqx.sentinel@example.de"
ADDRESS = "Zqxsentinelweg 77"
IN_DOCUMENT = b"ZQXDOCSENTINEL"
SENTINELS = [SURNAME.encode(), PASSPORT.encode(), EMAIL.encode(), ADDRESS.encode(), IN_DOCUMENT,
             SURNAME.lower().encode()]


def planted() -> list[tuple[str, str]]:
    replace = {"Smith": SURNAME.lower(), "C01X00T47": PASSPORT, "john@example.de": EMAIL,
               "Berliner Str. 1, 10115 Berlin": ADDRESS}
    return [(replace.get(step, step), replace.get(expected, expected))
            for step, expected in ABROAD_EN]


def pdf_with_text(path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.Root.Info = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(IN_DOCUMENT.decode())))
    pdf.save(path)


async def test_sentinels_reach_no_log_no_database_file_and_no_upload(app: App, settings: Settings, tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    app.engine.services.fetcher = LocalFileFetcher()
    chat = Chat(app.engine, 71)
    await chat.send("/start lang_en")
    review = await play(chat, planted())
    assert SURNAME in review  # the bot did store and show it
    await chat.send("/start documents")
    await chat.press("📎 Passport")
    scan = tmp_path / "passport.pdf"
    pdf_with_text(scan)
    event = Event(71, EventKind.FILE, update_key="s:1", file=FileRef(str(scan), "passport.pdf", 800, None))
    assert "Page 1 received" in "\n".join(await chat.deliver(event))
    assert "a PDF of one page" in await chat.press("✅ Done (1 page)")
    await chat.send("/export")

    logs = caplog.text.encode()
    stored = b"".join(path.read_bytes() for path in settings.data_dir.rglob("*") if path.is_file())
    assert stored, "the database and the upload store are where the test looks"
    for sentinel in SENTINELS:
        assert sentinel not in logs, sentinel
        assert sentinel not in stored, sentinel


EXPIRY = "2033-09-17"  # a passport expiry no other value shares
EXPIRY_FORMS = [EXPIRY.encode(), EXPIRY.replace("-", "/").encode(), EXPIRY.replace("-", "").encode()]


def stored_bytes(settings: Settings) -> dict[str, bytes]:
    """What `grep -a` would read: the database, its WAL and shared memory, the key and the file store."""
    return {str(path.relative_to(settings.data_dir)): path.read_bytes()
            for path in settings.data_dir.rglob("*") if path.is_file()}


async def test_sentinel_date_is_in_no_stored_byte_before_or_after_delete(app: App, settings: Settings) -> None:
    """The passport expiry schedules reminders (their keys once held the date in clear); after /delete the
    WAL is checkpointed to nothing, so the erased pages are nowhere either."""
    chat = Chat(app.engine, 72)
    await chat.send("/start lang_en")
    script = [(EXPIRY if step == "2032-02-28" else step, expected) for step, expected in planted()]
    review = await play(chat, script)
    assert EXPIRY in review
    before = stored_bytes(settings)
    assert any(name.endswith("-wal") for name in before), before.keys()
    async with app.db.transaction() as session:
        keys = [row[0] for row in (await session.execute(text("SELECT dedupe_key FROM reminders"))).all()]
    assert len(keys) == 2 and all(key.startswith("passport_validity:") for key in keys)  # the reminders exist
    for name, data in before.items():
        for sentinel in EXPIRY_FORMS:
            assert sentinel not in data, (name, sentinel)
    await chat.send("/delete")
    assert "Done: everything about you is deleted" in await chat.press("🗑 Yes, delete everything")
    after = stored_bytes(settings)
    assert after.get("goldcard.db-wal", b"") == b"", "the WAL was checkpointed and truncated"
    for name, data in after.items():
        for sentinel in [*EXPIRY_FORMS, SURNAME.encode(), PASSPORT.encode()]:
            assert sentinel not in data, (name, sentinel)
