"""Tabs in sequence and the review card: on to the next tab, Skip, the review with both labels and
monospace values, Change from the review and back with nothing else lost."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import App
from bot.config import Settings
from bot.dialogs.eligibility import OPENING
from bot.engine.core import EngineOptions
from bot.engine.engine import Engine
from bot.engine.events import Event, EventKind
from bot.engine.flow import Choice, Flow, InputKind, Question
from bot.forms.result import Accepted, Rejected, RuleContext
from bot.forms.verdict_model import Finding, TabVerdict, Verdict
from bot.i18n import HTML, _, render, verbatim
from storage.crypto import Sealer
from tests.conftest import TODAY
from tests.harness import Chat


def upper_word(raw: str, ctx: RuleContext) -> Accepted | Rejected:
    if not raw.isalpha():
        return Rejected(_("Please type a name as it appears in your passport."))
    return Accepted(raw.upper(), shown=raw.upper())


TAB_A = Flow(name="tab_a", title=_("Basic data"), label_zh="基本資料", part_of="application", personal=True,
             next_flow="tab_b", questions=(
                 Question("surname", _("Which nationality or identity do you apply with?"), InputKind.TEXT,
                          label_zh="英文姓氏", label_en="English surname", rule=upper_word),
                 Question("chinese_name", _("Which nationality or identity do you apply with?"), InputKind.TEXT,
                          label_zh="中文姓名", label_en="Chinese name", optional=True),
             ))
TAB_B = Flow(name="tab_b", title=_("Residence"), label_zh="居留申請", part_of="application", personal=True,
             questions=(
                 Question("validity", _("Which nationality or identity do you apply with?"), InputKind.CHOICE,
                          label_zh="就業金卡有效期間", label_en="Card validity",
                          choices=(Choice("1", verbatim("1 year"), "1年"), Choice("3", verbatim("3 years"), "3年"))),
             ))


def findings(sections: Any, today: Any) -> Verdict:
    """A stand-in for the shared verdict: a note on tab B once it is answered, else nothing to report."""
    if not sections.get("tab_b"):
        return Verdict(today, ())
    note = Finding("note", "tab_b", "validity", "就業金卡有效期間", verbatim("Card validity"), verbatim("cross-tab"))
    return Verdict(today, (TabVerdict("tab_b", "就業金卡有效期間", verbatim("Tab B"), notes=(note,)),))


@pytest.fixture
async def engine(app: App, settings: Settings) -> AsyncIterator[Engine]:
    opening = dataclasses.replace(OPENING, next_flow="tab_a")
    yield Engine(app.db, Sealer(settings.key_ring()), {"opening": opening, "tab_a": TAB_A, "tab_b": TAB_B},
                 today=lambda: TODAY, options=EngineOptions(checker=findings), services=app.engine.services)


async def complete_opening(chat: Chat) -> str:
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    for label in ("I agree", "No", "Foreign national (not a US national)", "No, I apply from abroad", "No"):
        await chat.press(label)
    return await chat.press("✅ All correct, confirm")


async def test_tabs_follow_each_other_and_end_in_the_review(engine: Engine) -> None:
    chat = Chat(engine, 31)
    text = await complete_opening(chat)
    assert "Confirmed and saved" in text and "Who:" in text  # privacy notice before the first tab
    text = await chat.press("✅ I agree")
    assert "English surname — on the platform: 英文姓氏" in text
    assert "Please type a name" in await chat.send("Smith-Jones")
    text = await chat.send("smith")
    assert "Saved: English surname = SMITH" in text and "中文姓名" in text
    text = await chat.press("Skip")
    assert "✓ Basic data complete." in text and "就業金卡有效期間" in text
    text = await chat.press("3 years")
    assert "📋 Review: My application" in text
    assert "✅ Complete" in text and "(1 note to read)" in text  # the checker's verdict, shown as it is
    assert "These answers cannot be changed on the platform later." in text
    assert "English surname (英文姓氏): SMITH" in text
    assert "Chinese name (中文姓名): (left empty)" in text
    assert "Card validity (就業金卡有效期間): 3 years" in text
    assert "cross-tab" in text
    assert "Everything the platform asks is answered" in text


async def test_change_from_review_returns_to_review_with_new_value(engine: Engine) -> None:
    chat = Chat(engine, 32)
    await complete_opening(chat)
    await chat.press("✅ I agree")
    await chat.send("smith")
    await chat.send("王小明")
    await chat.press("1 year")
    text = await chat.press("✏️ Change: Basic data")
    assert "Which answer do you want to change?" in text
    assert chat.labels() == ["English surname", "Chinese name", "⬅ Back to the review"]
    text = await chat.press("English surname")
    assert "Current answer: SMITH" in text
    text = await chat.send("brown")
    assert "📋 Review" in text and "English surname (英文姓氏): BROWN" in text
    assert "Chinese name (中文姓名): 王小明" in text and "Card validity (就業金卡有效期間): 1 year" in text


async def test_review_values_are_monospace_in_telegram_html(engine: Engine) -> None:
    chat = Chat(engine, 33)
    await complete_opening(chat)
    await chat.press("✅ I agree")
    await chat.send("smith")
    await chat.press("Skip")
    await chat.press("3 years")
    outcome = await engine.handle(Event(33, EventKind.COMMAND, command="start"))
    html = [render(part, outcome.locale, HTML) for reply in outcome.replies for part in reply.parts]
    assert any("<code>SMITH</code>" in line for line in html)


async def test_menu_offers_continue_then_review(engine: Engine) -> None:
    chat = Chat(engine, 34)
    await complete_opening(chat)
    await chat.press("✅ I agree")
    await chat.send("/menu")
    assert chat.labels()[:2] == ["▶ Start: Basic data", "📋 Review"]
    text = await chat.press("📋 Review")
    assert "English surname (英文姓氏): ⚠ missing" in text
    assert "Chinese name (中文姓名): (not answered)" in text
