"""Work a turn asks for that must not run inside its transaction: slow (an export's PDF and ZIP, the stored
files sent with a copy sheet) or irreversible (deleting files).

A turn appends typed effects to ``Turn.effects``; the engine runs them after the turn's commit, outside any
database transaction (on SQLite: outside the process's write turn, so other users' answers go on), while
the user's own lock is still held (their next event waits). What an effect produces comes back as replies
after the turn's own. A failed commit runs no effect: a file is deleted only once the commit that stops
referring to it is durable, and even then only when no committed draft of its owner still refers to it.
A redelivered update runs no turn, so its effects never run twice.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from bot.engine.events import Attachment, Button, Reply
from bot.engine.intake import Services
from bot.i18n import Msg, _
from storage.crypto import Sealer
from storage.db import Database
from storage.models import User
from storage.repositories import Store

_log = logging.getLogger(__name__)
_HASH = re.compile(r"^[0-9a-f]{64}$")

PDF, ZIP, SHEET = "pdf", "zip", "sheet"


@dataclass(frozen=True)
class BuildExport:
    """One part of the export (``pdf``, ``zip`` or the copy ``sheet``) of the answers as committed."""

    owner_id: int
    part: str
    sections: Mapping[str, Any]
    locale: str
    today: date
    label: str


@dataclass(frozen=True)
class SendStoredFiles:
    """A reply whose attachments are files of the owner's store, read after the commit."""

    owner_id: int
    parts: tuple[Msg, ...]
    files: tuple[tuple[str, str, str], ...]  # (sha256, file name, media type)
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True)
class DeleteFiles:
    """Stored files the turn stopped referring to (a page replaced, pages made one file, files removed)."""

    owner_id: int
    sha256s: tuple[str, ...]


@dataclass(frozen=True)
class DeleteOwnerFiles:
    """Every stored file of a user whose data the turn erased (/delete)."""

    owner_id: int


Effect = BuildExport | SendStoredFiles | DeleteFiles | DeleteOwnerFiles
ExportBuilder = Callable[[BuildExport], Awaitable[tuple[Reply, ...]]]


def referenced_files(sections: Mapping[str, Any]) -> set[str]:
    """Every file hash a draft's answers refer to (anything shaped like a SHA-256 counts: never too few)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str) and _HASH.match(value):
            found.add(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(sections)
    return found


async def _no_export(effect: BuildExport) -> tuple[Reply, ...]:
    raise LookupError("no export builder")  # the maintenance sweep's runner only deletes


class EffectRunner:
    """Runs a committed turn's effects; ``export_builder`` makes an export's replies (replaceable in tests)."""

    def __init__(self, db: Database, sealer: Sealer, services: Services,
                 export_builder: ExportBuilder | None = None) -> None:
        self.db = db
        self.sealer = sealer
        self.services = services
        self.export_builder = export_builder or _no_export  # the export feature's (bot/export/effect.py)

    async def run(self, effects: Sequence[Effect]) -> tuple[Reply, ...]:
        replies: list[Reply] = []
        for effect in effects:
            if isinstance(effect, BuildExport):
                replies.extend(await self._export(effect))
            elif isinstance(effect, SendStoredFiles):
                replies.append(await self._stored_files(effect))
            else:
                await self._delete(effect)
        return tuple(replies)

    async def _delete(self, effect: DeleteFiles | DeleteOwnerFiles) -> None:
        """A deletion that fails (the database or the store unreachable) is logged, never the turn's failure:
        the turn is committed, and the maintenance sweep deletes what nothing refers to (maintenance.py)."""
        try:
            if isinstance(effect, DeleteFiles):
                await self.delete_unreferenced(effect.owner_id, effect.sha256s)
            else:
                await self._delete_owner(effect.owner_id)
        except Exception as exc:  # the type only: a database error may quote the owner
            _log.warning("stored files could not be deleted now (%s); the maintenance sweep will",
                         type(exc).__name__)

    async def _export(self, effect: BuildExport) -> tuple[Reply, ...]:
        try:
            return await self.export_builder(effect)
        except Exception as exc:  # committed already: the user is told, and can press the button again
            _log.warning("an export could not be built (%s)", type(exc).__name__)  # the type only: no answers
            return (Reply.of(_("The export could not be made just now. Please press the button again."),),)

    async def _stored_files(self, effect: SendStoredFiles) -> Reply:
        files = self.services.files
        attachments: list[Attachment] = []
        if files is not None:
            for sha256, name, media_type in effect.files:
                try:
                    data = await asyncio.to_thread(files.get, effect.owner_id, sha256)
                except KeyError:  # gone since the turn (StoredFileMissing): the sheet lists it, without it
                    _log.warning("a stored file to send was missing")
                    continue
                attachments.append(Attachment(data, name, media_type))
        return Reply(parts=effect.parts, buttons=effect.buttons, attachments=tuple(attachments))

    async def delete_unreferenced(self, owner_id: int, sha256s: Iterable[str], *,
                                  stored_before: float | None = None) -> int:
        """Delete those of ``sha256s`` that no committed draft of ``owner_id`` refers to; how many went.

        From a turn (the user's lock held: their next event waits) the files go after a short read. Without
        the user's lock (the maintenance sweep, ``stored_before`` given) they go inside the transaction, and
        only those still stored before that moment (a turn storing the same content again refreshes it)."""
        files = self.services.files
        wanted = set(sha256s)
        if files is None or not wanted:
            return 0
        deleted = 0
        inside = stored_before is not None or not self.db.is_sqlite
        async with self.db.transaction() as session:  # short: from a turn on SQLite only the reading is inside it
            if not self.db.is_sqlite:  # other workers: the user's row stays locked until the files are gone
                await session.execute(select(User.id).where(User.id == owner_id).with_for_update())
            store = Store(session, self.sealer)
            for draft in await store.drafts_of(owner_id):
                wanted -= referenced_files(store.answers(draft))
            if stored_before is not None and wanted:
                wanted &= set(await asyncio.to_thread(files.stored_before, owner_id, stored_before))
            if inside:
                deleted = await self._delete_files(owner_id, wanted)
        if not inside:
            deleted = await self._delete_files(owner_id, wanted)
        return deleted

    async def _delete_files(self, owner_id: int, sha256s: set[str]) -> int:
        files = self.services.files
        if files is None:
            return 0
        return sum([bool(await asyncio.to_thread(files.delete, owner_id, sha256)) for sha256 in sorted(sha256s)])

    async def _delete_owner(self, owner_id: int) -> None:
        files = self.services.files
        if files is not None:
            await asyncio.to_thread(files.delete_owner, owner_id)
