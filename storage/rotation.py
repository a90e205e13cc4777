"""Key rotation: seal every stored secret again under the newest key of the ring.

Put the new key first in ENCRYPTION_KEYS (keep the old ones after it), run ``goldcard-bot rotate-keys``,
then remove the old keys once it reports nothing left under them. Each row is re-sealed in its own short
transaction (with the same owner-and-column binding), each file replaced atomically, so the command can be
stopped and run again at any point.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from storage.crypto import Sealer
from storage.db import Database
from storage.models import Draft, FaqAsk, InboxUpdate, Reminder
from storage.reminder_keys import dedupe_key


@dataclass
class RotationReport:
    rows: int = 0
    files: int = 0
    renamed: int = 0  # reminder dedupe keys named again with the current key


SealedColumn = tuple[type[Any], str, Callable[[Any, str], str]]

# (model, column, associated data of a row's value): every sealed column of the schema
SEALED: list[SealedColumn] = [
    (Draft, "label_sealed", lambda row, _c: f"drafts:{row.id}:label"),
    (Draft, "answers_sealed", lambda row, _c: f"drafts:{row.id}:answers"),
    (Reminder, "params_sealed", lambda row, _c: f"reminders:{row.id}:{row.user_id}:params"),
    (FaqAsk, "question_sealed", lambda row, _c: f"faq_asks:{row.id}:question"),
    (InboxUpdate, "payload_sealed", lambda row, _c: f"inbox:{row.id}"),
]


async def rotate(db: Database, sealer: Sealer, files: Any = None) -> RotationReport:
    """Re-seal every database value and stored file that is not under the current key."""
    report = RotationReport()
    for model, column, context in SEALED:
        async with db.transaction() as session:
            ids = list((await session.execute(select(model.id))).scalars())
        for row_id in ids:
            async with db.transaction() as session:
                row = await session.get(model, row_id)
                token = getattr(row, column, None) if row is not None else None
                if token is None or sealer.is_current(token):
                    continue
                where = context(row, column)
                setattr(row, column, sealer.seal(sealer.open(token, where), where))
                report.rows += 1
    report.renamed = await _rename_reminder_anchors(db, sealer)
    if files is not None:
        for owner in files.owners():
            report.files += files.reseal(owner)
    return report


async def _rename_reminder_anchors(db: Database, sealer: Sealer) -> int:
    """Reminder dedupe keys name their anchor with the current key's digest (``storage.reminder_keys``)."""
    renamed = 0
    async with db.transaction() as session:
        sealed = select(Reminder).where(Reminder.params_sealed.is_not(None))
        for reminder in (await session.execute(sealed)).scalars():
            assert reminder.params_sealed is not None
            where = f"reminders:{reminder.id}:{reminder.user_id}:params"
            anchor = json.loads(sealer.open(reminder.params_sealed, where))
            tag = reminder.dedupe_key.rsplit(":", 1)[-1]
            key = dedupe_key(sealer, reminder.user_id, reminder.kind, reminder.draft_id, anchor["anchor"], tag)
            if key != reminder.dedupe_key:
                reminder.dedupe_key = key
                renamed += 1
    return renamed
