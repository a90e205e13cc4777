"""Shared parts of the benchmarks: the report header (date, machine, versions, command), statistics,
resident memory, and applicants prepared through the real engine (privacy notice accepted, standing at
the first question of the 基本資料 tab) and cloned to as many users as a benchmark needs.

Nothing here is a test; nothing here prints personal data (the answers are a made-up sample).
"""

from __future__ import annotations

import datetime
import os
import platform
import shlex
import shutil
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # for `from tests… import` when a benchmark runs as a script
    sys.path.insert(0, str(ROOT))

TOKEN = "123:ABC"
TODAY = datetime.date(2026, 11, 21)
LIBRARIES = ("python-telegram-bot", "httpx", "SQLAlchemy", "aiosqlite", "pydantic", "cryptography", "aiohttp")

# The opening questions and the privacy notice, pressed by label (as tests/dialogs/test_application.py).
OPENING_PRESSES = ("Start: Opening questions", "I agree", "No", "Foreign national (not a US national)",
                   "No, I apply from abroad", "No", "✅ All correct, confirm", "☑ I have read it and agree",
                   "Today", "✅ I agree")

# Typed answers from the first question of 基本資料 on: every one is validated by the tab's rule and stored
# (choices are typed by their label, as Telegram users may). 15 of 基本資料, 6 of 護照資料, 9 of the visa tab
# (申請地點 is a country, then its 館處).
ANSWERS = ("Smith", "John", "王小明", "1990-07-30", "Male", "Germany", "IT professional", "Master's degree",
           "Single", "john@example.de", "Germany", "Berliner Str. 1, 10115 Berlin", "+49 30 1234567", "France",
           "Berlin",
           "Ordinary", "C01X00T47", "2022-03-01", "2032-02-28", "Berlin", "C01X00T46",
           "Germany", "Berlin", "No", "No", "No", "No", "No", "No", "No")
BASIC_TAB = 15  # answers of 基本資料 in ANSWERS

# A whole conversation in the console (``goldcard-bot chat --lang zh_TW``), typed in Simplified Chinese where
# an applicant from the mainland would (王丽华, 德国, 略过, 驻德国台北代表处, 数位 ...): the opening questions,
# 基本資料, 護照資料, the visa tab, the card tab, the qualification check, then the review card. Numbers press
# the numbered buttons. ZH_EXPORT then asks for /export and its PDF.
ZH_SIMPLIFIED_CONSOLE = (
    "1", "1", "2", "1", "2", "2", "1", "1", "今天", "1",  # opening, confirm, declaration, plan, privacy
    "Wang", "Li Hua", "王丽华", "1990-07-30", "2", "德国", "工程师", "2", "2", "wang@example.de", "德国",
    "Berliner Str. 1, Berlin", "+49 30 1234567", "略过", "Berlin",
    "1", "C01X00T47", "2022-03-01", "2032-02-28", "柏林", "略过", "德国", "驻德国台北代表处",
    *["否"] * 11, "3", "1", "1", "略过", "否", "是", "数位", "是", "1", "✓ 數位領域", "📋 檢視",
)
ZH_EXPORT = ("/export", "1")


# -- the report header ------------------------------------------------------------------------------
def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"


def load() -> str:
    try:
        return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load unknown"


def versions(names: Iterable[str] = LIBRARIES) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def header(title: str) -> None:
    """What every benchmark prints first: what, when, where, with what, and how to run it again."""
    command = " ".join(shlex.quote(part) for part in [".venv/bin/python", *_relative_argv()])
    print(f"== {title}")
    print(f"date:     {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine:  {cpu_model()}, {cores()} cores, {ram()}, {platform.system()} {platform.release()} ({load()})")
    print(f"python:   {platform.python_implementation()} {platform.python_version()}")
    print(f"versions: {versions()}")
    print(f"command:  {command}")
    sys.stdout.flush()


def _relative_argv() -> list[str]:
    script = Path(sys.argv[0]).resolve()
    try:
        first = str(script.relative_to(ROOT))
    except ValueError:
        first = sys.argv[0]
    return [first, *sys.argv[1:]]


# -- statistics and memory --------------------------------------------------------------------------
def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0.99 for p99)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rss_mib(pid: int | str = "self") -> float:
    """Resident set size (VmRSS) of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/<pid>/status")


# -- applicants through the real engine -------------------------------------------------------------
# The door's outgoing limits (bot/telegram/limits.py: Telegram's ~30 messages a second overall and ~1 a second per
# chat) lifted, to measure what the bot itself can do; the fake Bot API has no limits.
NO_SEND_LIMITS: dict[str, Any] = {"send_rate": 1e9, "chat_send_rate": 1e9, "chat_send_burst": 10**9}


def settings_for(data_dir: Path, key: str, api_url: str | None = None, **extra: Any) -> Any:
    from bot.config import Settings

    return Settings(data_dir=data_dir, database_url=None, encryption_keys=key,
                    telegram_bot_token=TOKEN if api_url else None,
                    telegram_api_url=api_url or "https://api.telegram.org", **extra)


@dataclass
class Template:
    """A data directory holding ``users`` applicants at the same point of the application, and what the
    real engine replied to the reference applicant for each of ``answers`` (to check the benchmark's)."""

    data_dir: Path
    key: str
    users: list[int]
    expected_answers: dict[str, Any]  # the reference applicant's draft after all of ``answers``
    saved_lines: list[str]  # the "Saved: …" line of each reply, in order


async def drive_to_basic_tab(engine: Any, user_id: int) -> None:
    """/start, the opening questions and the privacy notice, through the engine as a user would."""
    from tests.harness import Chat

    chat = Chat(engine, user_id)
    await chat.send("/start lang_en")
    for label in OPENING_PRESSES:
        await chat.press(label)


async def clone_users(app: Any, template_user: int, new_ids: Sequence[int], batch: int = 1000) -> None:
    """Copies of ``template_user`` (its user row, conversation and draft, the draft re-sealed for its
    new id, as the engine binds each ciphertext to its row) for ``new_ids``: many applicants at the same
    point of the dialog without driving each through the engine."""
    from sqlalchemy import insert, select

    from storage.models import Conversation, Draft, User, new_id, utcnow
    from storage.repositories import Store

    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        user = (await session.execute(select(User).where(User.id == template_user))).scalar_one()
        conversation = await session.get(Conversation, template_user)
        draft = (await store.drafts_of(template_user))[0]
        answers, label = store.answers(draft), store.label(draft)
        user_row = {c.name: getattr(user, c.key) for c in User.__table__.columns}
        conv_row = {c.name: getattr(conversation, c.key) for c in Conversation.__table__.columns}
    sealing = Store(None, app.engine.sealer)  # type: ignore[arg-type]  # only its _seal is used
    for start in range(0, len(new_ids), batch):
        users, drafts, conversations = [], [], []
        for uid in new_ids[start:start + batch]:
            draft_id = new_id()
            now = utcnow()
            users.append({**user_row, "id": uid, "created_at": now, "updated_at": now})
            sealed = Draft(id=draft_id, owner_id=uid)
            drafts.append({"id": draft_id, "owner_id": uid, "kind": draft.kind, "created_at": now, "updated_at": now,
                           "label_sealed": sealing._seal(sealed, "label", label),
                           "answers_sealed": sealing._seal(sealed, "answers", answers)})
            conversations.append({**conv_row, "user_id": uid, "draft_id": draft_id, "updated_at": now})
        async with app.db.transaction() as session:
            await session.execute(insert(User), users)
            await session.execute(insert(Draft), drafts)
            await session.execute(insert(Conversation), conversations)


async def build_template(folder: Path, users: Sequence[int], answers: Sequence[str] = ANSWERS,
                         *, reference: int = 1, prefill: int = 0) -> Template:
    """A data directory (SQLite, key) with ``users`` at the first question of 基本資料 (privacy accepted),
    or, with ``prefill``, after the first ``prefill`` of ``answers``. The reference user ``reference``
    answers ``answers`` through the engine first (warming up the code paths) to record the expected result;
    it must not be one of ``users``."""
    from bot.app import build_app
    from storage.crypto import generate_key
    from storage.repositories import Store
    from tests.harness import Chat

    if reference in users:
        raise ValueError("the reference applicant answers everything: it cannot be one of the users")
    key = generate_key()
    settings = settings_for(folder, key)
    app = build_app(settings, today=lambda: TODAY)
    await app.start()
    try:
        template_user = reference + 1
        await drive_to_basic_tab(app.engine, template_user)
        prefix = Chat(app.engine, template_user)
        for typed in answers[:prefill]:
            await prefix.send(typed)
        # the reference applicant: a clone of the template, then every answer through the engine
        await clone_users(app, template_user, [reference])
        chat = Chat(app.engine, reference)
        saved_lines = []
        for typed in answers[prefill:]:
            reply = await chat.send(typed)
            first = reply.split("\n", 1)[0]
            if not first.startswith("Saved: "):
                raise RuntimeError(f"answer {typed!r} was not accepted: {first[:80]!r}")
            saved_lines.append(first)
        async with app.db.transaction() as session:
            store = Store(session, app.engine.sealer)
            expected = store.answers((await store.drafts_of(reference))[0])
        others = [uid for uid in users if uid not in (reference, template_user)]
        await clone_users(app, template_user, others)
    finally:
        await app.close()
    return Template(folder, key, list(users), expected, saved_lines)


def copy_data_dir(template: Template, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template.data_dir, target)
    return target


async def stored_answers(app: Any, user_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Each user's draft answers (opened), read back from the database."""
    from storage.repositories import Store

    found: dict[int, dict[str, Any]] = {}
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        for uid in user_ids:
            drafts = await store.drafts_of(uid)
            found[uid] = store.answers(drafts[0]) if drafts else {}
    return found
