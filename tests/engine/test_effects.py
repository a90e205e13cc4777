"""Effects after the commit (bot/engine/effects.py), on SQLite and on PostgreSQL: while one user's export is
being built, another user's answer is committed and answered; a failed commit leaves every referenced file
in place; files are deleted only once the commit that stops referring to them is durable (/delete, a page
replaced, Done); a redelivered update builds nothing and deletes nothing again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.app import App, build_app
from bot.config import Settings
from bot.engine.effects import PDF, BuildExport, referenced_files
from bot.engine.events import Event, EventKind, Reply
from bot.engine.export_menu import export_button
from bot.i18n import _
from storage.crypto import generate_key
from storage.repositories import Store
from tests.conftest import TODAY
from tests.dialogs.test_documents_tab import reach_documents, upload
from tests.documents import corpus
from tests.harness import Chat

WAIT = 30.0  # a guard against a hang, never a measure: the order of events is what is asserted


class CommitFailed(Exception):
    """Injected: the database refused the commit."""


@pytest.fixture
async def app(database_url: str, tmp_path: Path) -> AsyncIterator[App]:
    settings = Settings(data_dir=tmp_path / "data", encryption_keys=generate_key(),
                        telegram_bot_token=None, database_url=database_url)
    application = build_app(settings, today=lambda: TODAY)
    await application.start()
    yield application
    await application.close()


@contextmanager
def failing_commits(app: App) -> Iterator[list[str]]:
    """Every commit that would write fails (a read-only transaction still commits); yields the failures."""
    original = app.db.transaction
    failures: list[str] = []

    @asynccontextmanager
    async def transaction() -> AsyncIterator[AsyncSession]:
        async with original() as session:
            wrote: list[bool] = []

            def statement(state: Any) -> None:
                if state.is_insert or state.is_update or state.is_delete:
                    wrote.append(True)

            def flushed(*_args: Any) -> None:
                wrote.append(True)

            def refuse(_session: Any) -> None:
                if wrote or _session.new or _session.dirty or _session.deleted:
                    failures.append("commit")
                    raise CommitFailed("injected at commit")

            for name, hook in (("do_orm_execute", statement), ("after_flush", flushed), ("before_commit", refuse)):
                event.listen(session.sync_session, name, hook)  # a session of its own: dropped with it
            yield session

    original_connection = app.db.connection_transaction

    @asynccontextmanager
    async def connection_transaction() -> AsyncIterator[AsyncConnection]:
        """The engine's hot path (storage/unit.py, commit_group.py): a Core connection, ORM sessions on it."""
        opening = original_connection()
        connection = await opening.__aenter__()
        wrote: list[bool] = []

        def executed(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
                wrote.append(True)

        def refuse(_conn: Any) -> None:
            if wrote:
                failures.append("commit")
                raise CommitFailed("injected at commit")

        event.listen(connection.sync_connection, "before_cursor_execute", executed)
        event.listen(connection.sync_connection, "commit", refuse)
        try:  # the listeners stay until the transaction has ended (committed when the block ends)
            try:
                yield connection
            except BaseException as error:
                if not await opening.__aexit__(type(error), error, error.__traceback__):
                    raise
            else:
                await opening.__aexit__(None, None, None)
        finally:
            event.remove(connection.sync_connection, "before_cursor_execute", executed)
            event.remove(connection.sync_connection, "commit", refuse)

    app.db.transaction = transaction  # type: ignore[method-assign]
    app.db.connection_transaction = connection_transaction  # type: ignore[method-assign]
    try:
        yield failures
    finally:
        del app.db.transaction
        del app.db.connection_transaction


async def stored_sections(app: App, user_id: int) -> dict[str, Any]:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        drafts = await store.drafts_of(user_id)
        return store.answers(drafts[0]) if drafts else {}


async def committed_references(app: App, user_id: int) -> set[str]:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        return set().union(*(referenced_files(store.answers(draft)) for draft in await store.drafts_of(user_id)))


def stored(app: App, user_id: int) -> set[str]:
    files = app.engine.services.files
    assert files is not None
    return set(files.list(user_id))


class WatchedDeletions:
    """The file store, each deletion checked against what the database has committed at that moment, each
    write and read checked to be outside every transaction: from a worker thread, another transaction can
    start (on SQLite a turn's open transaction would hold it up; on the loop's thread nothing could run)."""

    def __init__(self, app: App, loop: asyncio.AbstractEventLoop) -> None:
        self._files = app.engine.services.files
        self._app = app
        self._loop = loop
        self.deleted: list[tuple[int, str]] = []
        self.written = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)

    def _committed(self, user_id: int) -> set[str]:  # called in a worker thread while the engine awaits it
        return asyncio.run_coroutine_threadsafe(committed_references(self._app, user_id), self._loop).result()

    def _outside_transactions(self) -> None:
        async def begin() -> None:
            async with self._app.db.transaction():
                pass

        try:
            asyncio.run_coroutine_threadsafe(begin(), self._loop).result(timeout=WAIT / 3)
        except TimeoutError:
            raise AssertionError("stored-file work inside a transaction or on the event loop") from None

    def put(self, owner_id: int, data: bytes) -> Any:
        self._outside_transactions()
        self.written += 1
        return self._files.put(owner_id, data)  # type: ignore[union-attr]

    def get(self, owner_id: int, sha256: str) -> bytes:
        self._outside_transactions()
        return bytes(self._files.get(owner_id, sha256))  # type: ignore[union-attr]

    def delete(self, owner_id: int, sha256: str) -> bool:
        assert sha256 not in self._committed(owner_id), "a file deleted while a committed draft refers to it"
        self.deleted.append((owner_id, sha256))
        return bool(self._files.delete(owner_id, sha256))  # type: ignore[union-attr]

    def delete_owner(self, owner_id: int) -> int:
        assert not self._committed(owner_id), "files erased before the erasure was committed"
        self.deleted.append((owner_id, "*"))
        return int(self._files.delete_owner(owner_id))  # type: ignore[union-attr]


@pytest.fixture
async def watched(app: App) -> AsyncIterator[WatchedDeletions]:
    store = WatchedDeletions(app, asyncio.get_running_loop())
    original = app.engine.services.files
    app.engine.services.files = store  # type: ignore[assignment]
    yield store
    app.engine.services.files = original


# -- (1) an export does not hold up other users ------------------------------------------------------------

async def test_another_users_answer_is_committed_and_answered_while_an_export_builds(app: App) -> None:
    answering = Chat(app.engine, 71)
    await answering.send("/start lang_en")
    await answering.press("Start: Opening questions")
    before = await stored_sections(app, 71)
    started, release = asyncio.Event(), asyncio.Event()
    built: list[BuildExport] = []
    real_builder = app.engine.effects.export_builder

    async def slow_builder(effect: BuildExport) -> tuple[Reply, ...]:
        built.append(effect)
        started.set()
        await release.wait()  # the export is "being built" until the test says so
        return await real_builder(effect)

    app.engine.effects.export_builder = slow_builder
    press = Event(72, EventKind.BUTTON, update_key="effects:export", language_code="en",
                  button=export_button(_("📄 PDF"), PDF).data)
    exporting = asyncio.create_task(app.engine.handle(press))
    await asyncio.wait_for(started.wait(), WAIT)

    reply = await asyncio.wait_for(answering.send("1"), WAIT)  # held up by the export before: never answered

    assert "Saved:" in reply
    assert not exporting.done()  # the answer came while the export was still being built
    after = await stored_sections(app, 71)
    assert len(after.get("opening", {})) == len(before.get("opening", {})) + 1  # committed, not only answered
    release.set()
    outcome = await asyncio.wait_for(exporting, WAIT)
    [attachment] = [file for reply in outcome.replies for file in reply.attachments]
    assert attachment.filename == "copy-sheet.pdf" and attachment.data.startswith(b"%PDF-")
    again = await app.engine.handle(press)  # a redelivery: nothing built twice
    assert again.duplicate and len(built) == 1


async def test_a_failed_export_is_reported_after_the_commit(app: App) -> None:
    async def broken(_effect: BuildExport) -> tuple[Reply, ...]:
        raise RuntimeError("font missing")

    app.engine.effects.export_builder = broken
    chat = Chat(app.engine, 73)
    await chat.send("/start lang_en")
    text = await chat.press_button(export_button(_("📄 PDF"), PDF))
    assert "The export could not be made just now. Please press the button again." in text


# -- (2) a failed commit leaves every referenced file in place --------------------------------------------

async def pages_for_the_passport(app: App, user_id: int, tmp_path: Path) -> Chat:
    """Two pages received for the passport: each stored before the turn's transaction (watched)."""
    chat = await reach_documents(app, user_id)
    await chat.press("📎 Passport")
    first, second = tmp_path / "page-1.jpg", tmp_path / "page-2.jpg"
    first.write_bytes(corpus.phone_photo())
    second.write_bytes(corpus.phone_photo(corpus.phone_photo_image().rotate(180)))
    await upload(chat, first)
    assert "Page 2 received" in await upload(chat, second)
    return chat


async def test_a_failed_commit_deletes_no_file(app: App, tmp_path: Path, watched: WatchedDeletions) -> None:
    chat = await pages_for_the_passport(app, 74, tmp_path)
    pages = (await stored_sections(app, 74))["documents"]["_uploads"]["passport"]["pages"]
    assert len(pages) == 2 and set(pages) <= stored(app, 74)

    with failing_commits(app) as failures, pytest.raises(CommitFailed):
        await chat.press("✅ Done (2 pages)")  # the pages become one file: the commit fails
    assert failures and not watched.deleted
    assert (await stored_sections(app, 74))["documents"]["_uploads"]["passport"]["pages"] == pages
    assert await committed_references(app, 74) <= stored(app, 74)  # every referenced file still there

    with failing_commits(app), pytest.raises(CommitFailed):
        await chat.send("/delete")
        await chat.press("🗑 Yes, delete everything")
    assert not watched.deleted and set(pages) <= stored(app, 74)
    assert await committed_references(app, 74) <= stored(app, 74)

    written = watched.written
    text = await chat.press("✅ Done (2 pages)")  # the same press again, now committed
    assert "a PDF of 2 pages" in text
    assert watched.written == written + 1  # the finished file, written by the document work: no transaction
    finished = (await stored_sections(app, 74))["documents"]["_uploads"]["passport"]["sha256"]
    assert {sha for _owner, sha in watched.deleted} == set(pages)  # the pages went, after the commit
    assert finished in stored(app, 74) and not set(pages) & stored(app, 74)


# -- (3) deletions after the commit that stops referring to the files ---------------------------------------

async def test_delete_erases_the_files_after_the_commit(app: App, tmp_path: Path, watched: WatchedDeletions) -> None:
    chat = await pages_for_the_passport(app, 75, tmp_path)
    assert stored(app, 75)
    await chat.send("/delete")
    text = await chat.press("🗑 Yes, delete everything")
    assert "everything about you is deleted" in text
    assert watched.deleted == [(75, "*")] and not stored(app, 75)  # WatchedDeletions saw the user gone first


async def test_a_deletion_that_fails_leaves_the_committed_turn_answered(app: App, tmp_path: Path,
                                                                        watched: WatchedDeletions) -> None:
    chat = await pages_for_the_passport(app, 78, tmp_path)

    def unreachable(_owner_id: int) -> int:
        raise OSError("the store is unreachable")

    watched.delete_owner = unreachable  # type: ignore[method-assign]
    await chat.send("/delete")
    assert "everything about you is deleted" in await chat.press("🗑 Yes, delete everything")
    assert stored(app, 78) and not await committed_references(app, 78)  # left for the maintenance sweep


async def test_a_replaced_document_is_deleted_after_the_commit(app: App, tmp_path: Path,
                                                               watched: WatchedDeletions) -> None:
    chat = await reach_documents(app, 76)
    first, second = tmp_path / "me.jpg", tmp_path / "me-again.jpg"
    first.write_bytes(corpus.id_photo((700, 900), (250, 250, 250)))
    second.write_bytes(corpus.id_photo((720, 930), (245, 245, 245)))
    await chat.press("📎 Photo")
    assert "✅ Photo" in await upload(chat, first)
    old = (await stored_sections(app, 76))["documents"]["_uploads"]["photo"]["sha256"]
    await chat.press("📎 Photo")  # the finished photo's item again (its page went after the first commit)
    deleted = list(watched.deleted)
    with failing_commits(app), pytest.raises(CommitFailed):
        await upload(chat, second)  # the replacement's commit fails: the old photo stays
    assert old in stored(app, 76) and watched.deleted == deleted
    assert await committed_references(app, 76) <= stored(app, 76)

    assert "✅ Photo" in await upload(chat, second)
    new = (await stored_sections(app, 76))["documents"]["_uploads"]["photo"]["sha256"]
    assert new != old and new in stored(app, 76)
    assert (76, old) in watched.deleted and old not in stored(app, 76)
    assert await committed_references(app, 76) <= stored(app, 76)


async def test_a_file_another_draft_still_refers_to_is_kept(app: App, tmp_path: Path) -> None:
    chat = await reach_documents(app, 77)
    photo = tmp_path / "me.jpg"
    photo.write_bytes(corpus.id_photo((700, 900), (250, 250, 250)))
    await chat.press("📎 Photo")
    await upload(chat, photo)
    sha = (await stored_sections(app, 77))["documents"]["_uploads"]["photo"]["sha256"]
    assert await app.engine.effects.delete_unreferenced(77, [sha]) == 0  # the draft still lists it
    assert sha in stored(app, 77)


def test_referenced_files_finds_every_hash_in_the_answers() -> None:
    page, finished, supplement = "a" * 64, "b" * 64, "c" * 64
    sections: dict[str, Any] = {"documents": {"_uploads": {"passport": {"pages": [page]},
                                                           "photo": {"sha256": finished, "pages": 1}}},
                                "supplement_files": {"_files": [{"sha256": supplement}]},
                                "basic_data": {"name": "SMITH"}}
    assert referenced_files(sections) == {page, finished, supplement}

