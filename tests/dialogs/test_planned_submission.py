"""The planned submission date, asked right after STEP 10's acknowledgement: Today or a date within a year,
a past date and one more than a year ahead refused with the reason, the answer committed (both languages)."""

from __future__ import annotations

from bot.app import App
from bot.i18n_catalogs import simplified_characters
from tests.dialogs.helpers import run_console, sections
from tests.dialogs.test_seed_fidelity import OPENING_EN
from tests.forms.helpers import TODAY
from tests.harness import Chat


async def test_a_typed_date_is_checked_and_committed_in_english(app: App) -> None:
    chat = Chat(app.engine, 161)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    for label in OPENING_EN:
        await chat.press(label)
    text = await chat.press("☑ I have read it and agree")
    assert "When do you plan to submit on the platform?" in text and "6 months after that day" in text
    text = await chat.send("2026-11-20")
    assert "2026-11-20 is in the past" in text and "Who:" not in text
    text = await chat.send("2028-01-01")
    assert "more than a year ahead (after 2027-11-21)" in text and "Who:" not in text
    assert "planned_submission_date" not in (await sections(app, 161))["declaration"]
    text = await chat.send("2027-01-15")
    assert "Saved: Planned submission date = 2027-01-15" in text and "Who:" in text
    assert (await sections(app, 161))["declaration"]["planned_submission_date"] == "2027-01-15"


async def test_today_in_chinese(app: App) -> None:
    lines = ["/start opening", "1", "2", "1", "2", "2", "1", "1", "2026-01-01", "今天"]
    output = await run_console(app, lines, "zh_TW", user=162)
    assert "您預計何時在平臺送件？" in output
    assert "2026-01-01 已是過去的日期" in output
    assert f"已儲存：預計送件日期 = {TODAY.isoformat()}（" in output  # the date, echoed with its long form
    assert not simplified_characters(output)
    assert (await sections(app, 162))["declaration"]["planned_submission_date"] == TODAY.isoformat()
