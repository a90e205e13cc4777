"""One user's costly file holds up no one else, and files are read only where they are asked for, bounded.

The concurrency test runs the real engine (SQLite and PostgreSQL) with document work in its bounded child
process: while user A's hostile PDF is being converted, user B's answer is committed and answered within
one second.
"""

from __future__ import annotations

import asyncio
import io
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.config import Settings
from bot.console import ConsoleDoor
from bot.documents.limits import TELEGRAM_DOWNLOAD_MAX_BYTES
from bot.engine.events import Event, EventKind, FileRef
from bot.engine.intake import FetchFailed, LocalFileFetcher
from storage.crypto import generate_key
from tests.conftest import TODAY, fresh_postgres_database
from tests.dialogs.test_application import ABROAD_EN, play
from tests.documents import hostile
from tests.harness import Chat


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def any_app(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[App]:
    url = None if request.param == "sqlite" else await fresh_postgres_database(request.getfixturevalue("postgres"))
    settings = Settings(data_dir=tmp_path / "data", encryption_keys=generate_key(),
                        telegram_bot_token=None, database_url=url)
    application = build_app(settings, today=lambda: TODAY)
    await application.start()
    application.engine.services.fetcher = LocalFileFetcher()
    yield application
    await application.close()


async def _upload(chat: Chat, path: Path) -> str:
    event = Event(chat.user_id, EventKind.FILE, update_key=chat._key(), language_code=chat.language_code,
                  file=FileRef(str(path), path.name, path.stat().st_size, None))  # noqa: ASYNC240 - a test file
    return "\n---\n".join(await chat.deliver(event))


async def test_a_hostile_pdf_does_not_hold_up_another_users_answer(any_app: App, tmp_path: Path) -> None:
    assert any_app.engine.services.isolate_documents  # the real bounded worker, not a thread
    attacker = Chat(any_app.engine, 81)
    await attacker.send("/start lang_en")
    await play(attacker, ABROAD_EN[:-1])
    await attacker.press("📎 Passport")
    hostile_pdf = tmp_path / "plan.pdf"
    hostile_pdf.write_bytes(hostile.large_page_vector_pdf())  # ten 3000-pt pages of dense vector drawing
    assert "Page 1 received" in await _upload(attacker, hostile_pdf)

    other = Chat(any_app.engine, 82)
    await other.send("/start lang_en")
    await play(other, ABROAD_EN[:ABROAD_EN.index(("press:✅ I agree", "英文姓氏")) + 1])  # asked the English surname
    done = asyncio.create_task(attacker.press("✅ Done (1 page)"))  # rebuilding, then drawing to rasterise
    await asyncio.sleep(0.1)  # the attacker's turn has handed its work to the worker
    assert not done.done()
    started = time.perf_counter()
    reply = await other.send("Smith")
    elapsed = time.perf_counter() - started
    assert not done.done(), "the hostile file was converted too fast to show anything"
    assert "英文名字" in reply  # answered with the next question: the answer was committed
    assert elapsed < 1.0, f"the other user waited {elapsed:.2f} s"
    refused = await done
    assert "do not fit in 977 KB" in refused or "more memory or time" in refused


def test_console_upload_reads_only_regular_files_up_to_the_limit(tmp_path: Path) -> None:
    fetcher = LocalFileFetcher()
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:  # sparse: 20 MB and one byte without writing them
        handle.truncate(TELEGRAM_DOWNLOAD_MAX_BYTES + 1)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(tmp_path), str(fifo), str(big)):
        with pytest.raises(FetchFailed):
            asyncio.run(fetcher.fetch(FileRef(path, "x.pdf", None)))
    small = tmp_path / "small.pdf"
    small.write_bytes(b"%PDF-1.4\n")
    assert asyncio.run(fetcher.fetch(FileRef(str(small), "small.pdf", None))) == b"%PDF-1.4\n"


async def test_console_refuses_devices_and_announces_sizes(app: App, tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(TELEGRAM_DOWNLOAD_MAX_BYTES + 1)
    out = io.StringIO()
    door = ConsoleDoor(app.engine, 83, lang="en", stdin=io.StringIO("/upload /dev/zero\n"), stdout=out)
    await asyncio.wait_for(door.run(), 30)
    assert "That is not a file that can be sent" in out.getvalue()
    event = door.to_event(f"/upload {big}")
    assert event is not None and event.file is not None and event.file.size == TELEGRAM_DOWNLOAD_MAX_BYTES + 1


class _CountingFetcher:
    def __init__(self) -> None:
        self.calls = 0

    async def fetch(self, file: FileRef) -> bytes:
        self.calls += 1
        return hostile.small_pdf()


async def test_a_file_outside_a_documents_step_is_not_downloaded(app: App) -> None:
    fetcher = _CountingFetcher()
    app.engine.services.fetcher = fetcher
    chat = Chat(app.engine, 84)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:3])  # answering the opening questions
    event = Event(84, EventKind.FILE, update_key=chat._key(), language_code="en",
                  file=FileRef("file-id", "passport.pdf", 5_000_000, "application/pdf"))
    reply = "\n".join(await chat.deliver(event))
    assert "Documents are collected in the documents tab" in reply
    assert fetcher.calls == 0
    await play(chat, ABROAD_EN[3:-1])
    await chat.press("📎 Passport")
    event = Event(84, EventKind.FILE, update_key=chat._key(), language_code="en",
                  file=FileRef("file-id", "passport.pdf", 5_000, "application/pdf"))
    assert "Page 1 received" in "\n".join(await chat.deliver(event))
    assert fetcher.calls == 1
