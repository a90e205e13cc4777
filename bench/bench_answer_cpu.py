"""CPU time per answer through the engine alone (no door, no network), and where it goes by package.

Not a test: run it by hand (issue 22, the hot path)::

    .venv/bin/python bench/bench_answer_cpu.py [--users 200] [--answers 25] [--profile] [--concurrent]

CPU time (``time.process_time``), not wall clock: the machine is shared, another process's load does not
count. Each answer is ``engine.handle(event)`` then ``engine.mark_delivered(key)``, as a door does. One at a
time by default; ``--concurrent`` hands each round of answers (one per user) to the engine at once, as a
polling batch does, so grouped commits can join. ``--profile`` prints the cumulative CPU by package
(cProfile; the profiler's own overhead inflates the total).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ANSWERS, TODAY, build_template, copy_data_dir, header, settings_for, stored_answers

FIRST_USER = 1000


def by_package(profile: cProfile.Profile) -> list[tuple[str, float]]:
    """Own (tottime) CPU per top-level package."""
    stats = pstats.Stats(profile)
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[_package(filename)] += tottime
    return sorted(totals.items(), key=lambda item: -item[1])


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        parts = filename.split("site-packages/", 1)[1].split("/")
        if parts[0] == "sqlalchemy" and len(parts) > 1:
            return "sqlalchemy." + ("orm" if parts[1] == "orm" else "core")
        return parts[0].removesuffix(".py")
    for own in ("/bot/", "/storage/"):
        if own in filename:
            return own.strip("/")
    if filename.startswith("~") or "<built-in" in filename or "<method" in filename:
        return "builtins (C)"
    return "python stdlib"


async def run(args: argparse.Namespace) -> int:
    from bot.app import build_app, configure_logging
    from bot.engine.events import Event
    from bot.faq.search import warm_up

    configure_logging("WARNING")
    users = list(range(FIRST_USER, FIRST_USER + args.users))
    with tempfile.TemporaryDirectory(prefix="goldcard-bench-") as tmp:
        template = await build_template(Path(tmp) / "template", users, ANSWERS[:args.answers])
        warm_up().join()  # the FAQ index, built at start by a running bot (bot/app.py): not an answer's CPU
        copy_data_dir(template, Path(tmp) / "run")
        app = build_app(settings_for(Path(tmp) / "run", template.key), today=lambda: TODAY)
        await app.start()
        profile = cProfile.Profile() if args.profile else None
        try:
            async def answer(uid: int, k: int, update: int) -> None:
                event = Event.from_text(uid, ANSWERS[k], update_key=f"bench:{update}", language_code="en")
                outcome = await app.engine.handle(event)
                await app.engine.mark_delivered(outcome.delivery_key)

            cpu, wall = time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            update = 0
            for k in range(args.answers):
                if args.concurrent:
                    calls = []
                    for uid in users:
                        update += 1
                        calls.append(answer(uid, k, update))
                    await asyncio.gather(*calls)
                else:
                    for uid in users:
                        update += 1
                        await answer(uid, k, update)
            if profile:
                profile.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            stored = await stored_answers(app, users)
        finally:
            await app.close()
    wrong = [uid for uid, answers in stored.items() if answers != template.expected_answers]
    count = args.users * args.answers
    mode = "concurrent rounds (one answer per user at once)" if args.concurrent else "one at a time"
    print(f"load:     {args.users} users × {args.answers} answers = {count}, {mode}; SQLite")
    print(f"cpu:      {cpu * 1000 / count:.3f} ms CPU per answer (handle + mark_delivered); "
          f"wall {wall * 1000 / count:.3f} ms per answer, {count / wall:.0f} answers/s")
    print(f"stored:   {len(users) - len(wrong)}/{len(users)} users with the reference's answers")
    if profile:
        rows = by_package(profile)
        total = sum(seconds for _name, seconds in rows)
        for name, seconds in rows[:14]:
            print(f"  {name:22} {seconds / total:5.1%}  {seconds * 1000 / count:.3f} ms/answer")
    return 1 if wrong else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--answers", type=int, default=25, help=f"per user, at most {len(ANSWERS)}")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--concurrent", action="store_true")
    args = parser.parse_args()
    header("CPU per answer through the engine")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
