"""What /tickets and /stats show staff: open tickets (numbers, language, times, topic links) and figures
(drafts by stage, tickets, FAQ questions, feedback, the top unanswered questions in their redacted form).
Nothing here names an applicant."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.engine.core import TurnCore
from bot.engine.flow import Flow
from bot.helpdesk.answers import book_of
from bot.helpdesk.config import desk_of
from bot.helpdesk.records import CLOSED, OPEN
from bot.i18n import LANGUAGE_NAMES, Msg, _, joined
from storage.crypto import SealError
from storage.models import Draft

STATS_DAYS = 30
MAX_DRAFTS = 5000  # drafts opened for the stage count, newest first


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def topic_link(chat_id: int | None, topic_id: int | None) -> str | None:
    """https://t.me/c/<chat>/<topic>: opens the topic for a member of the staff group."""
    text = str(chat_id or "")
    if topic_id is None or not text.startswith("-100"):
        return None
    return f"https://t.me/c/{text[4:]}/{topic_id}"


async def tickets_parts(turn: TurnCore) -> tuple[Msg, ...]:
    desk = desk_of(turn)
    tickets = await book_of(turn).open_tickets()
    if not tickets:
        return (_("No open tickets."),)

    def clock(moment: datetime | None) -> str:
        aware = _aware(moment)
        return aware.astimezone(desk.hours.zone).strftime("%Y-%m-%d %H:%M") if aware else "–"

    lines: list[Msg] = [_("Open tickets: {count}", count=len(tickets))]
    for ticket in tickets:
        last_in, last_out = _aware(ticket.last_applicant_at), _aware(ticket.last_staff_at)
        waiting = last_in is not None and (last_out is None or last_in > last_out)
        line = _("#{number} · {language} · opened {opened} · {incoming} from the applicant, {outgoing} from staff",
                 number=ticket.id, language=LANGUAGE_NAMES.get(ticket.locale, ticket.locale),
                 opened=clock(ticket.opened_at), incoming=ticket.messages_in, outgoing=ticket.messages_out)
        parts = [line]
        if waiting:
            parts.append(_("waiting for staff since {time}", time=clock(last_in)))
        if (link := topic_link(desk.staff_chat_id, ticket.topic_id)) is not None:
            parts.append(Msg("{link}", {"link": link}))
        lines.append(joined(parts, " · "))
    return tuple(lines)


def section_view(sections: Mapping[str, Any], flow: Flow) -> dict[str, Any]:
    """The answers as ``flow`` sees them (its section over the public answers of the others), as the
    engine's TurnCore.answers builds them."""
    view: dict[str, Any] = {}
    own_keys = {q.key for q in flow.questions}
    for name, section in sections.items():
        if name != flow.name and isinstance(section, dict):
            view.update({k: v for k, v in section.items() if not k.startswith("_") and k not in own_keys})
    own = sections.get(flow.name)
    if isinstance(own, dict):
        view.update(own)
    return view


def stage_of(sections: Mapping[str, Any], flows: list[Flow]) -> str | None:
    """The first tab of the application with something left to do; None when the draft is complete."""
    for flow in flows:
        view = section_view(sections, flow)
        if (flow.next_missing(view) is not None or flow.blocker(view) is not None
                or (flow.confirm is not None and not view.get("_confirmed"))
                or (flow.unfinished is not None and flow.unfinished(view))):
            return flow.name
    return None


async def stage_counts(turn: TurnCore) -> tuple[Counter[str], int]:
    """Drafts per stage (flow name, "complete", "unreadable") and how many were counted."""
    flows = [flow for flow in turn.flows.values() if flow.part_of]
    drafts = (await turn.store.session.execute(
        select(Draft).order_by(Draft.updated_at.desc()).limit(MAX_DRAFTS))).scalars()
    counts: Counter[str] = Counter()
    total = 0
    for draft in drafts:
        total += 1
        try:
            sections = turn.store.answers(draft)
        except SealError:  # sealed with a key no longer configured
            counts["unreadable"] += 1
            continue
        counts[stage_of(sections, flows) or "complete"] += 1
    return counts, total


async def stats_parts(turn: TurnCore) -> tuple[Msg, ...]:
    book = book_of(turn)
    counts, total = await stage_counts(turn)
    stages: list[Msg] = []
    for flow in turn.flows.values():
        if flow.part_of and counts.get(flow.name):
            stages.append(_("{flow}: {count}", flow=flow.title, count=counts[flow.name]))
    if counts.get("complete"):
        stages.append(_("complete: {count}", count=counts["complete"]))
    if counts.get("unreadable"):
        stages.append(_("unreadable: {count}", count=counts["unreadable"]))
    tickets = await book.ticket_counts()
    since = datetime.now(UTC) - timedelta(days=STATS_DAYS)
    asks = await book.ask_stats(since)
    outcomes: Counter[str] = asks["outcomes"]
    parts: list[Msg] = [
        _("📊 Help-desk statistics"),
        _("Drafts by stage ({total} in all): {stages}", total=total, stages=joined(stages, " · ") if stages else "–"),
        _("Tickets: {open} open, {closed} closed", open=tickets.get(OPEN, 0), closed=tickets.get(CLOSED, 0)),
        _("Questions answered from the FAQ in the last {days} days: {total} (answered {answered}, suggestions "
          "{suggested}, no answer {unanswered})", days=STATS_DAYS, total=asks["total"],
          answered=outcomes.get("answered", 0), suggested=outcomes.get("suggested", 0),
          unanswered=outcomes.get("unanswered", 0)),
        _("Did it help? 👍 {yes} · 👎 {no}", yes=asks["helpful"], no=asks["unhelpful"]),
    ]
    if asks["unhelpful_entries"]:
        parts.append(_("Answers found unhelpful: {entries}", entries=", ".join(
            f"{entry} ({count})" for entry, count in asks["unhelpful_entries"])))
    if asks["unanswered"]:
        lines = [_("{count}× {question}", count=count, question=question) for question, count in asks["unanswered"]]
        parts.append(_("Top unanswered questions (redacted):"))
        parts.append(joined(lines, "\n"))
    else:
        parts.append(_("Top unanswered questions (redacted): none"))
    return tuple(parts)
