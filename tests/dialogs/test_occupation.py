"""The occupation question (現職): the platform's list shown numbered, Chinese beside English, and a typed job
answered with the closest options to tap; a typed job that is not on the list is never stored."""

from __future__ import annotations

from bot.app import App
from bot.forms.facts import choice_list
from tests.dialogs.test_application import ABROAD_EN, draft_sections, play
from tests.harness import Chat

TO_OCCUPATION = ABROAD_EN[:ABROAD_EN.index(("Germany", "現職")) + 1]
OPTIONS = choice_list("occupation").options


async def at_occupation(app: App, user_id: int, locale: str = "en") -> tuple[Chat, str]:
    chat = Chat(app.engine, user_id)
    await chat.send("/start lang_en")
    prompt = await play(chat, TO_OCCUPATION)
    if locale == "zh_TW":
        await chat.send("/language")
        prompt = await chat.press("繁體中文")
    return chat, prompt


async def test_the_whole_list_is_shown_numbered_chinese_beside_english(app: App) -> None:
    chat, prompt = await at_occupation(app, 61)
    assert len(OPTIONS) > 40
    for number, option in enumerate(OPTIONS, 1):
        assert f"{number} {option.zh} {option.en}\n" in prompt + "\n", option.value
    assert "Only 公教職員 (Civil servant or teacher), 公務機關 (Government agency) appear" in prompt
    # no button per option (55 buttons are no use on a phone): the number or the job is typed
    assert not any(option.en in label or option.zh in label for option in OPTIONS for label in chat.labels())


async def test_chinese_reader_sees_the_list_in_chinese(app: App) -> None:
    _chat, prompt = await at_occupation(app, 62, "zh_TW")
    assert "1 公教職員　2 公務機關　3 軍人" in prompt and "教授" in prompt
    assert "Civil servant" not in prompt and "Engineer" not in prompt


async def test_a_typed_job_gets_the_closest_options_and_is_stored_only_after_a_tap(app: App) -> None:
    chat, _prompt = await at_occupation(app, 63)
    reply = await chat.send("software engineer")
    assert "Saved" not in reply
    assert "not on the platform's list. The closest options: IT professional, Engineer" in reply
    assert chat.labels()[:2] == ["資訊人員 IT professional", "工程師 Engineer"]
    assert "1 公教職員 Civil servant or teacher" not in reply  # the list is not repeated with suggestions
    assert "occupation" not in (await draft_sections(app, 63)).get("basic_data", {})
    reply = await chat.press("資訊人員 IT professional")
    assert "Saved: Current occupation = IT professional" in reply and "最高學歷" in reply
    assert (await draft_sections(app, 63))["basic_data"]["occupation"] == "it_professional"


async def test_designer_and_a_job_far_from_every_option(app: App) -> None:
    chat, _prompt = await at_occupation(app, 64)
    await chat.send("designer")
    assert {"自由業 Freelance", "藝術家 Artist"} <= set(chat.labels())
    reply = await chat.send("astronaut")
    assert "nothing close to “astronaut”" in reply and "其他業 Other occupation" in chat.labels()
    assert "occupation" not in (await draft_sections(app, 64)).get("basic_data", {})


async def test_an_option_typed_or_its_number_is_taken_at_once(app: App) -> None:
    chat, _prompt = await at_occupation(app, 65, "zh_TW")
    reply = await chat.send("教授")
    assert "已儲存" in reply and "教授" in reply and "最高學歷" in reply
    assert (await draft_sections(app, 65))["basic_data"]["occupation"] == "professor"
    await chat.send("上一題")
    number = [option.value for option in OPTIONS].index("engineer") + 1
    await chat.send(str(number))
    assert (await draft_sections(app, 65))["basic_data"]["occupation"] == "engineer"


async def test_short_lists_keep_their_buttons(app: App) -> None:
    chat, _prompt = await at_occupation(app, 66)
    await chat.send("IT professional")
    assert {"Doctorate (PhD)", "Master's degree", "Bachelor's degree"} <= set(chat.labels())


async def test_in_the_console_a_number_at_the_list_is_the_options_number(app: App) -> None:
    """The list shows no option buttons, so the console does not take "42" as a button: it is option 42."""
    import io

    from bot.console import ConsoleDoor

    number = [option.value for option in OPTIONS].index("engineer") + 1
    lines = ["1", "1", "2", "1", "2", "2", "1", "1", "今天", "1",  # opening, confirm, declaration, plan, privacy
             "Wang", "Da Ming", "王大明", "1990-07-30", "2", "德國", str(number), "2"]
    out = io.StringIO()
    door = ConsoleDoor(app.engine, 67, lang="zh_TW", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    await door.run()
    assert f"{number} 工程師" in out.getvalue()
    assert (await draft_sections(app, 67))["basic_data"]["occupation"] == "engineer"


async def test_the_missions_long_list_is_numbered_too_and_a_typed_city_still_works(app: App) -> None:
    chat = Chat(app.engine, 68)
    await chat.send("/start lang_en")
    prompt = await play(chat, ABROAD_EN[:ABROAD_EN.index(("Germany", "館處")) + 1])
    assert "\n1 駐德國台北代表處 Taipei Representative Office in the Federal Republic of Germany (Berlin)" in prompt
    assert "Only " not in prompt  # no option of the missions' list is in the tutorials: no such note
    assert chat.labels() == ["⬅ Back"]
    await chat.send("Berlin")
    assert (await draft_sections(app, 68))["visa_application"]["application_location"] == "駐德國台北代表處"


async def test_a_question_typed_at_the_list_is_answered_not_matched(app: App) -> None:
    chat, _prompt = await at_occupation(app, 69)
    reply = await chat.send("what is the fee?")
    assert "Saved" not in reply and "nothing close" not in reply and "may fit your question" in reply
    assert "How much does the Gold Card cost?" in chat.labels()  # the help desk's answers to tap
    assert "occupation" not in (await draft_sections(app, 69)).get("basic_data", {})
