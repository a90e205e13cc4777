"""reminders: dedupe keys name the anchor date by a keyed digest, never in clear

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

A key ``<kind>:<draft>:<YYYY-MM-DD>:<tag>`` becomes ``<kind>:<draft>:<digest>:<tag>``
(``storage.reminder_keys``). The digest needs the sealer, which ``storage.db.Database.migrate`` hands over
(``config.attributes["sealer"]``); the anchor is checked against the sealed parameters, so a wrong key
stops here instead of writing digests no one can match.
"""

import json
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.crypto import KeyProblem, SealError
from storage.reminder_keys import dedupe_key

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CLEAR = re.compile(r"^(?P<kind>[^:]+):(?P<draft>[^:]+):(?P<anchor>\d{4}-\d{2}-\d{2}):(?P<tag>[^:]+)$")


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, user_id, draft_id, kind, dedupe_key, params_sealed FROM reminders"))
    legacy = [row for row in rows if _CLEAR.match(row.dedupe_key)]
    if not legacy:
        return
    sealer = op.get_context().config.attributes.get("sealer")  # type: ignore[union-attr]
    if sealer is None:
        raise KeyProblem("reminders hold dates in clear: run `goldcard-bot migrate` (it needs the encryption key)")
    for row in legacy:
        match = _CLEAR.match(row.dedupe_key)
        assert match is not None
        if row.params_sealed is not None:
            try:
                params = json.loads(sealer.open(bytes(row.params_sealed), f"reminders:{row.id}:{row.user_id}:params"))
            except SealError as exc:
                raise KeyProblem("the configured encryption key does not open the stored reminders: restore the "
                                 "key they were sealed with (secret.key or ENCRYPTION_KEYS)") from exc
            assert params["anchor"] == match["anchor"]
        key = dedupe_key(sealer, row.user_id, match["kind"], row.draft_id, match["anchor"], match["tag"])
        connection.execute(sa.text("UPDATE reminders SET dedupe_key = :key WHERE id = :id"), {"key": key, "id": row.id})


def downgrade() -> None:
    """Dates are not put back in clear: the digests stay (scheduling again renames nothing)."""
