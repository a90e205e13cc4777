"""Benchmark 3: resident memory of ``goldcard-bot run``, idle and after 10,000 stored drafts and 1,000 active
conversations, beside a bare PTB echo bot.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Memory")::

    .venv/bin/python bench/bench_memory.py [--drafts 10000] [--active 1000] [--answers 1] [--quick]

Method. The fake Bot API of the tests runs in this process; the bot is the real
``.venv/bin/goldcard-bot run`` (python-telegram-bot door, long polling, SQLite in its data directory),
measured from outside as VmRSS in /proc/<pid>/status (VmHWM for the peak):

1. idle: the bot started, answered one ``/start`` and has been idle for a second; its database holds the
   two applicants from which the others are copied (one at the first question of 護照資料 with 基本資料
   filled in through the real engine);
2. + drafts: 10,000 applicants (user, conversation, sealed draft with the 基本資料 answers) written into its
   database by this process while the bot runs, as if they had come over the months;
3. + conversations: one of them answers first (what the first answers load once: lazy imports, data
   tables); then the other 999 answer (``--answers`` each, default 1; all queued at once: validated,
   stored, replied to, at the ~30 messages a second the door's send limits allow); measured when every
   reply has arrived and again after a second of rest.

4. then the first of them asks for ``/export`` (measured once the menu is shown: its verdict loads the rules'
   tables a first verdict needs) and presses "📄 PDF": the process's peak (VmHWM) once the document has been
   sent (the PDF is rendered in the document worker, a process of its own; the worker's own peak is not in
   this figure);
5. the issue's own case in the run process (bench/chinese_run.py): a fresh ``goldcard-bot run`` to which one
   user types and presses the console's Simplified-Chinese conversation (below) through Telegram, then
   ``/export`` and its PDF: the process's peak (VmHWM) once the document has been sent;
6. the console: ``goldcard-bot chat --lang zh_TW`` (a process of its own, fresh data directory) fed a whole
   conversation typed in Simplified Chinese where an applicant would (bench/common.py
   ``ZH_SIMPLIFIED_CONSOLE``: the opening, 基本資料 with 王丽华, 護照資料, the visa and card tabs, the
   qualification check, the review card), then ``/export`` and its PDF: the process's peak (VmHWM) when
   the PDF is written, and the same conversation without the export.

7. the floor: a process that only imports the libraries the run process is built on (python-telegram-bot with
   its httpx, aiohttp, SQLAlchemy's asyncio extension and ORM, aiosqlite, pydantic with one model,
   cryptography) and waits: what no bot built on them can go below.

The echo bot (bench/echo_bot.py, the fair echo) is measured the same way: idle, and after the same users'
messages. Targets (issue 22): idle ≤ 80 MB; the Chinese conversation with /export ≤ 110 MB at its peak in
the console and in the run process; 1,000 conversations add ≤ 10 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chinese_run import REVIEWED, chinese_environment, converse_in_chinese
from bench.common import (
    ANSWERS,
    BASIC_TAB,
    ROOT,
    TODAY,
    TOKEN,
    ZH_EXPORT,
    ZH_SIMPLIFIED_CONSOLE,
    build_template,
    clone_users,
    header,
    settings_for,
)
from bench.fakeapi import BenchBotAPI

BOT = ROOT / ".venv" / "bin" / "goldcard-bot"
FIRST_USER = 100_000
REST = 1.0  # seconds of rest before an idle measurement


def status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def environment(api_url: str, data_dir: Path, key: str) -> dict[str, str]:
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TZ") if name in os.environ}
    return {**keep, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api_url, "DATA_DIR": str(data_dir),
            "ENCRYPTION_KEYS": key, "PYTHONPATH": str(ROOT)}


class Child:
    def __init__(self, command: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.log = log.open("ab")
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=self.log)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


async def start_and_idle(api: BenchBotAPI, child: Child, user: int) -> dict[str, float]:
    api.push_texts([(user, "/start")])
    await api.wait_until(lambda: api.messages.get(user), within=60, what="the first reply")
    await asyncio.sleep(REST)
    return status(child.pid)


async def converse(api: BenchBotAPI, texts: list[tuple[int, str]], markers: dict[int, str]) -> float:
    api.push_texts(texts)
    result = await api.wait_markers(markers, within=300)
    return float(result["seconds"])


def console_peak(folder: Path, key: str, export: bool) -> dict[str, float]:
    """VmRSS and VmHWM of ``goldcard-bot chat --lang zh_TW`` after the Simplified-Chinese conversation
    (and, with ``export``, once the exported PDF is written), read before its input ends."""
    data = folder / ("console-export" if export else "console")
    env = {**{name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TZ") if name in os.environ},
           "DATA_DIR": str(data), "ENCRYPTION_KEYS": key, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    lines = [*ZH_SIMPLIFIED_CONSOLE, *(ZH_EXPORT if export else ())]
    process = subprocess.Popen([str(BOT), "chat", "--user", "42", "--lang", "zh_TW"], env=env, cwd=folder,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=(folder / "console-stderr.txt").open("ab"), text=True)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("\n".join(lines) + "\n")
    process.stdin.flush()
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 180
    seen, quiet_since = 0, time.monotonic()
    try:
        while time.monotonic() < deadline:
            if len(output) != seen:
                seen, quiet_since = len(output), time.monotonic()
            if export:
                done = (data / "exports").is_dir() and any((data / "exports").glob("*.pdf"))
            else:  # every line answered: the console waits for more input
                done = seen > 0 and time.monotonic() - quiet_since > 3
            if done:
                time.sleep(REST)
                break
            if process.poll() is not None:
                tail = (folder / "console-stderr.txt").read_text(errors="replace").strip().splitlines()[-3:]
                raise RuntimeError(f"the console stopped (exit code {process.returncode}): {' | '.join(tail)}")
            time.sleep(0.05)
        else:
            raise RuntimeError("the console conversation did not finish in 3 minutes")
        memory = status(process.pid)
        if not any(REVIEWED in line for line in output):
            raise RuntimeError("the console conversation did not reach the review card as the script means")
        return memory
    finally:
        process.stdin.close()
        process.kill()
        process.wait()


async def export_in_run(api: BenchBotAPI, user: int, pid: int) -> dict[str, float]:
    """``user`` asks for /export and presses the PDF button; until the document is sent. The process's memory
    once the export menu is shown (its verdict: the rules' tables a first verdict loads), before the press."""
    start = len(api.calls)
    api.push_texts([(user, "/export")])
    await api.wait_until(lambda: any(c.method == "sendMessage" and "📄" in str(c.params.get("reply_markup", ""))
                                     for c in api.calls[start:]), within=60, what="the export menu")
    await asyncio.sleep(REST)
    menu = status(pid)
    api.press(user, "📄 PDF")
    await api.wait_until(lambda: any(c.method == "sendDocument" for c in api.calls[start:]), within=120,
                         what="the exported PDF")
    return menu


FLOOR = """import asyncio
import aiohttp, aiosqlite, cryptography.hazmat.primitives.ciphers.aead, pydantic
import sqlalchemy.ext.asyncio, sqlalchemy.orm, telegram, telegram.ext
class Model(pydantic.BaseModel):  # pydantic's validation machinery loads with a first model
    name: str
print("ready", flush=True)
asyncio.run(asyncio.sleep(3600))
"""


def libraries_alone() -> dict[str, float]:
    """The floor: a process that only imports the libraries the run process is built on (python-telegram-bot
    with its httpx, aiohttp, SQLAlchemy's asyncio and ORM, aiosqlite, pydantic with one model,
    cryptography) and waits."""
    process = subprocess.Popen([sys.executable, "-c", FLOOR], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(REST)
        return status(process.pid)
    finally:
        process.kill()
        process.wait()


def row(name: str, memory: dict[str, float], idle: dict[str, float] | None = None) -> str:
    delta = f"  (+{memory['VmRSS'] - idle['VmRSS']:5.1f} MiB)" if idle else ""
    return f"{name:47} RSS {memory['VmRSS']:6.1f} MiB{delta}   peak {memory['VmHWM']:6.1f} MiB"


async def run(args: argparse.Namespace) -> int:
    from bot.app import build_app

    api = BenchBotAPI(TOKEN)
    await api.start()
    active = list(range(FIRST_USER, FIRST_USER + args.active))
    everyone = list(range(FIRST_USER, FIRST_USER + args.drafts))
    answers = ANSWERS[BASIC_TAB:BASIC_TAB + args.answers]
    try:
        with tempfile.TemporaryDirectory(prefix="goldcard-bench-") as tmp:
            folder = Path(tmp)
            log = folder / "bot-stderr.txt"
            # the two applicants everyone is copied from, through the real engine
            template = await build_template(folder / "data", [2], ANSWERS[:BASIC_TAB + args.answers],
                                            prefill=BASIC_TAB)
            env = environment(api.url, template.data_dir, template.key)

            echo = Child([sys.executable, str(ROOT / "bench" / "echo_bot.py"), "--api", api.url], env, folder,
                         folder / "echo-stderr.txt")
            try:
                echo_idle = await start_and_idle(api, echo, 90_001)
                texts = [(uid, f"{k + 1:02d}. {answer}") for k, answer in enumerate(answers) for uid in active]
                await converse(api, texts, {uid: f"{len(answers):02d}. " for uid in active})
                await asyncio.sleep(REST)
                echo_after = status(echo.pid)
            finally:
                echo.stop()
            api.reset()

            bot = Child([str(BOT), "run"], env, folder, log)
            try:
                idle = await start_and_idle(api, bot, 90_002)
                started = time.perf_counter()
                writer = build_app(settings_for(template.data_dir, template.key), today=lambda: TODAY)
                try:
                    await clone_users(writer, 2, everyone)
                finally:
                    await writer.close()
                written = time.perf_counter() - started
                await asyncio.sleep(REST)
                with_drafts = status(bot.pid)
                # one applicant first: what the first answers load once (lazy imports, data tables, caches)
                first, rest = active[:1], active[1:]
                await converse(api, [(uid, answer) for answer in answers for uid in first],
                               {uid: template.saved_lines[-1] for uid in first})
                await asyncio.sleep(REST)
                warm = status(bot.pid)
                texts = [(uid, answer) for answer in answers for uid in rest]
                seconds = await converse(api, texts, {uid: template.saved_lines[-1] for uid in rest})
                busy = status(bot.pid)
                await asyncio.sleep(REST)
                after = status(bot.pid)
                menu = await export_in_run(api, first[0], bot.pid)
                await asyncio.sleep(REST)
                exported = status(bot.pid)
            finally:
                bot.stop()
            api.reset()
            chinese = Child([str(BOT), "run"], chinese_environment(env, folder / "chinese"), folder, log)
            try:
                await converse_in_chinese(api)
                await asyncio.sleep(REST)
                in_chinese: dict[str, float] | str = status(chinese.pid)
            except (RuntimeError, AssertionError) as error:  # reported, the rest of the figures still printed
                in_chinese = f"FAILED: {error}"[:300]
            finally:
                chinese.stop()
            failures = [line for line in log.read_text(errors="replace").splitlines() if " ERROR " in line]
            consoles: dict[bool, dict[str, float] | str] = {}
            for export in (False, True):
                try:
                    consoles[export] = console_peak(folder, template.key, export=export)
                except RuntimeError as error:  # reported, the rest of the figures still printed
                    consoles[export] = f"FAILED: {error}"[:300]
    finally:
        await api.stop()
    updates = (len(active) - 1) * len(answers)
    print(f"load:     {args.drafts} drafts written in {written:.1f} s (not timed); {args.active - 1} more users × "
          f"{len(answers)} answers = {updates} updates in {seconds:.1f} s ({updates / seconds:.0f}/s)")
    print(row("echo idle", echo_idle))
    print(row(f"echo after {args.active} users × {len(answers)} messages", echo_after, echo_idle))
    print(row("bot idle", idle))
    print(row(f"bot + {args.drafts} drafts in the database", with_drafts, idle))
    print(row("bot + 1 conversation (loads what answers need)", warm, idle))
    print(row(f"bot + {args.active} conversations, at the last reply", busy, idle))
    print(row(f"bot + {args.active} conversations, after {REST:g} s rest", after, idle))
    print(row("bot, then /export: the menu (its verdict)", menu, idle))
    print(row("bot, then /export and its PDF (run process)", exported, idle))
    print(f"export:   the menu {menu['VmRSS'] - after['VmRSS']:+.1f} MiB, then the PDF "
          f"{exported['VmRSS'] - menu['VmRSS']:+.1f} MiB (RSS; peak {exported['VmHWM'] - after['VmHWM']:+.1f} MiB)")
    name = "run process: Simplified-Chinese conversation, then /export and its PDF (Telegram)"
    print(row(name, in_chinese) if isinstance(in_chinese, dict) else f"{name} {in_chinese}")
    floor = libraries_alone()
    print(row("floor: the run process's libraries alone", floor))
    print(f"floor:    the bot idle is {idle['VmRSS'] - floor['VmRSS']:+.1f} MiB above its libraries alone "
          f"({floor['VmRSS'] * 1.048576:.0f} MB)")
    names = {False: "console: Simplified-Chinese conversation", True: "console: the same, then /export and its PDF"}
    for export, memory in consoles.items():
        print(row(names[export], memory) if isinstance(memory, dict) else f"{names[export]:47} {memory}")
    if isinstance(consoles[False], dict) and isinstance(consoles[True], dict):
        print(f"export:   console peak {consoles[True]['VmHWM'] - consoles[False]['VmHWM']:+.1f} MiB with /export")
    for line in failures[:5]:  # the logs carry no personal data: types and code lines only
        print(f"PROBLEM:  {line}")
    growth = after["VmRSS"] - idle["VmRSS"]
    print(f"growth:   {after['VmRSS'] - warm['VmRSS']:+.1f} MiB from the first conversation to all {args.active} "
          f"({(after['VmRSS'] - warm['VmRSS']) * 1024 / max(1, args.active - 1):.1f} KiB per conversation)")
    print(f"ratio:    bot/echo idle {idle['VmRSS'] / echo_idle['VmRSS']:.1f}×")
    def mb(mib: float) -> float:
        return mib * 1.048576

    conversations = after["VmRSS"] - warm["VmRSS"]
    print(f"target:   idle ≤ 80 MB: {'met' if mb(idle['VmRSS']) <= 80 else 'NOT met'} ({mb(idle['VmRSS']):.0f} MB); "
          f"{args.active - 1} conversations add ≤ 10 MB: {'met' if mb(conversations) <= 10 else 'NOT met'} "
          f"({mb(conversations):+.0f} MB); growth from idle {mb(growth):+.0f} MB")
    peaks = [(f"run process, {args.active} conversations + /export", exported["VmHWM"])]
    if isinstance(in_chinese, dict):
        peaks.append(("run process, Chinese conversation + /export", in_chinese["VmHWM"]))
    if isinstance(consoles[True], dict):
        peaks.append(("console, conversation + /export", consoles[True]["VmHWM"]))
    for name, peak in peaks:
        print(f"target:   {name} peak ≤ 110 MB: {'met' if mb(peak) <= 110 else 'NOT met'} ({mb(peak):.0f} MB)")
    print(f"load:     {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--active", type=int, default=1_000, help="users who then converse")
    parser.add_argument("--answers", type=int, default=1,
                        help="answers each active user sends (default 1: the door sends at most ~30 messages/s)")
    parser.add_argument("--quick", action="store_true", help="1,000 drafts, 100 conversations")
    args = parser.parse_args()
    if args.quick:
        args.drafts, args.active = 1_000, 100
    if not 1 <= args.answers <= len(ANSWERS) - BASIC_TAB or args.active > args.drafts:
        parser.error("--answers or --active out of range")
    header("Memory: goldcard-bot run vs. bare PTB echo bot (RSS)")
    if args.quick:
        print("note:     --quick: smaller counts for a smoke run; its figures are not the benchmark's")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
