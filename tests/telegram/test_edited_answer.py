"""Telegram's edited_message through both doors and the fake Bot API: an edit of the message that gave the latest
answer corrects it (the same rule, the user told, the next question again); an edit of an older message changes
nothing and says how to change an earlier answer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.ptb_door import running_ptb
from storage.repositories import Store
from tests.dialogs.test_application import ABROAD_EN
from tests.telegram.bots import RunningBot, StartBot
from tests.telegram.fake_bot_api import FakeBotAPI

USER = 5550088


@pytest.fixture(params=[running_ptb, running_aiogram], ids=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    return request.param


class Chat:
    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.seen = 0

    async def until(self, expected: str) -> str:
        def arrived() -> str | None:
            joined = "\n\n".join(m.plain for m in self.api.sent(USER)[self.seen:])
            return joined if expected in joined else None

        joined = await self.api.wait_until(arrived, what=f"{expected!r} in chat {USER}")
        self.seen = len(self.api.sent(USER))
        return str(joined)

    async def step(self, step: str, expected: str) -> int:
        """Type or press (``press:<label>``); the update id."""
        if step.startswith("press:"):
            message = self.api.last_keyboard(USER)
            label = next(text for text, _ in message.buttons if step[6:] in text)
            update_id = self.api.press(USER, label, "en", message)
        else:
            update_id = self.api.push_text(USER, step, "en")
        await self.until(expected)
        return update_id

    def message_id(self, update_id: int) -> int:
        return int(self.api.update(update_id)["message"]["message_id"])


async def basic_data(bot: RunningBot) -> dict[str, Any]:
    assert bot.app is not None
    async with bot.app.db.transaction() as session:
        store = Store(session, bot.app.engine.sealer)
        [draft] = await store.drafts_of(USER)
        return dict(store.answers(draft)["basic_data"])


async def test_an_edit_of_the_latest_answer_corrects_it(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    bot = await start_bot()
    chat = Chat(fake_api)
    fake_api.push_text(USER, "/start lang_en", "en")
    await chat.until("What would you like to do?")
    steps = iter(ABROAD_EN)
    for step, expected in steps:
        await chat.step(step, expected)
        if expected == "英文姓氏":
            break
    surname = chat.message_id(await chat.step("Smith", "英文名字"))

    fake_api.push_edit(USER, surname, "Smyth")  # corrected while the next question waits
    corrected = await chat.until("英文名字")
    assert "You edited your answer to “English surname”" in corrected and "SMYTH" in corrected
    assert (await basic_data(bot))["english_surname"] == "SMYTH"

    fake_api.push_edit(USER, surname, "Sm1th")  # again, through the same rule: refused, the old answer kept
    refused = await chat.until("英文姓氏")
    assert "You edited your answer to “English surname”" in refused
    assert (await basic_data(bot))["english_surname"] == "SMYTH"
    again = chat.message_id(await chat.step("Smith", "英文名字"))
    given = chat.message_id(await chat.step("John", "中文姓名"))

    fake_api.push_edit(USER, surname, "Smithers")  # an older message: nothing changes
    note = await chat.until("To change an earlier answer")
    assert "⬅ Back" in note and "Change an answer" in note
    fake_api.push_edit(USER, again, "Smithers")  # no longer the latest answer either: one came since
    await chat.until("To change an earlier answer")
    assert (await basic_data(bot))["english_surname"] == "SMITH"

    fake_api.push_edit(USER, given, "Jon")  # the latest answer still (the edits since were no answers)
    await chat.until("中文姓名")
    assert (await basic_data(bot))["english_given_name"] == "JON"
