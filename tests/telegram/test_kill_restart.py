"""Kill the real ``goldcard-bot run`` process (python-telegram-bot door, the default) with SIGKILL
between two answers, start it again: the user is asked the same next question and every earlier
answer is kept. The second kill hits while Telegram's answer to the bot's reply is still on its
way: the answer was committed before the reply was sent, and the update, still in the bot's inbox, is
handed over again after the restart without a second effect."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from bot.config import Settings
from bot.i18n import Msg
from tests.telegram.bots import TOKEN
from tests.telegram.door_scenarios import ANSWERS, HEADINGS, IDENTITY, SUMMARY_LABELS, USER, Chat, plain, text
from tests.telegram.fake_bot_api import FakeBotAPI, SentMessage

pytestmark = pytest.mark.slow
SECRET = "my secret answer 8417"  # typed once: it must never show up in the logs


def bot_command() -> list[str]:
    script = Path(sys.executable).with_name("goldcard-bot")
    return [str(script), "run"] if script.exists() else [sys.executable, "-m", "bot", "run"]


class BotProcess:
    """``goldcard-bot run`` as a separate process, configured through its environment only."""

    def __init__(self, api: FakeBotAPI, workdir: Path, number: int, *args: str) -> None:
        self.api = api
        self.args = args
        self.workdir = workdir
        self.log_path = workdir / f"bot-{number}.log"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> BotProcess:
        own = {name.upper() for name in Settings.model_fields}
        env = {key: value for key, value in os.environ.items() if key.upper() not in own}
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=self.api.url, DATA_DIR=str(self.workdir / "data"),
                   LOG_LEVEL="INFO", POLL_TIMEOUT="5")
        with self.log_path.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                *bot_command(), *self.args, cwd=self.workdir, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=log,
                stderr=asyncio.subprocess.STDOUT)
        return self

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def terminate(self, within: float = 30.0) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), within)

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
async def processes(fake_api: FakeBotAPI, tmp_path: Path):  # type: ignore[no-untyped-def]
    started: list[BotProcess] = []

    async def start(*args: str) -> BotProcess:
        bot = BotProcess(fake_api, tmp_path, len(started) + 1, *args)
        started.append(bot)
        return await bot.start()

    yield start, started
    for bot in started:
        if bot.process is not None and bot.process.returncode is None:
            await bot.kill()


async def all_confirmed(api: FakeBotAPI) -> None:
    """Every update was fetched and confirmed by the bot (it asked for the next ones): each is stored in the
    bot's inbox, handled or not."""
    await api.wait_until(lambda: not api.unconfirmed, within=30, what="the bot to confirm its updates")


async def all_handled(api: FakeBotAPI, workdir: Path) -> None:
    """Every update was confirmed, handled and its replies marked sent: the bot's inbox is empty."""
    await all_confirmed(api)
    database = workdir / "data" / "goldcard.db"
    for _ in range(3000):
        with closing(sqlite3.connect(database)) as connection:
            if connection.execute("SELECT COUNT(*) FROM inbox").fetchone() == (0,):
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the bot's inbox was not emptied within 30 s")


def question_of(message: SentMessage) -> str:
    """The question part of a prompt (without a "Saved: …" or "Welcome back" in front)."""
    position = message.plain.find("Opening questions · question")
    assert position >= 0, message.plain
    return message.plain[position:]


async def test_sigkill_between_answers_loses_nothing(fake_api: FakeBotAPI, processes,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    start, started = processes
    chat = Chat(fake_api)
    answers = ANSWERS["en"]

    await start()
    await chat.send("/start")
    await chat.press("English")
    await chat.press(chat.start_button())
    await chat.press(answers["agree"])
    retry = await chat.send(SECRET)  # not an option: asked again
    question_2 = question_of(retry[-1])
    assert HEADINGS["held_gold_card"] in question_2
    await all_handled(fake_api, tmp_path)
    await started[0].kill()  # between the first and the second answer

    await start()
    resumed = await chat.send("/start")
    assert resumed[0].plain.startswith(text("Welcome back! You were at: {flow} ({done} of {total} answered). "
                                            "Everything you entered is saved.", "en", flow=Msg("Opening questions"),
                                            done=1, total=5))
    assert question_of(resumed[-1]) == question_2, "the same next question"
    await chat.press(answers["held_gold_card"])

    fake_api.hold("sendMessage")  # Telegram gets the reply but the bot never hears back
    fake_api.press(USER, answers["nationality_identity"])
    held = (await chat.prompt())[-1]
    question_4 = question_of(held)
    assert HEADINGS["inside_taiwan"] in question_4
    await started[1].kill()  # after the third answer was committed, before its reply was acknowledged
    fake_api.release()

    await start()  # the answer in the inbox is handed over again: no second effect, the question shown again
    again = await chat.prompt()
    assert question_of(again[-1]) == question_4
    resumed = await chat.send("/start")
    assert resumed[0].plain.startswith(text("Welcome back! You were at: {flow} ({done} of {total} answered). "
                                            "Everything you entered is saved.", "en", flow=Msg("Opening questions"),
                                            done=3, total=5))
    assert question_of(resumed[-1]) == question_4, "the same next question"
    await chat.press(answers["inside_taiwan"])
    summary = plain(await chat.press(answers["roc_nationality"]))
    for key, answer in answers.items():
        assert text("{label}: {value}", "en", label=SUMMARY_LABELS["en"][key], value=answer) in summary, key
    assert IDENTITY in summary

    assert await started[2].terminate() == 0, "SIGTERM stops the bot cleanly"
    for bot in started:
        log = bot.log
        assert TOKEN not in log, f"the token is in {bot.log_path.name}"
        assert SECRET not in log, f"a message text is in {bot.log_path.name}"
    assert "bot stopped" in started[2].log
    for path in (tmp_path / "data").rglob("*"):  # the database, its journal, the key file, the uploads
        assert not path.is_file() or SECRET.encode() not in path.read_bytes(), f"a message text is in {path.name}"


async def test_aiogram_process_answers_and_stops_on_sigterm(fake_api: FakeBotAPI, processes) -> None:  # type: ignore[no-untyped-def]
    """``goldcard-bot run --transport aiogram``: the same engine behind the other door, same clean stop."""
    pytest.importorskip("aiogram")
    start, started = processes
    chat = Chat(fake_api, language_code="zh-hant")
    await start("--transport", "aiogram")
    picker = await chat.send("/start")
    assert [label for label, _ in picker[-1].buttons] == ["English", "繁體中文"]
    await chat.press("繁體中文")
    await fake_api.wait_for_call("setMyCommands", count=2)  # published while the door already polls
    assert fake_api.commands.keys() == {None, "zh"}
    assert await started[0].terminate() == 0
    assert "bot stopped" in started[0].log and TOKEN not in started[0].log
