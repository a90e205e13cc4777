"""A password idea typed into the optional check is checked in memory only: it appears in no reply, no log
line and no database row (file bytes, every table, the decrypted drafts), and the user's message is marked
for deletion (``Outcome.delete_message_id``)."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from bot.app import App
from bot.config import Settings
from bot.dialogs.registration import platform_password_idea
from bot.dialogs.taiwan_jobs import taiwan_jobs_password_idea
from bot.engine.events import Event, Outcome
from bot.forms.result import Accepted, Rejected, RuleContext
from bot.i18n import HTML, PLAIN, render
from storage.repositories import Store
from tests.conftest import TODAY
from tests.dialogs.test_registration import FORM_EN
from tests.harness import Chat

PASSING = "zq8sentinel"  # 8-12 characters, a lowercase letter and a digit: meets the platform's rules
FAILING = "Zq8-Sentinel!"  # symbols: refused, with the rules it breaks
SENTINELS = (PASSING, FAILING, "sentinel")


def _texts(outcome: Outcome) -> list[str]:
    parts = [part for reply in outcome.replies for part in reply.parts]
    parts += [part for note in outcome.staff for part in note.parts]
    labels = [button.label for reply in outcome.replies for button in reply.button_list()]
    return [render(item, outcome.locale, markup) for item in (*parts, *labels) for markup in (PLAIN, HTML)]


def _database_file(settings: Settings) -> Path:
    return Path(settings.effective_database_url.split("///", 1)[1])


async def _reach_password_question(chat: Chat) -> None:
    await chat.send("/start lang_en")
    await chat.send(FORM_EN[0])
    await chat.press(FORM_EN[1])
    await chat.press(FORM_EN[2])
    for step in FORM_EN[3:]:
        text = await (chat.press(step) if step in ("Skip", "Male") else chat.send(step))
    assert "• 8 to 12 characters" in text


async def test_the_password_idea_leaves_no_trace(app: App, settings: Settings,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    user = 311
    chat = Chat(app.engine, user)
    await _reach_password_question(chat)
    outcomes: list[Outcome] = []
    for message_id, typed in ((901, FAILING), (902, PASSING)):
        event = Event.from_text(user, typed, update_key=f"test:pw{message_id}", language_code="en",
                                message_id=message_id, chat_id=user)
        outcome = await app.engine.handle(event)
        await app.engine.mark_delivered(outcome.delivery_key)
        assert outcome.delete_message_id == message_id  # the door deletes the user's message
        outcomes.append(outcome)
    refused, passed = ("\n".join(_texts(outcome)) for outcome in outcomes)
    assert "• Use English letters and digits only: no spaces or special symbols." in refused
    assert "✓ That idea meets every rule." in passed and "Password change reminder" not in refused

    # a normal answer afterwards is not deleted
    after = await app.engine.handle(Event.from_text(user, "2026-10-01", update_key="test:pw903",
                                                    language_code="en", message_id=903))
    assert after.delete_message_id is None
    outcomes.append(after)

    # no reply, button or staff note
    for text in [*(t for outcome in outcomes for t in _texts(outcome)), *chat.transcript]:
        assert not any(sentinel in text for sentinel in SENTINELS), text

    # no log line (message or arguments), at DEBUG, from any logger
    assert caplog.records, "the test must see the engine's log lines"
    for record in caplog.records:
        logged = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        assert not any(sentinel in logged for sentinel in SENTINELS), logged

    # no database row: the file's bytes (with the write-ahead log), every table, the decrypted drafts
    database = _database_file(settings)
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            data = path.read_bytes()
            assert not any(sentinel.encode() in data for sentinel in SENTINELS), path
    with sqlite3.connect(database) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert {"users", "drafts", "conversations", "processed_updates", "reminders"} <= set(tables)
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                dumped = repr(row)
                assert not any(sentinel in dumped for sentinel in SENTINELS), (table, dumped)
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        for draft in await store.drafts_of(user):
            answers = store.answers(draft)
            assert answers["registration"]["password_idea"] is True  # only that an idea passed
            dumped = json.dumps(answers, ensure_ascii=False) + store.label(draft)
            assert not any(sentinel in dumped for sentinel in SENTINELS)


@pytest.mark.parametrize("rule", [platform_password_idea, taiwan_jobs_password_idea], ids=["platform", "taiwan_jobs"])
@pytest.mark.parametrize("locale", ["en", "zh_TW"])
def test_password_rules_never_repeat_the_candidate(rule: object, locale: str) -> None:
    for candidate in ("sentinel", "Sentinel-12", "sentinel42", "SENTINEL#SENTINEL#SENTINEL", "s e n t i n e l 1"):
        result = rule(candidate, RuleContext(today=TODAY, answers={"login_account": "sentinel42"}, locale=locale))  # type: ignore[operator]
        messages = [result.message] if isinstance(result, Rejected) else list(result.notes)
        assert isinstance(result, Accepted | Rejected)
        if isinstance(result, Accepted):
            assert result.value is True and result.shown is None
        for message in messages:
            text = render(message, locale)
            assert "sentinel" not in text.lower(), text
