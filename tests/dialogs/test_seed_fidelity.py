"""Fidelity to the seeds (issue 15): STEP 10's declaration between the opening questions and 基本資料, the
confirmed wording of 您的國籍或身分, the browser advice before every platform step, and the Hong Kong / Macau
notes. Each test fails without the change it guards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app import App
from bot.dialogs import FLOWS
from bot.dialogs.data_change import copy_sheet as data_change_sheet
from bot.dialogs.registration import copy_sheet as registration_sheet
from bot.dialogs.submission import copy_sheet as submission_sheet
from bot.dialogs.supplement_files import copy_sheet as supplement_sheet
from bot.forms.countries import birth_country, other_nationality
from bot.forms.draft import load_draft
from bot.forms.sections.declaration import NO_REFUND_ZH
from bot.i18n import render
from bot.i18n_catalogs import simplified_characters
from tests.dialogs.helpers import run_console, sections
from tests.forms.helpers import TODAY, accepted, both, ctx
from tests.harness import Chat

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OPENING_EN = ("I agree", "No", "Foreign national (not a US national)", "No, I apply from abroad", "No",
              "✅ All correct, confirm")


async def test_step_10_comes_between_the_opening_questions_and_basic_data(app: App) -> None:
    chat = Chat(app.engine, 151)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    for label in OPENING_EN:
        text = await chat.press(label)
    assert "系統使用聲明事項(就業金卡部分)" in text and NO_REFUND_ZH in text  # seed 001 line 238, verbatim
    assert "once the fee of this application is paid it is not refunded, whether the card is approved or not" in text
    assert "同意上述條款，請打勾。" in text and "英文姓氏" not in text
    text = await chat.press("☑ I have read it and agree")
    assert "When do you plan to submit on the platform?" in text  # the bot's own question, then 基本資料
    text = await chat.press("Today")
    assert "Who:" in text  # then the privacy notice and 基本資料
    stored = await sections(app, 151)
    assert stored["declaration"] == {"no_refund_acknowledged": True, "planned_submission_date": TODAY.isoformat()}


async def test_step_10_in_chinese(app: App) -> None:
    output = await run_console(app, ["/start opening", "1", "2", "1", "2", "2", "1", "1", "1", "1"], "zh_TW", user=152)
    assert NO_REFUND_ZH in output
    assert "重點：審查訊息以電子郵件通知；本申請案一旦完成繳費後，無論核准與否均不退費。" in output
    assert "請在平臺上詳閱整份聲明，再勾選「同意上述條款，請打勾。」並按「確定」。" in output
    assert not simplified_characters(output)
    assert (await sections(app, 152))["declaration"]["no_refund_acknowledged"] is True


def test_a_draft_without_the_acknowledgement_is_not_complete() -> None:
    data = json.loads((FIXTURES / "draft_complete.json").read_text(encoding="utf-8"))
    assert load_draft(json.dumps(data)).is_complete(TODAY)
    del data["declaration"]
    draft = load_draft(json.dumps(data))
    assert [ref.path for ref in draft.missing()["declaration"]] == ["declaration.no_refund_acknowledged"]
    assert not draft.is_complete(TODAY)
    data["declaration"] = {"no_refund_acknowledged": False}  # not ticked: the platform does not go on
    problems = [p for p in load_draft(json.dumps(data)).problems(TODAY) if p.section == "declaration"]
    assert [(p.key, p.kind) for p in problems] == [("no_refund_acknowledged", "invalid")]
    english, chinese = both(problems[0].message)
    assert "同意上述條款" in english and "同意上述條款" in chinese


async def test_only_confirmed_wording_is_introduced_as_the_platforms(app: App) -> None:
    chat = Chat(app.engine, 153)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    await chat.press("I agree")
    text = await chat.press("No")
    assert "您的國籍或身分" in text
    listed = text.split("On the platform the options read:", 1)[1].split("\n\n", 1)[0]
    assert listed.strip().splitlines() == ["1. 非美籍外籍人士"]  # not 美籍人士, 香港居民 ...: the bot's own labels
    assert "the other options here are the bot's own descriptions" in text


def test_no_unconfirmed_option_is_shown_as_the_platforms_wording() -> None:
    for flow in FLOWS.values():
        for question in flow.questions:
            if question.key == "nationality_identity":
                assert [c.platform_label for c in question.choices if c.platform_label] == ["非美籍外籍人士"]
    mission = FLOWS["visa_application"].question("application_location")
    assert mission is not None and mission.open_list and mission.choices
    assert all(choice.platform_label is None for choice in mission.choices)  # mission names: UNCONFIRMED


BROWSER_EN = "use Google Chrome or Firefox, avoid Safari, and do not connect through a VPN"


@pytest.mark.parametrize("lines", [
    pytest.param(lambda: registration_sheet({"applicant_role": "self"}), id="registration"),
    pytest.param(lambda: registration_sheet({"applicant_role": "employer"}), id="registration-employer"),
    pytest.param(lambda: FLOWS["opening"].done({"agree": True, "held_gold_card": False, "nationality_identity":
                                                "foreign_non_us", "inside_taiwan": False,
                                                "roc_nationality": False}), id="application"),
    pytest.param(lambda: data_change_sheet({"change_kind": "contact", "email": "a@example.de"}), id="data-change"),
    pytest.param(lambda: supplement_sheet({"application_number": "113551045830"}, []), id="supplement"),
    pytest.param(lambda: submission_sheet({"application_number": "113551045830"}), id="payment"),
])
def test_browser_advice_comes_before_every_platform_step(lines) -> None:  # type: ignore[no-untyped-def]
    rendered = [render(line, "en") for line in lines()]
    advice = next(index for index, line in enumerate(rendered) if BROWSER_EN in line)
    on_platform = next((index for index, line in enumerate(rendered)
                        if "On the platform" in line or "Pay online" in line), len(rendered))
    assert advice < on_platform
    assert any("建議使用 Google Chrome 或 Firefox 瀏覽器" in render(line, "zh_TW") for line in lines())


def test_hong_kong_residents_born_in_mainland_get_the_residents_note() -> None:
    """Seed 001 line 310: the residents' documents, not the foreigners' four years abroad."""
    resident = accepted(birth_country("CN", ctx(nationality_identity="hong_kong")))
    english, chinese = both(resident.notes[0])
    assert "Home Return Permit" in english and "回鄉證" in chinese and "4 years" not in english
    foreigner = accepted(birth_country("CN", ctx(nationality_identity="foreign_non_us")))
    assert "4 years" in both(foreigner.notes[0])[0]


def test_hong_kong_residents_with_another_passport_are_told_what_it_means() -> None:
    """Seed 001 line 304: a resident holding another foreign passport."""
    result = accepted(other_nationality("Canada", ctx(nationality_identity="macau", nationality="MO")))
    english, chinese = both(result.notes[0])
    assert "give up that foreign citizenship" in english and "放棄該外國國籍" in chinese
    foreigner = ctx(nationality_identity="foreign_non_us", nationality="DE")
    assert accepted(other_nationality("Canada", foreigner)).notes == ()
    summary = [render(line, "en") for line in FLOWS["opening"].summary({
        "agree": True, "held_gold_card": False, "nationality_identity": "hong_kong", "inside_taiwan": False,
        "roc_nationality": False})]
    assert any("another foreign passport (other than a BNO)" in line for line in summary)


def test_the_employer_certificate_is_only_for_when_tax_law_prevents_a_tax_statement() -> None:
    """Seed 001 lines 445-446: in the qualification summary and in the checklist."""
    from bot.dialogs.qualification import SALARY_QUESTIONS
    from bot.documents.checklist import build_checklist

    note = next(choice.note for choice in SALARY_QUESTIONS[0].choices if choice.value == "yes")
    assert note is not None
    english, chinese = render(note, "en"), render(note, "zh_TW")
    assert "Employer's salary certificate (only when tax law prevents a tax or withholding statement" in english
    assert "僅限因財稅法令規定而未能檢具薪資扣繳或納稅證明時，並敘明該財稅法令規定" in chinese
    entry = build_checklist({}, {}).entry("tax_statement")
    assert entry is not None
    assert "explain which tax rule prevents it and upload an employer's salary certificate" in render(
        entry.item.explanation, "en")
    assert "敘明未能檢具之財稅法令規定" in render(entry.item.explanation, "zh_TW")


def test_choose_the_field_before_uploading_because_changing_it_repeats_the_documents() -> None:
    """Seed 001 line 430: 重覆 (repeats), never "removes"; 環境 and 生技 only as an unconfirmed note."""
    question = FLOWS["field_of_expertise"].question("professional_field")
    assert question is not None and question.hint is not None
    hint = render(question.hint, "en")
    assert "choose it before you upload" in hint and "重覆" in hint and "remove" not in hint
    assert "環境領域 (Environment) / 生技領域 (Biotechnology)" in hint and "unconfirmed" in hint
    assert [c.platform_label for c in question.choices][-1] == "數位領域" and len(question.choices) == 10


def test_application_place_and_mission_are_two_choices_and_visa_details_follow_yes() -> None:
    """Seed 001 lines 379, 391 (申請地點 / 館處) and 385 (簽證資料 after 是, may be left blank)."""
    from bot.forms.missions import mission

    flow = FLOWS["visa_application"]
    keys = [q.key for q in flow.questions]
    assert keys[:4] == ["application_place", "application_location", "first_visit_to_taiwan",
                        "ever_issued_roc_visa"]
    assert [flow.question(k).label_zh for k in keys[:2]] == ["申請地點", "館處"]  # type: ignore[union-attr]
    details = flow.question("roc_visa_details")
    assert details is not None and details.label_zh == "簽證資料"
    assert not details.visible({"ever_issued_roc_visa": False}) and details.visible({"ever_issued_roc_visa": True})
    assert details.is_optional({"ever_issued_roc_visa": True})  # 簽證資料留白 when the record cannot be found
    known = accepted(mission("Frankfurt", ctx()))
    assert known.value == "駐法蘭克福台北辦事處" and known.notes == ()
    typed = accepted(mission("Taipei Economic and Cultural Office in Kuala Lumpur", ctx()))
    assert "boca.gov.tw" in both(typed.notes[0])[0]
