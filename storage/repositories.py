"""Repositories over one transaction: users, drafts (sealed answers), conversations, delivered updates.

A :class:`Store` wraps the session of one unit of work; the engine opens one per event, so everything
an event changes is committed together, before any reply is sent.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Table, Update, bindparam, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Sealer
from storage.db import dialect_insert
from storage.models import (
    TICKET_OPEN,
    Conversation,
    Draft,
    FaqAsk,
    ProcessedUpdate,
    RejectedField,
    Reminder,
    Ticket,
    User,
    WebappLink,
    utcnow,
)

WITHOUT_OPEN_TICKET = "users without an open ticket"  # session.info key: see Store.open_turn


class Store:
    def __init__(self, session: AsyncSession, sealer: Sealer) -> None:
        self.session = session
        self.sealer = sealer
        self._turn_draft: Draft | None = None

    # -- users -------------------------------------------------------------------------------
    async def lock_user(self, user_id: int, language_code: str | None = None) -> User:
        """The user's row, created if new, locked for this transaction (PostgreSQL: FOR UPDATE), so
        one user's updates are handled one at a time even across workers."""
        user = (await self.session.execute(
            select(User).where(User.id == user_id).with_for_update()
        )).scalar_one_or_none()
        if user is None:
            await self._insert_user(user_id, language_code)
            user = (await self.session.execute(
                select(User).where(User.id == user_id).with_for_update()
            )).scalar_one()
        _note_language(user, language_code)
        return user

    async def open_turn(self, user_id: int, language_code: str | None = None) -> tuple[User, Conversation]:
        """:meth:`lock_user` and :meth:`conversation`, with the conversation's draft loaded too, in one
        statement for a returning user (the draft is then found by :meth:`draft` without another, and
        whether the user has an open help-desk ticket is noted in ``session.info[WITHOUT_OPEN_TICKET]``)."""
        row = (await self.session.execute(_open_turn_statement(), {"user_id": user_id})).first()
        if row is None or row[1] is None:
            user = await self.lock_user(user_id, language_code)
            return user, await self.conversation(user_id)
        user, conversation, self._turn_draft, ticket_open = row  # held: the identity map keeps objects weakly
        if not ticket_open:
            self.session.info.setdefault(WITHOUT_OPEN_TICKET, set()).add(user_id)
        _note_language(user, language_code)
        return user, conversation

    async def _insert_user(self, user_id: int, language_code: str | None) -> None:
        insert = dialect_insert(self.session.get_bind().dialect.name)
        await self.session.execute(
            insert(User).values(id=user_id, language_code=language_code, created_at=utcnow(), updated_at=utcnow())
            .on_conflict_do_nothing(index_elements=[User.id])
        )

    async def delete_user(self, user_id: int) -> None:
        """Erase the user and everything that hangs on them (drafts, conversation, reminders, help-desk
        tickets, FAQ questions and rejected-field keys cascade), and their delivery log. Objects of this
        session are detached first: nothing is written back."""
        self.session.expunge_all()
        await self.session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.user_id == user_id))
        await self.session.execute(delete(Reminder).where(Reminder.user_id == user_id))
        await self.session.execute(delete(Ticket).where(Ticket.user_id == user_id))
        await self.session.execute(delete(FaqAsk).where(FaqAsk.user_id == user_id))
        await self.session.execute(delete(RejectedField).where(RejectedField.user_id == user_id))
        await self.session.execute(delete(WebappLink).where(WebappLink.user_id == user_id))
        await self.session.execute(delete(Conversation).where(Conversation.user_id == user_id))
        await self.session.execute(delete(Draft).where(Draft.owner_id == user_id))
        await self.session.execute(delete(User).where(User.id == user_id))

    # -- delivered updates ----------------------------------------------------------------------
    async def processed(self, key: str) -> ProcessedUpdate | None:
        return await self.session.get(ProcessedUpdate, key)

    async def record_update(self, key: str, user_id: int) -> bool:
        """Record a delivery's key: True the first time, False when it was recorded before (one
        statement either way: the key's uniqueness decides, also between workers)."""
        statement = _record_update_statement(self.session.get_bind().dialect.name)
        inserted = await self.session.execute(statement, {"key": key, "user_id": user_id, "created_at": utcnow()})
        return inserted.scalar_one_or_none() is not None

    async def mark_replied(self, keys: Collection[str]) -> None:
        """The replies of these deliveries went out (one UPDATE, no read first)."""
        await self.session.execute(_mark_replied_statement(), {"keys": list(keys), "now": utcnow()})

    async def conversation(self, user_id: int) -> Conversation:
        conversation = await self.session.get(Conversation, user_id)
        if conversation is None:
            conversation = Conversation(user_id=user_id, step="menu", seq=0, history=[])
            self.session.add(conversation)
            await self.session.flush()
        return conversation

    # -- drafts ---------------------------------------------------------------------------------
    async def create_draft(self, owner_id: int, label: str, kind: str = "application") -> Draft:
        draft = Draft(owner_id=owner_id, kind=kind)
        self.session.add(draft)
        await self.session.flush()  # assigns the id the seal is bound to
        draft.label_sealed = self._seal(draft, "label", label)
        draft.answers_sealed = self._seal(draft, "answers", {})
        return draft

    async def draft(self, draft_id: str, owner_id: int) -> Draft | None:
        """A draft only through its owner: nobody opens another user's draft."""
        draft = await self.session.get(Draft, draft_id)
        return draft if draft is not None and draft.owner_id == owner_id else None

    async def drafts_of(self, owner_id: int) -> list[Draft]:
        result = await self.session.execute(
            select(Draft).where(Draft.owner_id == owner_id).order_by(Draft.created_at, Draft.id)
        )
        return list(result.scalars())

    def answers(self, draft: Draft) -> dict[str, Any]:
        value = self._open(draft, "answers", draft.answers_sealed)
        return value if isinstance(value, dict) else {}

    def set_answers(self, draft: Draft, answers: dict[str, Any]) -> None:
        draft.answers_sealed = self._seal(draft, "answers", answers)
        draft.updated_at = utcnow()

    def label(self, draft: Draft) -> str:
        value = self._open(draft, "label", draft.label_sealed)
        return value if isinstance(value, str) else ""

    def _seal(self, draft: Draft, column: str, value: Any) -> bytes:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return self.sealer.seal(data, f"drafts:{draft.id}:{column}")

    def _open(self, draft: Draft, column: str, token: bytes | None) -> Any:
        if token is None:
            return None
        return json.loads(self.sealer.open(token, f"drafts:{draft.id}:{column}"))


def _note_language(user: User, language_code: str | None) -> None:
    if language_code and user.language_code != language_code:
        user.language_code = language_code


# -- the statements of every update, built once (building one costs more than SQLite running it) -------
@cache
def _open_turn_statement() -> Select[User, Conversation, Draft, bool]:
    has_ticket = exists().where(Ticket.user_id == User.id, Ticket.status == TICKET_OPEN)
    return (select(User, Conversation, Draft, has_ticket)
            .outerjoin(Conversation, Conversation.user_id == User.id)
            .outerjoin(Draft, (Draft.id == Conversation.draft_id) & (Draft.owner_id == User.id))
            .where(User.id == bindparam("user_id"))
            .with_for_update(of=User))


@cache
def _record_update_statement(dialect: str) -> Any:
    """On the table: Core, without the ORM's bulk machinery."""
    table = _processed_updates()
    return (dialect_insert(dialect)(table).values(key=bindparam("key"), user_id=bindparam("user_id"),
                                 created_at=bindparam("created_at"))
            .on_conflict_do_nothing(index_elements=["key"]).returning(table.c.key))


@cache
def _mark_replied_statement() -> Update:
    table = _processed_updates()
    return (update(table).where(table.c.key.in_(bindparam("keys", expanding=True)), table.c.replied_at.is_(None))
            .values(replied_at=bindparam("now")))


def _processed_updates() -> Table:
    return cast(Table, ProcessedUpdate.__table__)
