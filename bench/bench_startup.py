"""Benchmark 4: start-up to first reply of ``goldcard-bot run``, beside a bare PTB echo bot.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Start-up to first reply")::

    .venv/bin/python bench/bench_startup.py [--runs 6] [--quick] [--importtime] [--latency-ms 50]

Method. The fake Bot API of the tests runs in this process (tests/telegram/fake_bot_api.py). For each run
a ``/start`` from a new user is queued, then the process is started; the time is from just before the
process is spawned to the moment the fake server stores the bot's first reply to that chat. The bot is
the real ``.venv/bin/goldcard-bot run`` (python-telegram-bot door, long polling), with its environment
(TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL, DATA_DIR, ENCRYPTION_KEYS) and nothing else; it is stopped with
SIGTERM after each run. Each run starts the bot twice: on an empty data directory (the schema is created),
then again on that database (a restart). The echo bot (bench/echo_bot.py, the fair echo) alternates with
it. Beside the wall clock, the CPU time the process used until its first reply (utime + stime from
/proc/<pid>/stat, read as the reply arrives), which the machine's load moves much less.

``--latency-ms N`` delays every Bot API answer by N ms, as Telegram far away would (the calls a start makes
before its first ``getUpdates`` then count).

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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def first_reply(api: BenchBotAPI, command: list[str], env: dict[str, str], cwd: Path, user: int,
                      stderr: Path) -> tuple[float, float]:
    """Seconds from spawning ``command`` to the first reply to ``/start`` from ``user``, and the CPU seconds
    the process used until then."""
    api.reset()
    api.push_texts([(user, "/start")])
    with stderr.open("ab") as errors:
        start = time.monotonic()
        process = spawn(command, env, cwd, errors)
        try:
            await api.wait_until(lambda: api.messages.get(user), within=60, what="the first reply")
            cpu = cpu_seconds(process.pid)
            stored = api.stored_at[(user, api.messages[user][0].message_id)]
            return stored - start, cpu
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

    api = BenchBotAPI(TOKEN, latency=args.latency_ms / 1000)
    await api.start()
    figures: dict[str, list[tuple[float, float]]] = {"echo": [], "empty": [], "restart": []}
    key = generate_key()
    try:
        with tempfile.TemporaryDirectory(prefix="goldcard-bench-") as tmp:
            folder = Path(tmp)
            log = folder / "stderr.txt"
            for number in range(args.runs):
                env = environment(api.url, folder / f"data{number}", key)
                figures["echo"].append(await first_reply(api, echo_command(api.url), env, folder, 20_000 + number,
                                                         log))
                figures["empty"].append(await first_reply(api, bot_command(), env, folder, 10_000 + number, log))
                figures["restart"].append(await first_reply(api, bot_command(), env, folder, 30_000 + number, log))
                print(f"run {number + 1}: " + "   ".join(
                    f"{name} {figures[name][-1][0] * 1000:5.0f} ms ({figures[name][-1][1] * 1000:4.0f} ms CPU)"
                    for name in ("echo", "empty", "restart")) + f"   load {os.getloadavg()[0]:.2f}", flush=True)
            env = environment(api.url, folder / "data0", key)
            profile = await importtime_profile(api, env, folder) if args.importtime else []
    finally:
        await api.stop()
    names = {"echo": "fair echo", "empty": "bot, empty data directory", "restart": "bot, restart"}
    for name, runs in figures.items():
        walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
        print(f"{names[name]:26} median {median(walls) * 1000:5.0f} ms (min {min(walls) * 1000:.0f}, max "
              f"{max(walls) * 1000:.0f}); CPU median {median(cpus) * 1000:.0f} ms; over {len(runs)} runs")
    echo = median([wall for wall, _ in figures["echo"]])
    for name in ("empty", "restart"):
        wall = median([w for w, _ in figures[name]])
        cpu = median([c for _, c in figures[name]]) / median([c for _, c in figures["echo"]])
        print(f"ratio:    {names[name]}/fair echo: wall {wall / echo:.1f}×, CPU {cpu:.1f}×")
    worst = max(median([w for w, _ in figures[name]]) for name in ("empty", "restart"))
    print(f"target:   ≤ 1 s on an empty data directory and on a restart (medians): "
          f"{'met' if worst <= 1.0 else 'NOT met'} (load {os.getloadavg()[0]:.2f})")
    if profile:
        print("slowest imports of `goldcard-bot run` (python -X importtime, cumulative):")
        for line in profile:
            print("  " + line)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6,
                        help="runs of echo, bot on an empty data directory, bot restart (default 6)")
    parser.add_argument("--quick", action="store_true", help="3 runs")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="delay every Bot API answer by this many ms (default 0: a local server)")
    args = parser.parse_args()
    if args.quick:
        args.runs = 3
    header("Start-up to first reply: goldcard-bot run vs. bare PTB echo bot")
    if args.latency_ms:
        print(f"latency:  every Bot API answer {args.latency_ms:g} ms later")
    if args.quick:
        print("note:     --quick: smaller counts for a smoke run; its figures are not the benchmark's")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
