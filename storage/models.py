"""Typed SQLAlchemy 2 models: users, drafts, conversations, processed updates, the polling inbox, reminders
and the help desk's tickets, FAQ questions and rejected fields.

Personal data (answers, draft labels) is stored sealed (``storage.crypto``); conversation rows hold
only navigation state (flow, step, question keys), never answers.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, list[str]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    locale: Mapped[str | None] = mapped_column(String(16))
    language_code: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA name; None means Asia/Taipei
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # privacy notice accepted
    consent_version: Mapped[str | None] = mapped_column(String(16))
    blocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the user blocked the bot
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                 server_default=func.now())


class Draft(Base):
    """One applicant's prepared data. A user owns several when applying for others (employer, agency)."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="application")
    label_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    answers_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    purge_warned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # idle-draft warning sent
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                 server_default=func.now())


class Conversation(Base):
    """Where a user is: the flow, the step and question, the token of the latest prompt."""

    __tablename__ = "conversations"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("drafts.id", ondelete="SET NULL"))
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32), default="menu")
    question: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    history: Mapped[list[str]] = mapped_column(JSON, default=list)
    return_to: Mapped[str | None] = mapped_column(String(32))
    # the user's message that gave the latest answer ("flow/question"), while it is their latest event: an edit
    # of that message corrects the answer (bot.engine.corrections)
    answer_message_id: Mapped[int | None] = mapped_column(BigInteger)
    answer_key: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                 server_default=func.now())


class ProcessedUpdate(Base):
    """A delivery already handled: a redelivered update with the same key does nothing twice."""

    __tablename__ = "processed_updates"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 server_default=func.now(), index=True)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class InboxUpdate(Base):
    """A Telegram update fetched by long polling and not yet handled, stored (sealed: it carries what the
    user typed) before ``getUpdates`` confirms it, deleted once handled (``storage.inbox``)."""

    __tablename__ = "inbox"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # Telegram's update_id
    payload_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                  server_default=func.now())
    # webhook mode (storage.inbox_order): whose update it is, and when it was applied (kept a while after)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class InboxTurn(Base):
    """Which worker applies a user's pending inbox updates now, until when (a lease: a dead worker's turn
    passes on once it expires; ``storage.inbox_order``)."""

    __tablename__ = "inbox_turns"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    holder: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Reminder(Base):
    """A message to send a user at a due time, once: survives restarts; one worker claims it."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("user_id", "dedupe_key", name="uq_reminders_user_dedupe"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(128))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    params_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 server_default=func.now())


TICKET_OPEN = "open"  # Ticket.status of a ticket not closed yet


class Ticket(Base):
    """A conversation with help-desk staff (bot/helpdesk). Ids, status, times and counts only: the messages
    are relayed as they arrive and never stored. ``topic_id`` is the staff group's forum topic."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | closed
    locale: Mapped[str] = mapped_column(String(16))
    share_summary: Mapped[bool] = mapped_column(Boolean, default=False)  # the applicant agreed to show answers
    relaying: Mapped[bool] = mapped_column(Boolean, default=True)  # the applicant's typed text goes to staff
    topic_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    from_ask_id: Mapped[int | None] = mapped_column(Integer)  # the unanswered question that led here
    messages_in: Mapped[int] = mapped_column(Integer, default=0)  # applicant → staff
    messages_out: Mapped[int] = mapped_column(Integer, default=0)  # staff → applicant
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                server_default=func.now())
    last_applicant_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_staff_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeskMute(Base):
    """An applicant whose messages staff no longer receive (abuse), until a staff member unmutes them. The
    reason is sealed to its row (it may name the person); unmuting deletes the row."""

    __tablename__ = "desk_mutes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    reason_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    muted_by: Mapped[int] = mapped_column(BigInteger)  # the staff member's Telegram id
    muted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class FaqAsk(Base):
    """A question answered from the FAQ in the chat, for /stats: the entry shown and the feedback. The
    question itself is kept only when nothing answered it, redacted (bot/helpdesk/redact.py) and sealed."""

    __tablename__ = "faq_asks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))  # answered | suggested | unanswered
    entry_id: Mapped[str | None] = mapped_column(String(64))
    helpful: Mapped[bool | None] = mapped_column(Boolean)
    question_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 server_default=func.now(), index=True)


class RejectedField(Base):
    """The fields whose typed answers were refused lately ("flow:question" keys, newest last), for the
    help desk's ticket summary. Never the values typed."""

    __tablename__ = "rejected_fields"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                 server_default=func.now())


class WebappLink(Base):
    """A one-time link into the Mini App for a desktop browser (``bot.webapp.links``): only the SHA-256 of
    its token is stored; used once, within 10 minutes, by the user it was sent to."""

    __tablename__ = "webapp_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SealedFile(Base):
    """A stored document (sealed, bound to its owner and hash) when the database is PostgreSQL: workers on
    several machines then share nothing but the database and the keys (bot/documents/store_db.py)."""

    __tablename__ = "sealed_files"

    owner_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 server_default=func.now())
