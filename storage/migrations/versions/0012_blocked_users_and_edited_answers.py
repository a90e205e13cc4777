"""users.blocked_at: when the user blocked the bot (Telegram's my_chat_member "kicked", or a 403 on send);
their reminders wait until they unblock it. conversations.answer_message_id, answer_key: the message that
gave the latest answer (an edit of it corrects the answer)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("answer_message_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("answer_key", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("answer_key")
        batch.drop_column("answer_message_id")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("blocked_at")
