"""SIGKILL mid-dialog many times: the real ``goldcard-bot run`` process is killed after almost every
answer, sometimes right after the answer was confirmed, sometimes while it is still being handled. At
the end every answer is stored exactly once and the user stands at the right question."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from storage.crypto import Sealer, decode_key
from storage.db import Database
from storage.repositories import Store
from tests.telegram.door_scenarios import Chat
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.test_kill_restart import BotProcess, all_confirmed, processes  # noqa: F401 - fixture

pytestmark = pytest.mark.slow

ANSWERS = ["I agree", "No", "US national", "No, I apply from abroad", "No"]
BASIC = ["Doe", "Jane", "press:Skip", "1985-03-04", "Female", "United States", "Engineer", "Master's degree", "Married",
         "jane@example.ca"]


async def test_many_kills_lose_nothing_and_apply_nothing_twice(fake_api: FakeBotAPI, processes,  # noqa: F811
                                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    start, started = processes
    chat = Chat(fake_api)
    await start()
    await chat.send("/start lang_en")
    await chat.send("/start opening")
    steps = [*ANSWERS, "press:✅ All correct, confirm", "press:☑ I have read it and agree", "press:Today",
             "press:✅ I agree", *BASIC]
    for number, step in enumerate(steps):
        if step.startswith("press:"):
            fake_api.press(chat.user_id, step[6:])
        else:
            fake_api.push_text(chat.user_id, step)
        if number % 2:  # kill while the update may still be in hand: it is delivered again after the restart
            await asyncio.sleep(0)
        else:
            await all_confirmed(fake_api)
        await started[-1].kill()
        await start()
        mark = len(fake_api.sent(chat.user_id))
        fake_api.push_text(chat.user_id, "/start")  # welcome back: where the user stands now

        def settled(mark: int = mark) -> bool:
            sent = [m.plain for m in fake_api.sent(chat.user_id)[mark:]]
            return any(t.startswith("Welcome back") for t in sent)  # the current question comes with it

        await fake_api.wait_until(settled, what="the welcome back and the current question")
    await all_confirmed(fake_api)
    await started[-1].kill()  # one more, after everything was handled (a clean stop is tested in test_kill_restart)

    key = (tmp_path / "data" / "secret.key").read_text().strip()
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'goldcard.db'}")
    try:
        async with database.transaction() as session:
            store = Store(session, Sealer([decode_key(key)]))
            sections = store.answers((await store.drafts_of(chat.user_id))[0])
            conversation = await store.conversation(chat.user_id)
    finally:
        await database.dispose()
    assert sections["opening"]["nationality_identity"] == "foreign_us" and sections["opening"]["_confirmed"]
    basic = sections["basic_data"]
    assert (basic["english_surname"], basic["english_given_name"], basic["chinese_name"]) == ("DOE", "JANE", None)
    assert basic["date_of_birth"] == "1985-03-04" and basic["nationality"] == "US"
    assert basic["email"] == "jane@example.ca"
    assert (conversation.flow, conversation.question) == ("basic_data", "birth_country")
    last = fake_api.sent(chat.user_id)[-1].plain
    assert "Basic data · question 11 of 15" in last and "出生地點(國家)" in last, "the current question"
