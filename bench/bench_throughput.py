"""Benchmarks 1 and 2: answers per second through the whole bot, as a ratio of a fair bare PTB echo bot's.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Throughput", "Throughput with 50 ms
Bot API latency")::

    .venv/bin/python bench/bench_throughput.py                   # 1: 5,000 answers from 200 users
    .venv/bin/python bench/bench_throughput.py --latency-ms 50   # 2: the same, 50 ms on every Bot API call
    .venv/bin/python bench/bench_throughput.py --quick           # 50 users × 10 answers, one round
    .venv/bin/python bench/bench_throughput.py --httpx-echo      # also the old httpx echo, as an extra row

Method. 200 applicants are prepared through the real engine (the opening questions and the privacy
notice answered; they stand at the first question of 基本資料) on a fresh SQLite database, then copied for
each round. The fake Bot API of the tests runs in a process of its own (tests/telegram/fake_bot_api.py,
bench/fakeapi.py). Each round queues every message at once, interleaved (user 1 answer 1, user 2 answer 1,
…), and measures from the queueing to the last reply stored by the fake server:

* echo: the fair bare python-telegram-bot echo bot (bench/echo_bot.py: the project's aiohttp transport with
  256 connections, 256 concurrent updates) echoes each message; every throughput figure is a ratio of
  this echo's, measured in the same round; ``--httpx-echo`` adds PTB's default httpx echo (the old,
  handicapped baseline) as an extra row;
* bot: the whole bot in this process, the real PTB door (``running_ptb``) on the real engine, as
  ``goldcard-bot run`` wires it: each message is an answer, validated by the tab's rule, stored (sealed)
  and committed, then the reply (saved value and next question) is sent and the update marked delivered.

Echo and bot alternate in the same run (the machine is noisy), so their ratio is measured side by side;
each line gives the bot process's CPU time per update (``time.process_time``), which load moves less than
the wall clock, and the load average at that moment.
Afterwards every applicant's stored answers are compared with a reference applicant's (who answered the
same through the engine alone), and each chat's "Saved: …" replies with the reference's, in order: an
answer applied out of order would be rejected by the next question's rule and show up in both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ANSWERS,
    NO_SEND_LIMITS,
    TODAY,
    Template,
    build_template,
    copy_data_dir,
    header,
    median,
    settings_for,
)
from bench.echo_bot import CONCURRENCY, running_echo
from bench.fakeapi import FakeApiProcess

FIRST_USER = 1000
PROFILER: Any = None  # cProfile.Profile with --profile: the bot rounds only


def by_package(profiler: Any, top: int = 14) -> list[str]:
    """The profile's own time (tottime) summed by package: where each answer's CPU goes."""
    import pstats

    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    totals: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        if "site-packages/" in filename:
            package = filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
        elif filename.startswith(str(Path(__file__).resolve().parent.parent)):
            parts = Path(filename).resolve().relative_to(Path(__file__).resolve().parent.parent).parts
            package = "/".join(parts[:2]) if parts[0] == "bot" else parts[0]
        elif filename == "~":
            package = "builtins: " + function.split(" of ")[-1].strip("<>'")[:40]
        else:
            package = "stdlib: " + Path(filename).stem
        totals[package] = totals.get(package, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:top]
    return [f"{share / whole:6.1%}  {name}" for name, share in ranked]


@dataclass
class Round:
    who: str
    updates: int
    seconds: float
    messages: int
    calls: dict[str, int]
    server_cpu: float
    bot_cpu: float
    in_order: int  # chats whose replies came in the order of their messages
    chats: int
    problems: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    load: float = 0.0  # 1-minute load average when the round ended

    @property
    def cpu_ms(self) -> float:
        """The bot process's CPU time per update, in ms."""
        return 1000 * self.bot_cpu / self.updates

    def line(self) -> str:
        order = f"{self.in_order}/{self.chats} chats in order"
        return (f"{self.who:10} {self.updates:6d} updates in {self.seconds:6.2f} s = {self.rate:7.1f} updates/s; "
                f"{self.messages} messages; CPU: bot process {self.bot_cpu / self.seconds:4.0%} "
                f"({self.cpu_ms:.2f} ms/update), fake API {self.server_cpu / self.seconds:4.0%}; {order}; "
                f"load {self.load:.2f}")


def load1() -> float:
    return os.getloadavg()[0]


async def echo_round(api: FakeApiProcess, users: list[int], answers: int, transport: str = "aiohttp",
                     concurrency: int = CONCURRENCY) -> Round:
    texts = [(uid, f"{k + 1:02d}. {ANSWERS[k]}") for k in range(answers) for uid in users]
    async with running_echo(api.url, transport=transport, concurrency=concurrency):
        cpu = time.process_time()
        await api.push(texts)
        result = await api.wait({uid: f"{answers:02d}. " for uid in users})
        bot_cpu = time.process_time() - cpu
        transcripts = await api.transcripts(users)
    expected = [f"{k + 1:02d}. {ANSWERS[k]}" for k in range(answers)]
    in_order = sum(1 for uid in users if transcripts[uid] == expected)
    await api.reset()
    who = "fair echo" if transport == "aiohttp" else f"{transport} echo"
    return Round(who, len(texts), result["seconds"], result["messages"], result["calls"], result["server_cpu"],
                 bot_cpu, in_order, len(users), load=load1())


async def bot_round(api: FakeApiProcess, template: Template, folder: Path, users: list[int], answers: int,
                    keep_limits: bool = False, door: str = "ptb") -> Round:
    from bench.common import stored_answers
    from bot.app import build_app

    if door == "aiogram":
        from bot.telegram.aiogram_door import running_aiogram as running
    else:
        from bot.telegram.ptb_door import running_ptb as running

    copy_data_dir(template, folder)
    settings = settings_for(folder, template.key, api.url, poll_timeout=10, **({} if keep_limits else NO_SEND_LIMITS))
    app = build_app(settings, today=lambda: TODAY)
    await app.start()
    texts = [(uid, ANSWERS[k]) for k in range(answers) for uid in users]
    try:
        async with running(settings, app.engine):
            cpu = time.process_time()
            if PROFILER is not None:
                PROFILER.enable()
            await api.push(texts)
            result = await api.wait({uid: template.saved_lines[-1] for uid in users})
            if PROFILER is not None:
                PROFILER.disable()
            bot_cpu = time.process_time() - cpu
            transcripts = await api.transcripts(users)
        stored = await stored_answers(app, users)
    finally:
        await app.close()
    problems = []
    in_order = 0
    for uid in users:
        saved = [line for text in transcripts[uid] for line in text.splitlines() if line.startswith("Saved: ")]
        if saved == template.saved_lines:
            in_order += 1
        elif len(problems) < 3:
            pairs = zip(saved, template.saved_lines, strict=False)
            first = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(saved), len(template.saved_lines)))
            problems.append(f"chat {uid}: {len(saved)} saved replies, first difference at answer {first + 1}")
    wrong = [uid for uid in users if stored[uid] != template.expected_answers]
    if wrong:
        problems.append(f"{len(wrong)} applicant(s) with stored answers unlike the reference's")
    await api.reset()  # every update was answered; the last batch may still await its confirming poll
    return Round("bot" if door == "ptb" else door, len(texts), result["seconds"], result["messages"],
                 result["calls"], result["server_cpu"], bot_cpu, in_order, len(users), problems, load=load1())


async def run(args: argparse.Namespace) -> int:
    from bot.app import configure_logging
    from bot.faq.search import warm_up

    configure_logging("WARNING")  # the door logs failures at ERROR; nothing per update at INFO anyway
    users = list(range(FIRST_USER, FIRST_USER + args.users))
    rounds: list[tuple[Round, Round]] = []
    httpx_rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="goldcard-bench-") as tmp:
        started = time.perf_counter()
        template = await build_template(Path(tmp) / "template", users, ANSWERS[:args.answers])
        warm_up().join()  # the FAQ index, built at start by a running bot (bot/app.py): not part of the rounds
        print(f"setup:    {args.users} applicants at 基本資料 question 1, SQLite, "
              f"{time.perf_counter() - started:.1f} s (not timed)")
        print(f"load:     {args.users} users × {args.answers} answers = {args.users * args.answers} updates queued "
              f"at once, interleaved; fake Bot API in its own process, latency {args.latency_ms:g} ms per call; "
              f"the door's send limits {'kept' if args.send_limits else 'lifted'}")
        sys.stdout.flush()
        async with FakeApiProcess(args.latency_ms / 1000) as api:
            for number in range(1, args.rounds + 1):
                echo = await echo_round(api, users, args.answers, concurrency=args.echo_concurrency)
                print(f"round {number}: {echo.line()}", flush=True)
                print(f"round {number}: fair echo Bot API calls: "
                      f"{', '.join(f'{k} {v}' for k, v in sorted(echo.calls.items()))}")
                if args.httpx_echo:
                    old = await echo_round(api, users, args.answers, transport="httpx")
                    print(f"round {number}: {old.line()}", flush=True)
                    httpx_rounds.append(old)
                if args.echo_only:
                    continue
                bot = await bot_round(api, template, Path(tmp) / f"round{number}", users, args.answers,
                                      args.send_limits, args.door)
                print(f"round {number}: {bot.line()}", flush=True)
                calls = ", ".join(f"{k} {v}" for k, v in sorted(bot.calls.items()))
                print(f"round {number}: {bot.who} Bot API calls: {calls}")
                for problem in bot.problems:
                    print(f"round {number}: PROBLEM {problem}")
                print(f"round {number}: ratio bot/fair echo = {bot.rate / echo.rate:.2f}; CPU per update "
                      f"bot/fair echo = {bot.cpu_ms / echo.cpu_ms:.1f}×", flush=True)
                rounds.append((echo, bot))
    if args.echo_only:
        return 0
    if PROFILER is not None:
        print("profile:  the bot rounds' CPU by package (cProfile, own time; the profiler slows the bot down):")
        for line in by_package(PROFILER):
            print(f"          {line}")
        if args.profile_out:
            PROFILER.dump_stats(args.profile_out)
            print(f"profile:  raw stats saved to {args.profile_out}")
    echo_rate = median([echo.rate for echo, _ in rounds])
    bot_rate = median([bot.rate for _, bot in rounds])
    ratio = median([bot.rate / echo.rate for echo, bot in rounds])
    kept = all(bot.in_order == bot.chats and not bot.problems for _, bot in rounds)
    print(f"echo:     fair echo median {echo_rate:.0f} updates/s, "
          f"{median([echo.cpu_ms for echo, _ in rounds]):.2f} ms CPU/update over {len(rounds)} round(s)")
    if httpx_rounds:
        print(f"echo:     httpx echo (old baseline) median {median([r.rate for r in httpx_rounds]):.0f} updates/s, "
              f"{median([r.cpu_ms for r in httpx_rounds]):.2f} ms CPU/update; bot/httpx echo "
              f"{bot_rate / median([r.rate for r in httpx_rounds]):.2f}")
    print(f"bot:      median {bot_rate:.0f} updates/s, {median([bot.cpu_ms for _, bot in rounds]):.2f} ms CPU/update "
          f"over {len(rounds)} round(s); every answer stored and "
          f"in order: {'yes' if kept else 'NO'}")
    print(f"ratio:    median {ratio:.2f} (bot/fair echo, per round; load {load1():.2f})")
    goal = 0.6 if args.latency_ms else 0.5
    print(f"target:   ratio ≥ {goal} of the fair echo, order kept: {'met' if ratio >= goal and kept else 'NOT met'}")
    return 0 if kept else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--answers", type=int, default=25, help=f"per user, at most {len(ANSWERS)}")
    parser.add_argument("--rounds", type=int, help="echo + bot rounds, alternating (default 2; 1 with latency, "
                        "to stay within two minutes)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every Bot API call")
    parser.add_argument("--quick", action="store_true", help="50 users × 10 answers, one round")
    parser.add_argument("--door", choices=["ptb", "aiogram"], default="ptb",
                        help="the bot's Telegram door (default ptb, as `goldcard-bot run`)")
    parser.add_argument("--httpx-echo", action="store_true",
                        help="also measure PTB's default httpx echo (the old baseline) each round, as an extra row")
    parser.add_argument("--echo-concurrency", type=int, default=CONCURRENCY,
                        help=f"the fair echo's concurrent updates (default {CONCURRENCY})")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the bot rounds and print their CPU by package (figures then not comparable)")
    parser.add_argument("--profile-out", metavar="FILE",
                        help="with --profile, also save the raw cProfile stats to FILE (read with pstats)")
    parser.add_argument("--echo-only", action="store_true",
                        help="only the echo rounds (to tune the fair echo, e.g. with --echo-concurrency)")
    parser.add_argument("--send-limits", action="store_true",
                        help="keep the door's outgoing limits (Telegram's ~30 messages/s overall, ~1/s per chat); "
                             "by default they are lifted, to measure the bot's own capacity")
    args = parser.parse_args()
    if args.profile:
        import cProfile

        global PROFILER
        PROFILER = cProfile.Profile()
    if args.rounds is None:
        args.rounds = 1 if args.latency_ms else 2
    if args.quick:
        args.users, args.answers, args.rounds = 50, 10, 1
    if not 1 <= args.answers <= len(ANSWERS):
        parser.error(f"--answers must be 1..{len(ANSWERS)}")
    title = "Throughput" + (f" with {args.latency_ms:g} ms Bot API latency" if args.latency_ms else "")
    header(f"{title}: whole bot as a ratio of the fair bare PTB echo bot")
    if args.quick:
        print("note:     --quick: smaller counts for a smoke run; its figures are not the benchmark's")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
