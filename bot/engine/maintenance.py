"""Housekeeping that runs beside the doors: drafts idle past the retention period are deleted (their
owner is warned a week before, with a button to keep the draft; their files go after that commit), and
the delivery log keeps only what Telegram could still redeliver; stored files nothing refers to go after an hour.

Every step is safe with several workers: warnings are claimed with a conditional UPDATE, deletions are
idempotent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update

from bot.engine.effects import EffectRunner, referenced_files
from bot.engine.events import Button, Outcome, Reply
from bot.engine.intake import Services
from bot.engine.state import Action, ButtonData
from bot.i18n import DEFAULT_LOCALE, _, normalize_locale
from storage.crypto import Sealer
from storage.db import Database
from storage.models import Draft, ProcessedUpdate, User
from storage.repositories import Store

_log = logging.getLogger(__name__)
WARN_AHEAD = timedelta(days=7)
ORPHAN_AGE = timedelta(hours=1)
DELIVERY_LOG_DAYS = 7  # Telegram keeps an unconfirmed update for 24 hours


@dataclass
class MaintenanceReport:
    warned: int = 0
    purged: int = 0
    log_rows: int = 0
    unreferenced_files: int = 0  # left by a stop between a commit and its file deletion


def keep_button(draft_id: str) -> Button:
    """Token-free: it only touches the presser's own draft."""
    return Button(_("Keep my draft"), ButtonData("k", Action.KEEP_DRAFT, draft_id).encode())


class Maintenance:
    def __init__(self, db: Database, sealer: Sealer, files: Any, notifier: Any, retention_days: int, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db = db
        self.sealer = sealer
        self.files = files
        self.notifier = notifier
        self.retention = timedelta(days=retention_days)
        self.clock = clock
        self.effects = EffectRunner(db, sealer, Services(files=files))

    async def run_once(self) -> MaintenanceReport:
        now = self.clock()
        report = MaintenanceReport()
        report.purged = await self._purge(now - self.retention)
        report.warned = await self._warn(now)
        report.unreferenced_files = await self._sweep_unreferenced(now)
        async with self.db.transaction() as session:
            result = await session.execute(delete(ProcessedUpdate).where(
                ProcessedUpdate.created_at < now - timedelta(days=DELIVERY_LOG_DAYS)))
            report.log_rows = int(result.rowcount or 0)  # type: ignore[attr-defined]
        return report

    async def _purge(self, before: datetime) -> int:
        files: dict[int, set[str]] = {}
        async with self.db.transaction() as session:
            idle = list((await session.execute(select(Draft).where(Draft.updated_at < before))).scalars())
            store = Store(session, self.sealer)
            for draft in idle:
                files.setdefault(draft.owner_id, set()).update(referenced_files(store.answers(draft)))
                await session.delete(draft)
        for owner_id, hashes in files.items():  # committed: the files no other draft of the owner refers to
            await self.effects.delete_unreferenced(owner_id, hashes)
        if idle:
            _log.info("deleted %d idle drafts", len(idle))
        return len(idle)

    async def _sweep_unreferenced(self, now: datetime) -> int:
        """Files no committed draft refers to, stored over an hour ago: left when the process stopped between a
        commit and its file deletion (a user erased by /delete, pages made one file), or a turn's file whose
        commit failed. The hour spares a file whose turn is still running (written before its commit)."""
        if self.files is None:
            return 0
        cutoff = (now - ORPHAN_AGE).timestamp()
        swept = 0
        for owner_id in await asyncio.to_thread(self.files.owners):
            old = await asyncio.to_thread(self.files.stored_before, owner_id, cutoff)
            swept += await self.effects.delete_unreferenced(owner_id, old, stored_before=cutoff) if old else 0
        if swept:
            _log.info("deleted %d stored files nothing refers to", swept)
        return swept

    async def _warn(self, now: datetime) -> int:
        warn_before = now - self.retention + WARN_AHEAD
        not_warned = or_(Draft.purge_warned_at.is_(None), Draft.purge_warned_at < Draft.updated_at)
        async with self.db.transaction() as session:
            due = list((await session.execute(select(Draft.id).where(Draft.updated_at < warn_before, not_warned)))
                       .scalars())
        warned = 0
        for draft_id in due:
            async with self.db.transaction() as session:
                claimed = await session.execute(update(Draft).where(Draft.id == draft_id, not_warned)
                                                .values(purge_warned_at=now, updated_at=Draft.updated_at))
                if not claimed.rowcount:  # type: ignore[attr-defined]
                    continue  # another worker warns (a warning is not a use: updated_at is kept)
                draft = await session.get(Draft, draft_id)
                user = await session.get(User, draft.owner_id) if draft else None
                if draft is None or user is None:
                    continue
                label = Store(session, self.sealer).label(draft)
                last_use = draft.updated_at if draft.updated_at.tzinfo else draft.updated_at.replace(tzinfo=UTC)
            locale = user.locale or normalize_locale(user.language_code) or DEFAULT_LOCALE
            reply = Reply.of(_("Your draft «{label}» has not been used since {used}; it will be deleted on {when} "
                               "unless you keep it.", label=label, used=last_use.date(),
                               when=(last_use + self.retention).date()),
                             buttons=((keep_button(draft_id),),))
            try:
                if self.notifier is not None:
                    await self.notifier.push(user.id, Outcome(locale, (reply,)))
                warned += 1
            except Exception:  # not delivered: try again at the next run
                _log.warning("a retention warning could not be sent")
                async with self.db.transaction() as session:
                    await session.execute(update(Draft).where(Draft.id == draft_id)
                                          .values(purge_warned_at=None, updated_at=Draft.updated_at))
        return warned

    async def run(self, interval: float = 3600.0) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                _log.exception("maintenance run failed; retrying later")
            await asyncio.sleep(interval)
