"""Reminders set from the flows' answers, in the same transaction as the answer (``Flow.on_answer``).

:func:`remind` schedules a kind of reminder for an anchor date (idempotent; a new anchor replaces the
old one of the same kind and applicant) and says when the reminders will come; :func:`forget` cancels
the pending ones of a kind. :func:`passport_validity` is the passport tab's hook: a passport falling
under 6 months of validity is announced before it happens.
"""

from __future__ import annotations

from datetime import date

from bot.engine.flow import AnswerContext
from bot.forms.dates import iso_answer
from bot.i18n import Msg, _
from bot.reminders import scheduling
from bot.reminders.book import ReminderBook
from bot.reminders.kinds import SPECS, ReminderKind
from bot.reminders.scheduling import local_date
from storage.models import Reminder


def _book(ctx: AnswerContext) -> ReminderBook:
    return ReminderBook(ctx.turn.store.session, ctx.turn.store.sealer)


async def _pending(ctx: AnswerContext, kind: ReminderKind) -> list[Reminder]:
    draft = await ctx.turn.draft()
    return [reminder for reminder in await _book(ctx).pending(ctx.turn.user.id)
            if reminder.kind == kind and reminder.draft_id == draft.id]


async def remind(ctx: AnswerContext, kind: ReminderKind, anchor: date) -> tuple[Msg, ...]:
    """Schedule ``kind`` for ``anchor`` (an ``AnswerContext``); the note that says when, or that the date
    has passed."""
    draft = await ctx.turn.draft()
    store = ctx.turn.store
    pending = await scheduling.schedule(await store.connection(), store.sealer, ctx.turn.user, kind, anchor,
                                        today=ctx.today, draft_id=draft.id)
    days = sorted({local_date(ctx.turn.user, reminder.due) for reminder in pending})
    if not days:
        return (_("No reminder set for {what}: that date has already passed.", what=SPECS[kind].title),)
    return (_("⏰ Reminder set ({what}): {days}, at 10:00 your time. /reminders lists them; you can cancel any.",
              what=SPECS[kind].title, days=", ".join(day.isoformat() for day in days)),)


async def forget(ctx: AnswerContext, kind: ReminderKind) -> int:
    """Cancel this applicant's pending reminders of ``kind``; how many there were."""
    book = _book(ctx)
    cancelled = 0
    for reminder in await _pending(ctx, kind):
        cancelled += await book.cancel(ctx.turn.user.id, reminder.id)
    return cancelled


async def passport_validity(ctx: AnswerContext) -> tuple[Msg, ...]:
    """護照資料 and a new passport in 資料異動: remind before the passport falls under 6 months of validity."""
    if ctx.key != "passport_expiry_date":
        return ()
    expiry = iso_answer(ctx.answers, "passport_expiry_date")
    if expiry is None:
        return ()
    return await remind(ctx, ReminderKind.PASSPORT_VALIDITY, expiry)
