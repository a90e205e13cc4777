"""Benchmark 4: start-up to first reply of ``goldcard-bot run``, beside a bare PTB echo bot.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Start-up to first reply")::

    .venv/bin/python bench/bench_startup.py [--runs 5] [--quick] [--importtime]

Method. The fake Bot API of the tests runs in this process (tests/telegram/fake_bot_api.py). For each run
a ``/start`` from a new user is queued, then the process is started; the time is from just before the
process is spawned to the moment the fake server stores the bot's first reply to that chat. The bot is
the real ``.venv/bin/goldcard-bot run`` (python-telegram-bot door, long polling), with its environment
(TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL, DATA_DIR, ENCRYPTION_KEYS) and nothing else; it is stopped with
SIGTERM after each run. Its first run is on an empty data directory (the schema is created); the others
restart on the same database. The echo bot (bench/echo_bot.py) alternates with it.

``--importtime`` also starts the bot once with ``python -X importtime`` and lists the slowest imports
(cumulative), to see what the start-up spends its time on.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, TOKEN, header, median
from bench.fakeapi import BenchBotAPI

BOT = ROOT / ".venv" / "bin" / "goldcard-bot"


def bot_command(importtime: bool = False) -> list[str]:
    if importtime:
        return [sys.executable, "-X", "importtime", "-c", "import sys; from bot.cli import main; "
                "sys.exit(main(['run']))"]
    return [str(BOT), "run"]


def echo_command(api_url: str) -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "echo_bot.py"), "--api", api_url]


def environment(api_url: str, data_dir: Path, key: str) -> dict[str, str]:
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TZ") if name in os.environ}
    return {**keep, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api_url, "DATA_DIR": str(data_dir),
            "ENCRYPTION_KEYS": key, "PYTHONPATH": str(ROOT)}


async def first_reply(api: BenchBotAPI, command: list[str], env: dict[str, str], cwd: Path, user: int,
                      stderr: Path) -> float:
    """Seconds from spawning ``command`` to the first reply to ``/start`` from ``user``."""
    api.reset()
    api.push_texts([(user, "/start")])
    with stderr.open("ab") as errors:
        start = time.monotonic()
        process = spawn(command, env, cwd, errors)
        try:
            await api.wait_until(lambda: api.messages.get(user), within=60, what="the first reply")
            stored = api.stored_at[(user, api.messages[user][0].message_id)]
            return stored - start
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.get_running_loop().run_in_executor(None, _reap, process)


def spawn(command: list[str], env: dict[str, str], cwd: Path, errors: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)


def _reap(process: subprocess.Popen[bytes]) -> None:
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def importtime_profile(api: BenchBotAPI, env: dict[str, str], cwd: Path, top: int = 25) -> list[str]:
    trace = cwd / "importtime.txt"
    trace.unlink(missing_ok=True)
    await first_reply(api, bot_command(importtime=True), env, cwd, 99_999, trace)
    rows = []
    for line in trace.read_text(errors="replace").splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = line[len("import time:"):].split("|")
            if parts[0].strip().isdigit():
                rows.append((int(parts[1]), int(parts[0]), parts[2].rstrip()))
    rows.sort(reverse=True)
    return [f"{cumulative / 1000:7.1f} ms cumulative {own / 1000:6.1f} ms own  {name}"
            for cumulative, own, name in rows[:top]]


async def run(args: argparse.Namespace) -> int:
    from storage.crypto import generate_key

    api = BenchBotAPI(TOKEN)
    await api.start()
    bot_fresh: list[float] = []
    bot_restart: list[float] = []
    echo: list[float] = []
    try:
        with tempfile.TemporaryDirectory(prefix="goldcard-bench-") as tmp:
            folder = Path(tmp)
            log = folder / "stderr.txt"
            data_dir = folder / "data"
            env = environment(api.url, data_dir, generate_key())
            for number in range(args.runs):
                seconds = await first_reply(api, echo_command(api.url), env, folder, 20_000 + number, log)
                echo.append(seconds)
                fresh = not data_dir.exists()
                seconds = await first_reply(api, bot_command(), env, folder, 10_000 + number, log)
                (bot_fresh if fresh else bot_restart).append(seconds)
                print(f"run {number + 1}: echo {echo[-1] * 1000:5.0f} ms   bot {seconds * 1000:5.0f} ms "
                      f"({'empty data directory: schema created' if fresh else 'restart on the same database'})",
                      flush=True)
            profile = await importtime_profile(api, env, folder) if args.importtime else []
    finally:
        await api.stop()
    print(f"echo:     median {median(echo) * 1000:.0f} ms, min {min(echo) * 1000:.0f} ms over {len(echo)} runs")
    if bot_fresh:
        print(f"bot:      empty data directory {bot_fresh[0] * 1000:.0f} ms (1 run)")
    if bot_restart:
        print(f"bot:      restart median {median(bot_restart) * 1000:.0f} ms, min {min(bot_restart) * 1000:.0f} ms, "
              f"max {max(bot_restart) * 1000:.0f} ms over {len(bot_restart)} runs")
    worst = max(bot_fresh + bot_restart)
    typical = median(bot_restart or bot_fresh)
    print(f"ratio:    bot/echo median {typical / median(echo):.1f}×")
    print(f"target:   ≤ 1.5 s: {'met' if worst <= 1.5 else 'NOT met'} (worst run {worst * 1000:.0f} ms)")
    if profile:
        print("slowest imports of `goldcard-bot run` (python -X importtime, cumulative):")
        for line in profile:
            print("  " + line)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6, help="bot and echo starts each (default 6)")
    parser.add_argument("--quick", action="store_true", help="3 runs")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    args = parser.parse_args()
    if args.quick:
        args.runs = 3
    header("Start-up to first reply: goldcard-bot run vs. bare PTB echo bot")
    if args.quick:
        print("note:     --quick: smaller counts for a smoke run; its figures are not the benchmark's")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
