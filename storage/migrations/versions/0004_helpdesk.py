"""help desk: tickets, FAQ questions asked in the chat, fields with rejected answers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

NOW = sa.func.now()


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("faq_asks",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("user_id", sa.BigInteger(), nullable=False),
    sa.Column("locale", sa.String(length=16), nullable=False),
    sa.Column("outcome", sa.String(length=16), nullable=False),
    sa.Column("entry_id", sa.String(length=64), nullable=True),
    sa.Column("helpful", sa.Boolean(), nullable=True),
    sa.Column("question_sealed", sa.LargeBinary(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("faq_asks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_asks_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_faq_asks_user_id"), ["user_id"], unique=False)

    op.create_table("rejected_fields",
    sa.Column("user_id", sa.BigInteger(), nullable=False),
    sa.Column("keys", sa.JSON(), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("user_id")
    )
    op.create_table("tickets",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("user_id", sa.BigInteger(), nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("locale", sa.String(length=16), nullable=False),
    sa.Column("share_summary", sa.Boolean(), nullable=False),
    sa.Column("relaying", sa.Boolean(), nullable=False),
    sa.Column("topic_id", sa.BigInteger(), nullable=True),
    sa.Column("from_ask_id", sa.Integer(), nullable=True),
    sa.Column("messages_in", sa.Integer(), nullable=False),
    sa.Column("messages_out", sa.Integer(), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.Column("last_applicant_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_staff_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tickets_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_topic_id"), ["topic_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_user_id"), ["user_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_user_id"))
        batch_op.drop_index(batch_op.f("ix_tickets_topic_id"))
        batch_op.drop_index(batch_op.f("ix_tickets_status"))

    op.drop_table("tickets")
    op.drop_table("rejected_fields")
    with op.batch_alter_table("faq_asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_asks_user_id"))
        batch_op.drop_index(batch_op.f("ix_faq_asks_created_at"))

    op.drop_table("faq_asks")
