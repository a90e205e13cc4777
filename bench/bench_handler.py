"""Benchmark 5: per-answer handler latency without network (p50/p99), beside a bare PTB echo bot.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Handler latency")::

    .venv/bin/python bench/bench_handler.py [--users 200] [--answers 25] [--quick]

Method. Applicants are prepared through the real engine on a fresh SQLite database (privacy notice
accepted, at the first question of 基本資料), then each answers the typed sample answers one event at a
time (user 1 answer 1, user 2 answer 1, …; never two at once, so each time is one answer's service time):

* engine: ``await engine.handle(event)``: the user's lock, one transaction (user row, conversation, draft
  opened and re-sealed, the delivery key recorded), the tab's rule, the reply built, the commit. The door's
  ``mark_delivered`` (a second, small transaction) is timed apart.
* door: the same answers as Telegram updates (their JSON) through the whole door on its PTB port
  (``DoorCore.handle``: the update read, the door, the engine, rendering, ``sendMessage`` and
  ``mark_delivered``) with a null network: HTTP requests are answered at once in memory, so only the
  bot's own work is timed. The door's outgoing rate limits are lifted (they would wait, not work).
* echo: a bare PTB echo bot's ``process_update`` with the same null network: PTB's own cost per update.

Then, as a yardstick of the machine at that moment and of where the engine's time goes, one primary-key
SELECT is timed through the ORM and async session the engine uses, through SQLAlchemy Core, and
straight through sqlite3.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
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
    percentile,
    settings_for,
    stored_answers,
)

FIRST_USER = 1000


# -- a null network for PTB -------------------------------------------------------------------------
def install_null_network() -> None:
    """Every PTB HTTP request answered at once, in memory (getMe, sendMessage, anything else: true)."""
    from telegram.request import HTTPXRequest

    from bot.telegram.aiohttp_request import AiohttpRequest, JsonBody

    bot_user = {"id": 4242, "is_bot": True, "first_name": "Bench", "username": "bench_bot",
                "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
    counter = iter(range(1, 10**9))

    async def do_request(self: Any, url: str, method: str, request_data: Any = None,
                         **_kwargs: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        if name == "getMe":
            result: Any = bot_user
        elif name == "sendMessage":  # the door posts its own JSON (JsonBody); the echo, PTB's parameters
            params = (json.loads(request_data.payload) if isinstance(request_data, JsonBody)
                      else request_data.parameters if request_data is not None else {})
            result = {"message_id": next(counter), "date": 0, "text": str(params.get("text", "")),
                      "chat": {"id": int(params.get("chat_id", 1)), "type": "private"}}
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()

    HTTPXRequest.do_request = do_request  # type: ignore[method-assign]  # the echo bot's
    AiohttpRequest.do_request = do_request  # type: ignore[method-assign]  # the door's


def text_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text,
        "chat": {"id": user_id, "type": "private", "first_name": f"Tester{user_id}"},
        "from": {"id": user_id, "is_bot": False, "first_name": f"Tester{user_id}", "language_code": "en"}}}


def summary(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (f"{name:7} n={len(ms):5d}  p50 {percentile(ms, 0.5):6.2f} ms  p90 {percentile(ms, 0.9):6.2f} ms  "
            f"p99 {percentile(ms, 0.99):6.2f} ms  max {max(ms):6.2f} ms  mean {sum(ms) / len(ms):6.2f} ms")


async def timed(calls: list[Callable[[], Awaitable[Any]]]) -> list[float]:
    times = []
    for call in calls:
        start = time.perf_counter()
        await call()
        times.append(time.perf_counter() - start)
    return times


# -- the three measurements -------------------------------------------------------------------------
async def engine_times(template: Template, folder: Path, users: list[int],
                       answers: int) -> tuple[list[float], list[float]]:
    from bot.app import build_app
    from bot.engine.events import Event

    copy_data_dir(template, folder)
    app = build_app(settings_for(folder, template.key), today=lambda: TODAY)
    await app.start()
    handle, delivered = [], []
    try:
        update = 0
        for k in range(answers):
            for uid in users:
                update += 1
                event = Event.from_text(uid, ANSWERS[k], update_key=f"bench:{update}", language_code="en")
                start = time.perf_counter()
                outcome = await app.engine.handle(event)
                middle = time.perf_counter()
                await app.engine.mark_delivered(outcome.delivery_key)
                end = time.perf_counter()
                handle.append(middle - start)
                delivered.append(end - middle)
        check(await stored_answers(app, users), template)
    finally:
        await app.close()
    return handle, delivered


async def door_times(template: Template, folder: Path, users: list[int], answers: int) -> list[float]:
    from bot.app import build_app
    from bot.telegram.ptb_door import PtbPort, build_ptb_door

    copy_data_dir(template, folder)
    settings = settings_for(folder, template.key, "http://null.invalid", **NO_SEND_LIMITS)
    app = build_app(settings, today=lambda: TODAY)
    await app.start()
    core = build_ptb_door(settings, app.engine)  # the door core on a PTB port, as `run` polls with it
    port: PtbPort = core.port  # type: ignore[assignment]
    await port.bot.initialize()
    try:
        updates = [text_update(n, uid, ANSWERS[k])
                   for n, (k, uid) in enumerate(((k, uid) for k in range(answers) for uid in users), start=1)]
        times = await timed([lambda u=u: core.handle(u) for u in updates])
        check(await stored_answers(app, users), template)
    finally:
        await port.bot.shutdown()
        await app.close()
    return times


async def echo_times(users: list[int], answers: int) -> list[float]:
    from telegram import Update

    from bench.echo_bot import build_echo

    application = build_echo("http://null.invalid")
    await application.initialize()
    try:
        updates = [Update.de_json(text_update(n, uid, ANSWERS[k]), application.bot)
                   for n, (k, uid) in enumerate(((k, uid) for k in range(answers) for uid in users), start=1)]
        return await timed([lambda u=u: application.process_update(u) for u in updates])
    finally:
        await application.shutdown()


async def statement_costs(folder: Path, runs: int = 2000) -> tuple[float, float, float]:
    """What one SQL statement costs on this machine, right now: the same primary-key SELECT through the
    stack the engine uses (SQLAlchemy ORM, async session, aiosqlite's worker thread), through SQLAlchemy
    Core on the same connection, and straight through sqlite3 (seconds each)."""
    import sqlite3

    from sqlalchemy import select

    from storage.db import Database
    from storage.models import User

    db = Database(f"sqlite+aiosqlite:///{folder / 'statements.db'}")
    await db.migrate()
    async with db.transaction() as session:
        session.add(User(id=1))
    async with db.transaction() as session:
        start = time.perf_counter()
        for _ in range(runs):
            await session.get(User, 1)
            session.expunge_all()
        orm = (time.perf_counter() - start) / runs
        start = time.perf_counter()
        for _ in range(runs):
            (await session.execute(select(User.id).where(User.id == 1))).all()
        core = (time.perf_counter() - start) / runs
    await db.dispose()
    connection = sqlite3.connect(folder / "statements.db")
    start = time.perf_counter()
    for _ in range(runs):
        connection.execute("SELECT * FROM users WHERE id = ?", (1,)).fetchall()
    raw = (time.perf_counter() - start) / runs
    connection.close()
    return orm, core, raw


def check(stored: dict[int, dict[str, Any]], template: Template) -> None:
    wrong = [uid for uid, answers in stored.items() if answers != template.expected_answers]
    if wrong:
        raise SystemExit(f"{len(wrong)} applicant(s) with stored answers unlike the reference's")


async def run(args: argparse.Namespace) -> int:
    from bot.app import configure_logging

    configure_logging("WARNING")
    install_null_network()
    users = list(range(FIRST_USER, FIRST_USER + args.users))
    with tempfile.TemporaryDirectory(prefix="goldcard-bench-") as tmp:
        template = await build_template(Path(tmp) / "template", users, ANSWERS[:args.answers])
        print(f"load:     {args.users} applicants at 基本資料 question 1 (SQLite, fresh), {args.answers} typed answers "
              f"each, one event at a time = {args.users * args.answers} answers per row", flush=True)
        echo = await echo_times(users, args.answers)  # first: PTB warmed up for the door as well
        handle, delivered = await engine_times(template, Path(tmp) / "engine", users, args.answers)
        door = await door_times(template, Path(tmp) / "door", users, args.answers)
        orm, core, raw = await statement_costs(Path(tmp))
    print(summary("engine", handle) + "   engine.handle(event)")
    print(summary("mark", delivered) + "   engine.mark_delivered(key)")
    print(summary("door", door) + "   the door core on its PTB port (DoorCore.handle), null network")
    print(summary("echo", echo) + "   bare PTB echo bot process_update, null network")
    print(f"SQL:      one primary-key SELECT: {orm * 1e6:.0f} µs through the ORM and async session, "
          f"{core * 1e6:.0f} µs through SQLAlchemy Core, {raw * 1e6:.0f} µs straight through sqlite3 (as the "
          f"engine's hot path on SQLite: storage/driver.py)")
    per_answer = [(median(handle[k * len(users):(k + 1) * len(users)]), k) for k in range(args.answers)]
    slowest = ", ".join(f"#{k + 1} {ANSWERS[k]!r} {seconds * 1000:.1f} ms"
                        for seconds, k in sorted(per_answer)[-3:][::-1])
    print(f"slowest:  answers by engine median (sample answers, made up): {slowest}")
    p99 = percentile([t * 1000 for t in handle], 0.99)
    print(f"ratio:    door/echo median {median(door) / median(echo):.1f}×; engine share of the door's median "
          f"{median(handle) / median(door):.0%}")
    print(f"target:   engine p99 ≤ 10 ms: {'met' if p99 <= 10 else 'NOT met'} ({p99:.2f} ms)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--answers", type=int, default=25, help=f"per user, at most {len(ANSWERS)}")
    parser.add_argument("--quick", action="store_true", help="50 users × 10 answers")
    args = parser.parse_args()
    if args.quick:
        args.users, args.answers = 50, 10
    header("Handler latency without network: engine, PTB door, bare PTB echo bot")
    if args.quick:
        print("note:     --quick: smaller counts for a smoke run; its figures are not the benchmark's")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
