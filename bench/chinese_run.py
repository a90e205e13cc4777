"""Benchmark 3's literal case in the ``run`` process: the Simplified-Chinese conversation of the console row
(bench/common.py ``ZH_SIMPLIFIED_CONSOLE``), typed and pressed through the Telegram door by one user, then
``/export`` and its PDF. Used by bench/bench_memory.py; not a test.

The console script numbers buttons as the console does (across every message of one reply); here a number
presses the button with that number among the messages the bot sent or edited for the previous line, and a
line equal to a button's label presses it. The user's Telegram is set to Simplified Chinese (``zh-hans``):
the bot first asks for a language, and the user picks 繁體中文. Each chat may get its messages back to back
(``CHAT_SEND_BURST``) so that the script does not wait a second per message; the overall limit is kept.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.common import ZH_EXPORT, ZH_SIMPLIFIED_CONSOLE
from bench.fakeapi import BenchBotAPI
from bot.console import NAVIGATION
from bot.engine.state import ButtonData
from storage.crypto import generate_key

USER = 88_888
LANGUAGE = "zh-hans"
SETTLED = 0.4  # seconds without a call to the Bot API: the bot has answered a line
REVIEWED = "領域專長：數位領域"  # on the review card once the whole conversation went as the script means


class Typist:
    """One user typing the script's lines into Telegram and pressing the buttons they name."""

    def __init__(self, api: BenchBotAPI) -> None:
        self.api = api
        self.buttons: list[tuple[str, str, int]] = []  # (label, callback data, message id) of the last reply

    def pressed(self, line: str) -> tuple[str, str, int] | None:
        numbered = any((data := ButtonData.parse(button[1])) is None or data.action not in NAVIGATION
                       for button in self.buttons)
        if line.isdigit() and numbered and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]
        return next((button for button in self.buttons if button[0].casefold() == line.casefold()), None)

    async def say(self, line: str) -> None:
        api = self.api
        start = len(api.calls)
        newest = max((message.message_id for message in api.messages.get(USER, [])), default=0)
        button = self.pressed(line)
        if button is not None:
            api.push_callback(USER, button[1], button[2], LANGUAGE)
        else:
            api.push_texts([(USER, line)], language_code=LANGUAGE)
        await api.wait_until(lambda: any(call.method in ("sendMessage", "editMessageText", "sendDocument")
                                         for call in api.calls[start:]), within=60, what=f"a reply to {line!r}")
        seen = -1
        while seen != len(api.calls):
            seen = len(api.calls)
            await asyncio.sleep(SETTLED)
        touched = list(dict.fromkeys(int(call.params["message_id"]) for call in api.calls[start:]
                                     if call.method in ("editMessageText", "editMessageReplyMarkup")))
        touched += [m.message_id for m in api.messages.get(USER, []) if m.message_id > newest]
        shown = sorted((m for m in api.messages.get(USER, []) if m.message_id in touched),
                       key=lambda m: touched.index(m.message_id))
        if shown:
            self.buttons = [(label, data, m.message_id) for m in shown for label, data in m.buttons]


async def converse_in_chinese(api: BenchBotAPI) -> None:
    """The script, then /export, until its PDF is sent, in a fresh run process polling ``api``. Raises when the
    conversation did not go as the script means."""
    typist = Typist(api)
    start = len(api.calls)
    for line in ("/start", "繁體中文", *ZH_SIMPLIFIED_CONSOLE):
        await typist.say(line)
    if not any(REVIEWED in message.plain for message in api.messages.get(USER, [])):
        raise RuntimeError("the Chinese conversation did not reach the review card as the script means")
    for line in ZH_EXPORT:
        await typist.say(line)
    await api.wait_until(lambda: any(call.method == "sendDocument" for call in api.calls[start:]), within=120,
                         what="the exported PDF")


def chinese_environment(environment: dict[str, str], data_dir: Path) -> dict[str, str]:
    """The run process's environment for this case: a data directory and key of its own."""
    return {**environment, "DATA_DIR": str(data_dir), "ENCRYPTION_KEYS": generate_key(), "CHAT_SEND_BURST": "1000"}
