"""The qualification check as whole conversations, in both languages: the salary route proposes Digital
regulation 2 and the field tab offers it with one tap; the amount check shows its arithmetic; the walk
stops at the first Yes; unconfirmed criteria say so and link the official site; nothing matched ends in
the kind fallback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import App
from bot.config import Settings
from bot.dialogs.from_forms import section_flow
from bot.dialogs.qualification import QUALIFICATION
from bot.engine.engine import Engine
from bot.forms.qualification import chosen_regulation, qualification_documents
from storage.crypto import Sealer
from storage.repositories import Store
from tests.conftest import TODAY
from tests.dialogs.test_application import play
from tests.harness import Chat

OFFICIAL_CHECK = "https://goldcard.nat.gov.tw/en/apply/step-1/"
HELP_DESK = "https://goldcard.nat.gov.tw/en/apply/step-3/"


@pytest.fixture
async def engine(app: App, settings: Settings) -> AsyncIterator[Engine]:
    flows = {"qualification": QUALIFICATION,
             "field_of_expertise": section_flow("field_of_expertise", skip=frozenset({"salary"}))}
    yield Engine(app.db, Sealer(settings.key_ring()), flows, today=lambda: TODAY, services=app.engine.services)


async def stored(engine: Engine, user_id: int) -> dict[str, Any]:
    async with engine.db.transaction() as session:
        store = Store(session, engine.sealer)
        return store.answers((await store.drafts_of(user_id))[0])


SALARY_TO_DIGITAL_EN = [
    ("press:Start: Qualification check", "First, the route most fields share"),
    ("press:Yes", "Which field do you work in?"),
    ("press:Digital", "digital-economy industry or field"),
    ("press:Yes", "You may qualify under Digital, regulation 2, because you answered Yes to:"),
]

SALARY_TO_DIGITAL_ZH = [
    ("press:開始：資格檢測", "首先是大多數領域共通的條件"),
    ("press:是", "您在哪個領域工作？"),
    ("press:數位領域", "數位經濟相關產業或領域"),
    ("press:是", "您可能符合數位領域第2款，因為您對以下敘述回答「是」："),
]


async def test_salary_route_proposes_digital_and_the_field_tab_offers_it_in_english(engine: Engine) -> None:
    chat = Chat(engine, 61)
    await chat.send("/start lang_en")
    summary = await play(chat, SALARY_TO_DIGITAL_EN)
    assert "In the 3 years before the month I apply" in summary  # the common first statement, as a reason
    assert ("You would prove it with: CV, Employment certificate; and one of: Tax or withholding statement"
            in summary)
    assert "Only one field and one regulation can be filed" in summary and "Architecture is the exception" in summary
    assert "Official text: https://law.moda.gov.tw/LawContent.aspx?id=GL000067" in summary
    text = await chat.press("✅ All correct, confirm")
    assert "Saved: Digital, regulation 2. The field tab (領域專長) offers Digital" in text
    await chat.press("Start: Field of expertise")
    text = await chat.press("✅ I agree")  # the field tab asks for personal data: privacy notice first
    assert "You already gave this in Qualification check: Digital" in text
    text = await chat.press("✓ Digital")
    assert "Saved: Field of expertise = Digital" in text
    sections = await stored(engine, 61)
    assert sections["field_of_expertise"]["professional_field"] == "digital"
    qualification = sections["qualification"]
    assert qualification["professional_field"] == "digital" and qualification["digital.2"] is True
    assert chosen_regulation(qualification) == "digital.2"
    assert qualification_documents(qualification) == ("cv", "employment_certificate", "tax_statement")


async def test_salary_route_proposes_digital_and_the_field_tab_offers_it_in_chinese(engine: Engine) -> None:
    chat = Chat(engine, 62, language_code="zh-TW")
    await chat.send("/start lang_zh_TW")
    summary = await play(chat, SALARY_TO_DIGITAL_ZH)
    assert "申請月起前三年內" in summary
    assert "證明文件：履歷、國內外服務證明；另加以下其中一項：薪資扣繳或納稅證明" in summary
    assert "每件申請只能選擇一個領域及一款條件" in summary and "建築設計領域例外" in summary
    text = await chat.press("✅ 全部正確，確認")
    assert "已儲存：數位領域第2款。「領域專長」頁籤會建議數位領域" in text
    await chat.press("開始：領域專長")
    text = await chat.press("✅ 我同意")
    assert "您已在「資格檢測」填過：數位領域" in text
    text = await chat.press("✓ 數位領域")
    assert "數位領域" in text
    sections = await stored(engine, 62)
    assert sections["field_of_expertise"]["professional_field"] == "digital"


async def test_checking_an_amount_shows_the_arithmetic_then_the_salary_route(engine: Engine) -> None:
    chat = Chat(engine, 63)
    await chat.send("/start lang_en")
    text = await play(chat, [
        ("press:Start: Qualification check", "First, the route most fields share"),
        ("press:Not sure: check an amount", "How much was it?"),
        ("5,000", "In which currency?"),
        ("USD", "monthly or an annual amount"),
        ("press:Monthly salary", "How many NT$ is one unit"),
        ("32", "When was it paid?"),
        ("2026-06", "5,000 USD a month × 32 NT$/USD = NT$160,000 a month."),
    ])
    assert "Your salary meets the criterion." in text and "Which field do you work in?" in text
    text = await chat.press("Digital")
    assert "digital-economy industry or field" in text
    summary = await chat.press("Yes")
    assert "You may qualify under Digital, regulation 2" in summary
    assert "NT$160,000 ≥ NT$160,000: the amount meets the salary criterion." in summary


async def test_a_salary_below_the_criterion_skips_the_salary_route(engine: Engine) -> None:
    chat = Chat(engine, 64)
    await chat.send("/start lang_en")
    text = await play(chat, [
        ("press:Start: Qualification check", "First"),
        ("press:Not sure: check an amount", "How much"),
        ("100000", "currency"),
        ("NT$", "monthly or an annual"),
        ("press:Monthly salary", "When was it paid?"),
        ("2026-01", "This salary does not meet the criterion; other routes may still fit."),
    ])
    text = await chat.press("Digital")
    assert "at least 8 years of professional experience in digital-economy" in text  # regulation 2 skipped


async def test_the_walk_stops_at_the_first_yes(engine: Engine) -> None:
    chat = Chat(engine, 65)
    await chat.send("/start lang_en")
    summary = await play(chat, [
        ("press:Start: Qualification check", "First"),
        ("press:No", "Which field"),
        ("press:Science & Technology", "unique talent, outstanding R&D"),
        ("press:No", "Nobel Prize"),
        ("press:Yes", "You may qualify under Science & Technology, regulation 4"),
    ])
    assert "Award certificate" in summary and "national academy" not in summary
    assert "software engineers toward the Digital field" in summary  # the field's note
    # change the field from the summary: the old field's answers go, the new field's walk starts
    await chat.press("✏️ Change an answer")
    await chat.press("Field of work")
    text = await chat.press("Sport")
    assert "national-team athlete" in text
    sections = await stored(engine, 65)
    assert "science_technology.4" not in sections["qualification"]


async def test_unconfirmed_criteria_show_the_note_and_the_official_link(engine: Engine) -> None:
    chat = Chat(engine, 66)
    await chat.send("/start lang_en")
    text = await play(chat, [
        ("press:Start: Qualification check", "First"),
        ("press:Yes", "Which field"),
        ("press:Education", "Ministry of Education's current criteria"),
    ])
    assert "An older summary (2019, possibly out of date)" in text
    assert f"Read the criteria on the official site first: {OFFICIAL_CHECK}" in text
    summary = await chat.press("Yes")
    assert "You may qualify under Education: criteria not confirmed" in summary
    assert f"These criteria could not be confirmed: read them on the official site before you rely on them: " \
           f"{OFFICIAL_CHECK}" in summary


async def test_unconfirmed_field_in_chinese_without_a_match(engine: Engine) -> None:
    chat = Chat(engine, 67, language_code="zh-TW")
    await chat.send("/start lang_zh_TW")
    summary = await play(chat, [
        ("press:開始：資格檢測", "首先"),
        ("press:否", "您在哪個領域工作？"),
        ("press:國防領域", "國防部的國防領域條件"),
        ("press:否", "國防領域的條件未經確認，請至官方網站閱讀"),
    ])
    assert "本領域於2021年12月開放" in summary
    assert f"請試試官方的資格檢測：{OFFICIAL_CHECK}" in summary
    assert "就業金卡辦公室線上客服" in summary


async def test_nothing_matched_ends_in_the_kind_fallback(engine: Engine) -> None:
    chat = Chat(engine, 68)
    await chat.send("/start lang_en")
    summary = await play(chat, [
        ("press:Start: Qualification check", "First"),
        ("press:No", "Which field"),
        ("press:Digital", "at least 8 years"),
        ("press:No", "top 500"),
        ("press:No", "Ministry of Digital Affairs recognises"),
        ("press:No", "I could not find a route that fits. That does not mean you cannot get a Gold Card"),
    ])
    assert f"Try the official Qualification Check: {OFFICIAL_CHECK}" in summary
    assert f"Or ask the Gold Card Office's live chat, Monday to Friday, 10:00–18:00 Taiwan time: {HELP_DESK}" \
           in summary
    assert "case by case by the National Development Council" in summary
    text = await chat.press("✅ All correct, confirm")
    assert "Please try the official Qualification Check before you choose a field" in text
    assert chosen_regulation((await stored(engine, 68))["qualification"]) is None


async def test_law_needs_the_licence_and_none_of_these_falls_back(engine: Engine) -> None:
    chat = Chat(engine, 69)
    await chat.send("/start lang_en")
    summary = await play(chat, [
        ("press:Start: Qualification check", "First"),
        ("press:Yes", "Which field"),
        ("press:Law", "attorney licensed in Taiwan"),
        ("press:No", "Every route of Law requires"),
    ])
    assert "join a bar association within 6 months" in summary
    await chat.press("✏️ Change an answer")
    await chat.press("Field of work")
    summary = await chat.press("None of these, or not sure")
    assert "I could not find a route that fits" in summary
    assert (await stored(engine, 69))["qualification"]["professional_field"] is None
