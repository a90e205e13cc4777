"""Privacy: the notice before the first personal question, consent recorded, /mydata, /delete."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.config import Settings
from bot.dialogs.eligibility import OPENING
from bot.engine.engine import Engine
from bot.engine.flow import Flow, InputKind, Question
from bot.i18n import _
from bot.reminders.book import ReminderBook
from bot.reminders.kinds import ReminderKind
from storage.crypto import Sealer
from storage.models import Conversation, Draft, ProcessedUpdate, Reminder, User
from storage.repositories import Store
from tests.conftest import TODAY
from tests.harness import Chat

CONTACT = Flow(name="contact", title=_("Opening questions"), personal=True, questions=(
    Question("email", _("Do you hold an Employment Gold Card now, or have you ever held one?"), InputKind.TEXT,
             label_zh="電子郵件", label_en="Email"),
))


@pytest.fixture
async def engine(app: App, settings: Settings) -> AsyncIterator[Engine]:
    yield Engine(app.db, Sealer(settings.key_ring()), {"opening": OPENING, "contact": CONTACT},
                 today=lambda: TODAY, services=app.engine.services)  # with the features (privacy …)


async def count(app: App, model: type, user_id: int) -> int:
    column = {User: User.id, Draft: Draft.owner_id}.get(model, getattr(model, "user_id", None))
    async with app.db.transaction() as session:
        return int((await session.execute(select(func.count()).select_from(model).where(column == user_id)))
                   .scalar_one())


async def test_notice_comes_before_the_first_personal_question(engine: Engine, app: App) -> None:
    chat = Chat(engine, 7)
    await chat.send("/start lang_en")
    text = await chat.send("/start contact")
    for expected in ("Who:", "What and why:", "How long:", "90 days", "Who sees it:", "Your rights:", "/delete"):
        assert expected in text
    text = await chat.press("No, thanks")
    assert "I will not ask for personal data" in text
    text = await chat.send("/start contact")
    assert "Who:" in text  # still not agreed: asked again, nothing stored
    text = await chat.press("✅ I agree")
    assert "Thank you" in text and "電子郵件" in text
    await chat.send("me@example.com")
    async with app.db.transaction() as session:
        user = await session.get(User, 7)
        assert user is not None and user.consent_at is not None and user.consent_version == "2026-11-21"


async def test_opening_questions_need_no_consent(engine: Engine) -> None:
    chat = Chat(engine, 8)
    await chat.send("/start lang_en")
    assert "同意" in await chat.press("Start: Opening questions")


async def test_mydata_lists_what_is_stored(engine: Engine) -> None:
    chat = Chat(engine, 9)
    await chat.send("/start lang_en")
    await chat.send("/start contact")
    await chat.press("✅ I agree")
    await chat.send("me@example.com")
    text = await chat.send("/mydata")
    assert "Draft «My application»: 1 answers" in text
    today = datetime.now(UTC).date()
    assert any(f"deleted after {today + timedelta(days=90 + shift)}" in text for shift in (-1, 0, 1))
    assert "Reminders waiting: 0" in text


async def test_delete_erases_everything_of_the_user_only(engine: Engine, app: App) -> None:
    keep = Chat(engine, 11)
    await keep.send("/start lang_en")
    await keep.press("Start: Opening questions")
    await keep.press("I agree")
    chat = Chat(engine, 10)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    await chat.press("I agree")
    async with app.db.transaction() as session:
        user = await Store(session, engine.sealer).lock_user(10)
        await ReminderBook(session, engine.sealer).schedule(user, ReminderKind.UNPAID_DRAFT, TODAY, today=TODAY)
    text = await chat.send("/delete")
    assert "cannot be undone" in text
    assert "Nothing was deleted" in await chat.press("Keep my data")
    assert await count(app, Draft, 10) == 1
    await chat.send("/delete")
    assert "everything about you is deleted" in await chat.press("🗑 Yes, delete everything")
    for model in (User, Draft, Conversation, Reminder, ProcessedUpdate):
        assert await count(app, model, 10) == 0, model
    assert await count(app, Draft, 11) == 1 and await count(app, User, 11) == 1
    assert "Please choose your language" in await chat.send("/start")
