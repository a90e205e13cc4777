"""Repositories over one transaction: users, drafts (sealed answers), conversations, delivered updates.

A :class:`Store` wraps the session of one unit of work; the engine opens one per event, so everything
an event changes is committed together, before any reply is sent.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import Table, Update, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage import driver
from storage.crypto import Sealer
from storage.db import dialect_insert
from storage.models import (
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
from storage.turn_rows import TurnRows, UserRow, load_statement, new_user_statements
from storage.unit import Unit, write_rows_first

WITHOUT_OPEN_TICKET = "users without an open ticket"  # session.info key: see Store.open_turn


class Store:
    """Over an ORM session (``Database.transaction``) or a :class:`~storage.unit.Unit` (the engine's hot
    path: Core statements on the connection, an ORM session made only if a feature asks for ``session``)."""

    def __init__(self, session: AsyncSession | Unit, sealer: Sealer) -> None:
        self._unit = session if isinstance(session, Unit) else None
        self._session = None if isinstance(session, Unit) else session
        self.sealer = sealer
        self._rows: TurnRows | None = None

    @property
    def session(self) -> AsyncSession:
        if self._unit is not None:
            return self._unit.session
        assert self._session is not None
        return self._session

    async def connection(self) -> AsyncConnection:
        """The unit's connection (Core statements in its transaction; no ORM session made for them)."""
        return self._unit.connection if self._unit is not None else await self.session.connection()

    def info(self) -> dict[str, Any]:
        """This unit's notes (e.g. ``WITHOUT_OPEN_TICKET``), shared with its session."""
        return self._unit.info if self._unit is not None else self.session.info

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
        """The user's row (created if new, locked for this transaction: PostgreSQL ``FOR UPDATE``, so one
        user's updates are handled one at a time even across workers), their conversation and its draft,
        in one Core SELECT, as light rows (``storage.turn_rows``: the models' attributes, no ORM); what the
        turn changes in them is written back when the unit commits. Whether the user has an open help-desk
        ticket is noted in the session's ``info[WITHOUT_OPEN_TICKET]``."""
        connection = await self.connection()
        rows_found = await driver.execute(connection, load_statement(), {"user_id": user_id})
        if not rows_found or rows_found[0][len(UserRow.columns)] is None:  # a first event: user, conversation made
            user_insert, conversation_insert = new_user_statements(connection.dialect.name)
            params = {"user_id": user_id, "language_code": language_code, "now": utcnow()}
            await driver.execute(connection, user_insert, params)
            await driver.execute(connection, conversation_insert, params)
            rows_found = await driver.execute(connection, load_statement(), {"user_id": user_id})
        row = rows_found[0]
        rows = self._rows = TurnRows(row)
        if self._unit is not None:
            self._unit.hold_rows(rows)
        else:
            write_rows_first(self.session.sync_session, rows)
        if not rows.ticket_open:
            self.info().setdefault(WITHOUT_OPEN_TICKET, set()).add(user_id)
        # the light rows have the models' attributes: the Turn reads and sets them as it would the models'
        user = cast(User, rows.user)
        _note_language(user, language_code)
        return user, cast(Conversation, rows.conversation)

    async def _insert_user(self, user_id: int, language_code: str | None) -> None:
        insert = dialect_insert(self.session.get_bind().dialect.name)
        await self.session.execute(
            insert(User).values(id=user_id, language_code=language_code, created_at=utcnow(), updated_at=utcnow())
            .on_conflict_do_nothing(index_elements=[User.id])
        )

    async def delete_user(self, user_id: int) -> None:
        """Erase the user and everything that hangs on them (drafts, conversation, reminders, help-desk
        tickets, FAQ questions and rejected-field keys cascade), and their delivery log. What else this
        session has pending (another user's answers) is written first; the erased user's objects are then
        detached and their rows forgotten: nothing of theirs is written back."""
        if self._rows is not None and cast(User, self._rows.user).id == user_id:
            self._rows.forget()
        await self.session.flush()
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
        connection = await self.connection()
        statement = _record_update_statement(connection.dialect.name)
        params = {"key": key, "user_id": user_id, "created_at": utcnow()}
        return bool(await driver.execute(connection, statement, params))

    async def mark_replied(self, keys: Collection[str]) -> None:
        """The replies of these deliveries went out (one UPDATE per key, in one executemany; no read first)."""
        connection = await self.connection()
        now = utcnow()
        await driver.execute_many(connection, _mark_replied_statement(), [{"b_key": key, "now": now} for key in keys])

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
        turn_draft = self._turn_draft()
        if turn_draft is not None and turn_draft.id == draft_id:
            return turn_draft if turn_draft.owner_id == owner_id else None
        draft = await self.session.get(Draft, draft_id)
        return draft if draft is not None and draft.owner_id == owner_id else None

    async def drafts_of(self, owner_id: int) -> list[Draft]:
        """The owner's drafts, oldest first (the turn's current draft as the turn holds it)."""
        result = await self.session.execute(
            select(Draft).where(Draft.owner_id == owner_id).order_by(Draft.created_at, Draft.id)
        )
        turn_draft = self._turn_draft()
        return [turn_draft if turn_draft is not None and draft.id == turn_draft.id else draft
                for draft in result.scalars()]

    def _turn_draft(self) -> Draft | None:
        return cast(Draft, self._rows.draft) if self._rows is not None and self._rows.draft is not None else None

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
        data = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)  # compact UTF-8, as json.dumps(…) gave
        return self.sealer.seal(data, f"drafts:{draft.id}:{column}")

    def _open(self, draft: Draft, column: str, token: bytes | None) -> Any:
        if token is None:
            return None
        return orjson.loads(self.sealer.open(token, f"drafts:{draft.id}:{column}"))


def _note_language(user: User, language_code: str | None) -> None:
    if language_code and user.language_code != language_code:
        user.language_code = language_code


# -- the statements of every update, built once (building one costs more than SQLite running it) -------
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
    return (update(table).where(table.c.key == bindparam("b_key"), table.c.replied_at.is_(None))
            .values(replied_at=bindparam("now")))


def _processed_updates() -> Table:
    return cast(Table, ProcessedUpdate.__table__)
