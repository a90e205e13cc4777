"""Working hours, the help desk's settings, and its tables in the migrated schema."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect, text

from bot.config import Settings
from bot.helpdesk.config import DeskConfig
from bot.helpdesk.hours import WorkingHours, format_moment
from bot.helpdesk.questions import redact
from bot.helpdesk.records import DeskBook
from storage.crypto import Sealer, decode_key, generate_key
from storage.db import Database
from storage.repositories import Store

HOURS = WorkingHours.parse("Mon-Fri 10:00-18:00; Sat 10:00-12:00", "Asia/Taipei")


@pytest.mark.parametrize(("moment", "open_now", "back"), [
    (datetime(2026, 11, 25, 3, 0, tzinfo=UTC), True, "2026-11-25 11:00"),  # Wednesday 11:00 in Taipei
    (datetime(2026, 11, 25, 10, 0, tzinfo=UTC), False, "2026-11-26 10:00"),  # Wednesday 18:00: closed
    (datetime(2026, 11, 25, 1, 59, tzinfo=UTC), False, "2026-11-25 10:00"),  # Wednesday 09:59
    (datetime(2026, 11, 28, 4, 30, tzinfo=UTC), False, "2026-11-30 10:00"),  # Saturday 12:30
    (datetime(2026, 11, 27, 12, 0, tzinfo=UTC), False, "2026-11-28 10:00"),  # Friday 20:00
])
def test_working_hours(moment: datetime, open_now: bool, back: str) -> None:
    assert HOURS.is_open(moment) is open_now
    assert HOURS.next_opening(moment).strftime("%Y-%m-%d %H:%M") == back


def test_hours_in_both_languages() -> None:
    assert HOURS.describe("en") == "Mon–Fri 10:00–18:00; Sat 10:00–12:00"
    assert HOURS.describe("zh_TW") == "週一–週五 10:00–18:00; 週六 10:00–12:00"
    moment = HOURS.next_opening(datetime(2026, 11, 28, 4, 30, tzinfo=UTC))
    assert format_moment(moment, "en") == "Monday 2026-11-30 10:00"
    assert format_moment(moment, "zh_TW") == "星期一 2026-11-30 10:00"


@pytest.mark.parametrize("bad", ["", "Mon-Fri", "Mon-Fri 18:00-10:00", "Funday 10:00-12:00", "Mon 25:00-26:00"])
def test_unreadable_hours_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        WorkingHours.parse(bad)


def test_settings_read_staff_ids_hours_and_time_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_CHAT_ID", "-1001234567890")
    monkeypatch.setenv("STAFF_IDS", "111, 222;333")
    monkeypatch.setenv("STAFF_HOURS", "Mon-Sat 09:00-17:30")
    settings = Settings.from_environment(env_file=None, data_dir=tmp_path)
    desk = DeskConfig.from_settings(settings)
    assert desk.staff_chat_id == -1001234567890 and desk.staff_ids == frozenset({111, 222, 333})
    assert desk.is_staff(222) and not desk.is_staff(444)
    assert desk.hours.describe("en") == "Mon–Sat 09:00–17:30" and desk.staff_locale == "zh_TW"
    defaults = DeskConfig.from_settings(Settings(data_dir=tmp_path, staff_hours="Mon-Fri 10:00-18:00",
                                                 staff_ids=()))
    assert defaults.staff_ids == frozenset()
    monkeypatch.setenv("STAFF_HOURS", "whenever")
    with pytest.raises(ValidationError):
        Settings.from_environment(env_file=None, data_dir=tmp_path)
    monkeypatch.setenv("STAFF_HOURS", "Mon-Fri 10:00-18:00")
    monkeypatch.setenv("STAFF_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ValidationError):
        Settings.from_environment(env_file=None, data_dir=tmp_path)


@pytest.mark.parametrize(("question", "kept"), [
    ("who won the world cup?", "who won the world cup?"),
    ("can John Smith apply?", "can … apply?"),
    ("my passport is X1234567, ok?", None),
    ("write to me at me@example.com", None),
    ("see https://example.org please", None),
    ("王小明可以申請金卡嗎", "…可以申請金卡嗎"),
    ("John", None),
    ("Zyxwvut?", None),  # nothing left but a masked word
])
def test_redaction(question: str, kept: str | None) -> None:
    assert redact(question) == kept


def test_redaction_cuts_long_questions() -> None:
    kept = redact("how long " * 30)
    assert kept is not None and len(kept) <= 80 and kept.endswith("…")


async def test_the_help_desk_tables_on_sqlite_and_postgresql(database_url: str) -> None:
    """Migrated; tickets and questions numbered by the database; everything erased with the user."""
    database = Database(database_url)
    sealer = Sealer([decode_key(generate_key())])
    try:
        await database.migrate()
        async with database.engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
            version = (await connection.execute(text("select version_num from alembic_version"))).scalar_one()
        assert {"tickets", "faq_asks", "rejected_fields"} <= tables
        assert version >= "0004"
        async with database.transaction() as session:
            await Store(session, sealer).lock_user(5)
            book = DeskBook(Store(session, sealer))
            first = await book.create_ticket(5, "en", False, None)
            ask = await book.record_ask(5, "en", "unanswered", None, "who won the world cup?")
            await book.note_rejected(5, "basic_data:date_of_birth")
            await book.note_rejected(5, "basic_data:email")
            await book.note_rejected(5, "basic_data:date_of_birth")
            first.topic_id = 77
            book.close(first)
            second = await book.create_ticket(5, "en", True, ask.id)
            ids = (first.id, second.id, second.topic_id)
        assert ids[1] == ids[0] + 1 and ids[2] == 77, "a later ticket keeps the applicant's topic"
        async with database.transaction() as session:
            book = DeskBook(Store(session, sealer))
            assert await book.rejected(5) == ["basic_data:email", "basic_data:date_of_birth"]
            opened = await book.open_ticket_of(5)
            assert opened is not None and opened.id == ids[1]
            stored = await book.ask_of(opened.from_ask_id or 0, 5)
            assert stored is not None and book.question_of(stored) == "who won the world cup?"
            assert await book.ask_of(stored.id, 6) is None
            assert (await book.ticket_in_topic(77)) is not None
            await Store(session, sealer).delete_user(5)
        async with database.transaction() as session:
            book = DeskBook(Store(session, sealer))
            assert await book.open_ticket_of(5) is None and await book.rejected(5) == []
            assert await book.ticket_counts() == {}
    finally:
        await database.dispose()
