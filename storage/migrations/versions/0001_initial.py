"""initial schema: users, drafts, conversations, processed updates

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

NOW = sa.func.now()

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("processed_updates",
    sa.Column("key", sa.String(length=64), nullable=False),
    sa.Column("user_id", sa.BigInteger(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint("key")
    )
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processed_updates_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_processed_updates_user_id"), ["user_id"], unique=False)

    op.create_table("users",
    sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column("locale", sa.String(length=16), nullable=True),
    sa.Column("language_code", sa.String(length=16), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_table("drafts",
    sa.Column("id", sa.String(length=32), nullable=False),
    sa.Column("owner_id", sa.BigInteger(), nullable=False),
    sa.Column("kind", sa.String(length=32), nullable=False),
    sa.Column("label_sealed", sa.LargeBinary(), nullable=True),
    sa.Column("answers_sealed", sa.LargeBinary(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(["owner_id"], ["users.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drafts_owner_id"), ["owner_id"], unique=False)

    op.create_table("conversations",
    sa.Column("user_id", sa.BigInteger(), nullable=False),
    sa.Column("draft_id", sa.String(length=32), nullable=True),
    sa.Column("flow", sa.String(length=32), nullable=True),
    sa.Column("step", sa.String(length=32), nullable=False),
    sa.Column("question", sa.String(length=64), nullable=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("history", sa.JSON(), nullable=False),
    sa.Column("return_to", sa.String(length=32), nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("user_id")
    )


def downgrade() -> None:
    op.drop_table("conversations")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drafts_owner_id"))

    op.drop_table("drafts")
    op.drop_table("users")
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_updates_user_id"))
        batch_op.drop_index(batch_op.f("ix_processed_updates_created_at"))

    op.drop_table("processed_updates")
