"""The whole application conversation: opening questions, the five tabs, the review card; in both
languages, through the engine and through the console door; and a persona who makes the common
mistakes, gets the right fix-it message for each, and still completes the draft."""

from __future__ import annotations

import io
from typing import Any

from bot.app import App
from bot.console import ConsoleDoor
from bot.forms.sections import section
from bot.i18n_catalogs import simplified_characters
from storage.repositories import Store
from tests.harness import Chat

# the yes/no questions from 是否初次赴台? on (簽證資料 is asked only after 是 to the earlier visa)
VISA_QUESTIONS = [ref.spec.zh for ref in section("visa_application").fields()
                  if ref.key not in ("application_place", "roc_visa_details")][1:]

# (what to do, what the next reply must contain); "press:" taps a button by its label
ABROAD_EN: list[tuple[str, str]] = [
    ("press:Start: Opening questions", "同意"),
    ("press:I agree", "是否現在或曾經持有就業金卡"),
    ("press:No", "您的國籍或身分"),
    ("press:Foreign national (not a US national)", "您現在是否在中華民國境內申請"),
    ("press:No, I apply from abroad", "您是否具中華民國國籍"),
    ("press:No", "非美籍外籍人士境外申請"),
    ("press:✅ All correct, confirm", "系統使用聲明事項(就業金卡部分)"),
    ("press:☑ I have read it and agree", "When do you plan to submit on the platform?"),
    ("press:Today", "Who:"),
    ("press:✅ I agree", "英文姓氏"),
    ("Smith", "英文名字"),
    ("John", "中文姓名"),
    ("press:Skip", "出生日期(西元)"),
    ("1990-07-30", "1990-07-30"),
    ("press:Male", "國籍"),
    ("Germany", "現職"),
    ("IT professional", "最高學歷"),  # typed jobs off the list: tests/dialogs/test_occupation.py
    ("press:Master's degree", "婚姻狀況"),
    ("press:Single", "電子郵件"),
    ("john@example.de", "出生地點(國家)"),
    ("Germany", "申請人母國地址"),
    ("Berliner Str. 1, 10115 Berlin", "申請人母國電話號碼"),
    ("+49 30 1234567", "舊有或其他國籍(如有)"),
    ("press:Skip", "出生地點(市/州)"),
    ("Berlin", "護照種類"),
    ("press:Ordinary", "護照號碼"),
    ("C01X00T47", "護照發照日期"),
    ("2022-03-01", "護照效期(西元)"),
    ("2032-02-28", "護照發照地點"),
    ("Berlin", "原護照號碼"),
    ("press:Skip", "申請地點"),
    ("Germany", "館處"),
    ("Berlin", "是否初次赴台?"),
    *[("press:No", label) for label in VISA_QUESTIONS[1:]],
    ("press:No", "就業金卡有效期間"),
    ("press:3 years", "領證方式"),
    ("press:Collect in person in Taiwan", "領證地點"),
    ("press:Taipei City Service Center", "居留地址"),
    ("press:Skip", "Have you ever held an ROC residence permit"),
    ("press:No", "First, the route most fields share"),  # the qualification check
    ("press:Yes", "Which field do you work in?"),
    ("press:Digital", "digital-economy industry"),
    ("press:Yes", "You may qualify under Digital, regulation 2"),
    ("press:✅ All correct, confirm", "You already gave this in Qualification check: Digital"),
    ("press:✓ Digital", "文件上傳"),
    ("press:📋 Review", "📋 Review: My application"),
]


async def play(chat: Chat, script: list[tuple[str, str]]) -> str:
    text = ""
    for step, expected in script:
        text = await chat.press(step[6:]) if step.startswith("press:") else await chat.send(step)
        assert expected in text, f"after {step!r} expected {expected!r} in:\n{text}"
    return text


async def draft_sections(app: App, user_id: int) -> dict[str, Any]:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        return store.answers((await store.drafts_of(user_id))[0])


async def test_english_applicant_reaches_the_review_card(app: App) -> None:
    chat = Chat(app.engine, 41)
    await chat.send("/start lang_en")
    review = await play(chat, ABROAD_EN)
    # every answer given, no document uploaded yet: the verdict says so (5 documents of the salary route)
    assert "INCOMPLETE: not ready to submit. 5 missing, 0 to fix" in review
    assert "⚠️ 文件上傳 · Documents: missing 照片、護照、履歷、國內外服務證明、薪資扣繳或納稅證明" in review
    for line in ("English surname (英文姓氏): SMITH", "Date of birth (Gregorian) (出生日期(西元)): 1990-07-30",
                 "Passport expiry date", "2032-02-28", "Card validity (就業金卡有效期間): 3 years",
                 "非美籍外籍人士境外申請", "These answers cannot be changed on the platform later."):
        assert line in review, line
    sections = await draft_sections(app, 41)
    assert sections["basic_data"]["nationality"] == "DE"
    assert sections["passport_data"]["passport_expiry_date"] == "2032-02-28"
    assert sections["field_of_expertise"]["professional_field"] == "digital"
    text = await chat.send("/status")
    assert "Basic data: 14 of 15 answered" not in text  # skipped optional answers count as answered
    assert "Field of expertise: 1 of 1 answered" in text


async def test_chinese_applicant_in_the_console_sees_traditional_chinese_only(app: App) -> None:
    lines = ["1", "1", "2", "1", "2", "2", "1", "1", "今天", "1",  # opening, confirm, declaration, plan, privacy
             "Wang", "Da Ming", "王大明", "1990-07-30", "2", "德國", "工程師", "2", "2", "wang@example.de", "德國",
             "Berliner Str. 1, Berlin", "+49 30 1234567", "略過", "Berlin",
             "1", "C01X00T47", "2022-03-01", "2032-02-28", "柏林", "略過", "德國", "駐德國台北代表處",
             *["否"] * 11, "3", "1", "1", "略過", "否", "是", "數位", "是", "1", "✓ 數位領域", "📋 檢視"]
    out = io.StringIO()
    door = ConsoleDoor(app.engine, 42, lang="zh_TW", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    await door.run()
    output = out.getvalue()
    assert "📋 檢視：我的申請" in output
    assert "尚未完成：還不能送出。尚缺 5 項、須修正 0 項" in output
    assert "出生日期(西元)：1990-07-30" in output
    assert not simplified_characters(output)
    sections = await draft_sections(app, 42)
    assert sections["basic_data"]["chinese_name"] == "王大明"
    assert sections["basic_data"]["date_of_birth"] == "1990-07-30"


PERSONA: list[tuple[str, str]] = [
    ("press:Start: Opening questions", "同意"),
    ("press:I agree", ""),
    ("press:No", ""),
    ("press:Foreign national (not a US national)", ""),
    ("press:Yes, I am in Taiwan", "您入境中華民國或目前所持證件"),
    # mistake: a visa-exempt entry picked as a 60-day visa
    ("press:60 days or more, with no restriction", "did you apply for this visa before you travelled"),
    ("press:No, only an entry stamp", "Then you entered visa-exempt"),
    ("press:I entered visa-exempt", "請留意在臺停留期限"),
    ("press:No", "非美籍外籍人士境內申請(免簽證入國)"),
    ("press:✅ All correct, confirm", "系統使用聲明事項(就業金卡部分)"),
    ("press:☑ I have read it and agree", "When do you plan to submit on the platform?"),
    ("press:Today", "Who:"),
    ("press:✅ I agree", "英文姓氏"),
    # mistakes: letters the platform does not take, and a hyphenated name
    ("Müller-Lüdenscheidt", "plain letters A–Z"),
    ("press:MULLER LUDENSCHEIDT", "英文名字"),
    ("Anna-Lena", "a hyphen in a name is typed as a space"),
    ("press:Skip", ""),
    ("1991-02-03", ""),
    ("press:Female", ""),
    ("Germany", ""),
    ("Researcher", ""),
    ("press:Doctorate", ""),
    ("press:Married", ""),
    ("anna@example.de", ""),
    ("Germany", ""),
    ("Hauptstr. 2, München", ""),
    ("+49 89 1234567", ""),
    ("press:Skip", ""),
    ("München", "護照種類"),
    ("press:Ordinary", ""),
    ("C01X00T47", ""),
    ("2017-05-01", ""),
    # mistake: a passport with 5 months left
    ("2027-04-20", "6 months"),
    ("2031-04-20", "護照發照地點"),
    ("München", ""),
    ("press:Skip", "申請地點"),  # visa-exempt entry: the passport is still inspected (BOCA)
    ("Taiwan", "館處"),
    ("外交部領事事務局", "是否初次赴台?"),
    *[("press:No", label) for label in [*VISA_QUESTIONS[1:], "就業金卡有效期間"]],
    ("press:1 year", ""),
    ("press:Collect in person in Taiwan", ""),
    ("press:Taipei City Service Center", "居留地址"),
    # mistake: an address typed in English
    ("No. 3, Baoqing Rd, Taipei", "台北市中正區寶慶路3號2樓"),
    # mistake: Simplified characters
    ("台北市中正区宝庆路3号2楼", "are Simplified characters; the platform needs Traditional ones"),
    ("press:台北市中正區寶慶路3號2樓", "Have you ever held an ROC residence permit"),
    ("press:Yes", "統一證號"),
    # mistake: a wrong UI number
    ("A800000015", "check"),
    ("A800000014", "First, the route most fields share"),
    ("press:No", "Which field do you work in?"),
    ("press:Science & Technology", "Yes"),
    ("press:Yes", "You may qualify under Science & Technology"),
    ("press:✅ All correct, confirm", "You already gave this in Qualification check"),
    ("press:✓ Science & Technology", "文件上傳"),
    ("press:📋 Review", "📋 Review: My application"),
]


async def test_persona_with_common_mistakes_gets_fix_it_messages_and_completes(app: App) -> None:
    chat = Chat(app.engine, 43)
    await chat.send("/start lang_en")
    review = await play(chat, PERSONA)
    assert "5 missing, 0 to fix" in review  # every answer given; the documents are still to upload
    sections = await draft_sections(app, 43)
    assert sections["opening"]["entry_document"] == "visa_exempt"
    assert sections["basic_data"]["english_surname"] == "MULLER LUDENSCHEIDT"
    assert sections["basic_data"]["english_given_name"] == "ANNA LENA"
    assert sections["passport_data"]["passport_expiry_date"] == "2031-04-20"
    assert sections["residence"]["residence_address"] == "台北市中正區寶慶路3號2樓"
    assert sections["residence"]["ui_number"] == "A800000014"
