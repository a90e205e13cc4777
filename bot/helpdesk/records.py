"""The help desk's storage, in the caller's transaction: tickets, FAQ questions asked in the chat (with
feedback), and the keys of fields whose answers were refused lately.

What is stored: ticket ids, status, forum topic, times and message counts (never a message text);
per FAQ question the entry shown, the outcome and the feedback (the question itself only when nothing
answered it, redacted and sealed to its row); per user the last few "flow:question" keys refused
(never the typed values). All of it hangs on the user and goes with /delete.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import TICKET_OPEN, FaqAsk, RejectedField, Ticket, utcnow
from storage.repositories import WITHOUT_OPEN_TICKET, Store

OPEN = TICKET_OPEN
CLOSED = "closed"
MAX_REJECTED = 6


class DeskBook:
    """The desk's rows in the caller's unit of work (``store``): its ORM session is made only when a row is
    read or written (most answers never touch the desk); ``info`` holds the unit's notes (``WITHOUT_OPEN_TICKET``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sealer = store.sealer
        self.info = store.info()

    @property
    def session(self) -> AsyncSession:
        return self.store.session

    # -- tickets -------------------------------------------------------------------------------
    async def open_ticket_of(self, user_id: int) -> Ticket | None:
        if user_id in self.info.get(WITHOUT_OPEN_TICKET, ()):
            return None  # known from Store.open_turn: most users never open a ticket
        return (await self.session.execute(
            select(Ticket).where(Ticket.user_id == user_id, Ticket.status == OPEN).order_by(Ticket.id.desc()).limit(1)
        )).scalar_one_or_none()

    async def ticket(self, ticket_id: int) -> Ticket | None:
        return await self.session.get(Ticket, ticket_id)

    async def ticket_in_topic(self, topic_id: int) -> Ticket | None:
        """The newest ticket of a forum topic (one topic per applicant: a later ticket reuses it)."""
        return (await self.session.execute(
            select(Ticket).where(Ticket.topic_id == topic_id).order_by(Ticket.id.desc()).limit(1)
        )).scalar_one_or_none()

    async def topic_of(self, user_id: int) -> int | None:
        """The applicant's forum topic from an earlier ticket, if any."""
        return (await self.session.execute(
            select(Ticket.topic_id).where(Ticket.user_id == user_id, Ticket.topic_id.is_not(None))
            .order_by(Ticket.id.desc()).limit(1)
        )).scalar_one_or_none()

    async def create_ticket(self, user_id: int, locale: str, share: bool, from_ask_id: int | None) -> Ticket:
        ticket = Ticket(user_id=user_id, status=OPEN, locale=locale, share_summary=share, relaying=True,
                        topic_id=await self.topic_of(user_id), from_ask_id=from_ask_id, messages_in=0,
                        messages_out=0, opened_at=utcnow())
        self.session.add(ticket)
        self.info.get(WITHOUT_OPEN_TICKET, set()).discard(user_id)
        await self.session.flush()  # assigns the ticket number
        return ticket

    async def open_tickets(self, limit: int = 30) -> list[Ticket]:
        return list((await self.session.execute(
            select(Ticket).where(Ticket.status == OPEN).order_by(Ticket.opened_at, Ticket.id).limit(limit)
        )).scalars())

    async def ticket_counts(self) -> dict[str, int]:
        rows = await self.session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
        return {str(status): int(count) for status, count in rows.all()}

    @staticmethod
    def close(ticket: Ticket) -> None:
        ticket.status = CLOSED
        ticket.relaying = False
        ticket.closed_at = utcnow()

    # -- FAQ questions -------------------------------------------------------------------------
    async def record_ask(self, user_id: int, locale: str, outcome: str, entry_id: str | None,
                         redacted: str | None = None) -> FaqAsk:
        ask = FaqAsk(user_id=user_id, locale=locale, outcome=outcome, entry_id=entry_id, created_at=utcnow())
        self.session.add(ask)
        await self.session.flush()
        if redacted:
            ask.question_sealed = self.sealer.seal(json.dumps(redacted, ensure_ascii=False).encode(),
                                                   f"faq_asks:{ask.id}:question")
        return ask

    async def ask_of(self, ask_id: int, user_id: int) -> FaqAsk | None:
        """A question only through its asker: a button can never touch someone else's."""
        ask = await self.session.get(FaqAsk, ask_id)
        return ask if ask is not None and ask.user_id == user_id else None

    def question_of(self, ask: FaqAsk) -> str | None:
        if ask.question_sealed is None:
            return None
        value = json.loads(self.sealer.open(ask.question_sealed, f"faq_asks:{ask.id}:question"))
        return value if isinstance(value, str) else None

    async def ask_stats(self, since: datetime) -> dict[str, Any]:
        """Counts by outcome, feedback totals, the entries found unhelpful, and the top unanswered questions."""
        asks = list((await self.session.execute(select(FaqAsk).where(FaqAsk.created_at >= since))).scalars())
        outcomes = Counter(ask.outcome for ask in asks)
        helpful = sum(1 for ask in asks if ask.helpful is True)
        unhelpful = Counter(ask.entry_id for ask in asks if ask.helpful is False and ask.entry_id)
        return {"total": len(asks), "outcomes": outcomes, "helpful": helpful,
                "unhelpful": sum(unhelpful.values()), "unhelpful_entries": unhelpful.most_common(5),
                "unanswered": self._unanswered(asks, 10)}

    async def unanswered(self, since: datetime, limit: int) -> list[tuple[str, int]]:
        """The questions nothing answered since ``since`` (redacted), with how often, most asked first."""
        asks = (await self.session.execute(select(FaqAsk).where(FaqAsk.created_at >= since,
                                                                FaqAsk.outcome == "unanswered"))).scalars()
        return self._unanswered(list(asks), limit)

    def _unanswered(self, asks: list[FaqAsk], limit: int) -> list[tuple[str, int]]:
        counts: Counter[str] = Counter()
        for ask in asks:
            if ask.outcome == "unanswered" and (question := self.question_of(ask)):
                counts[question.casefold()] += 1
        return counts.most_common(limit)

    # -- rejected fields -----------------------------------------------------------------------
    async def note_rejected(self, user_id: int, key: str) -> None:
        row = await self.session.get(RejectedField, user_id)
        if row is None:
            row = RejectedField(user_id=user_id, keys=[])
            self.session.add(row)
        keys = [k for k in (row.keys or []) if k != key] + [key]
        row.keys = keys[-MAX_REJECTED:]
        row.updated_at = utcnow()

    async def rejected(self, user_id: int) -> list[str]:
        row = await self.session.get(RejectedField, user_id)
        return list(row.keys or []) if row is not None else []
