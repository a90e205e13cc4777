"""The ticket summary staff see when an applicant asks for a person.

Always: the ticket number, the applicant's language, where they are (flow and field), their progress per
tab, the fields whose answers were refused lately (keys only), the document checklist (statuses only, no
file names) and the redacted question that led here. Never an answer, a name, a passport number or a
file, unless the applicant agreed to share their draft's summary: then their answers follow, marked as
shared.
"""

from __future__ import annotations

from typing import Any

from bot.documents.checklist import Status
from bot.engine.core import TurnCore
from bot.engine.documents_tab import MARKS, checklist_of
from bot.engine.flow import Flow, Question
from bot.engine.state import Step
from bot.i18n import LANGUAGE_NAMES, Code, Msg, _, joined, verbatim
from storage.models import Ticket

STATUS_NAMES: dict[Status, Msg] = {
    Status.MISSING: _("missing"),
    Status.IN_PROGRESS: _("pages coming in"),
    Status.UPLOADED: _("ready"),
    Status.NEEDS_FIX: _("needs a fix"),
}


def field_name(flow: Flow, question: Question | None, key: str) -> Msg:
    """"Basic data › Date of birth (出生日期(西元))": flow and field in the staff's language, the platform's
    label beside it."""
    if question is None:
        return _("{flow} › {field}", flow=flow.title, field=key)
    english = question.label_en if isinstance(question.label_en, Msg) else (
        verbatim(question.label_en) if question.label_en else question.title or verbatim(question.key))
    if question.label_zh:
        return _("{flow} › {field} ({platform})", flow=flow.title, field=english, platform=question.label_zh)
    return _("{flow} › {field}", flow=flow.title, field=english)


def where(turn: TurnCore) -> Msg:
    flow = turn.current_flow()
    step = Step(turn.conv.step)
    if flow is None or step in (Step.MENU, Step.DONE, Step.LANGUAGE):
        return _("the main menu")
    if step is Step.ASK:
        return field_name(flow, flow.question(turn.conv.question or ""), turn.conv.question or "")
    if step is Step.REVIEW:
        return _("the review card")
    if step in (Step.CONFIRM, Step.PICK_EDIT):
        return _("{flow}: checking the summary", flow=flow.title)
    if step is Step.BLOCKED:
        return _("{flow}: stopped by an answer", flow=flow.title)
    if step is Step.CONSENT:
        return _("the privacy notice")
    return flow.title


async def has_draft(turn: TurnCore) -> bool:
    return bool(await turn.store.drafts_of(turn.user.id))


async def progress_lines(turn: TurnCore) -> list[Msg]:
    parts: list[Msg] = []
    for flow in turn.flows.values():
        if not flow.part_of or flow.screen is not None:
            continue
        answers = await turn.answers(flow)
        done, total = flow.progress(answers)
        if answers.get("_confirmed") or (total and done == total):
            parts.append(_("{flow} ✓", flow=flow.title))
        else:
            parts.append(_("{flow} {done}/{total}", flow=flow.title, done=done, total=total))
    return parts


async def checklist_line(turn: TurnCore) -> Msg | None:
    screen = next((flow for flow in turn.flows.values() if flow.screen is not None and flow.part_of), None)
    if screen is None:
        return None
    checklist = checklist_of(await turn.answers(screen))
    items = [_("{mark} {name} ({status})", mark=MARKS[entry.status], name=entry.item.name,
               status=STATUS_NAMES[entry.status]) for entry in checklist.entries]
    return _("Documents: {done} of {total} ready: {items}", done=checklist.done, total=len(checklist.entries),
             items=joined(items, "; "))


def rejected_lines(turn: TurnCore, keys: list[str]) -> list[Msg]:
    names = []
    for key in reversed(keys):  # newest first
        flow_name, _sep, question_key = key.partition(":")
        flow = turn.flows.get(flow_name)
        if flow is not None:
            names.append(field_name(flow, flow.question(question_key), question_key))
    return names


async def shared_answers(turn: TurnCore) -> list[Msg]:
    """The applicant's answers, tab by tab: only ever called when they agreed to share them."""
    lines: list[Msg] = []
    for flow in turn.flows.values():
        answers: dict[str, Any] = await turn.answers(flow)
        for question in flow.visible(answers):
            if question.key in answers and answers[question.key] is not None and not question.ephemeral:
                value = turn.shown_value(question, answers[question.key])
                lines.append(_("{field}: {value}", field=field_name(flow, question, question.key),
                               value=value if isinstance(value, Msg | Code) else Code(str(value))))
    return lines


async def ticket_summary(turn: TurnCore, ticket: Ticket, rejected: list[str], question: str | None,
                         reachable_by: Msg) -> tuple[Msg, ...]:
    """The note that opens a ticket in the staff group."""
    parts: list[Msg] = [
        _("🆕 Ticket #{number}", number=ticket.id),
        _("Language: {language}", language=LANGUAGE_NAMES.get(ticket.locale, ticket.locale)),
        _("Now at: {where}", where=where(turn)),
    ]
    drafted = await has_draft(turn)
    if drafted:
        parts.append(_("Progress: {tabs}", tabs=joined(await progress_lines(turn), " · ")))
    fields = rejected_lines(turn, rejected)
    parts.append(_("Answers refused lately: {fields}", fields=joined(fields, "; ")) if fields
                 else _("Answers refused lately: none"))
    if drafted and (documents := await checklist_line(turn)) is not None:
        parts.append(documents)
    if question:
        parts.append(_("Question that led here (shortened, without numbers or names): {question}",
                       question=question))
    if ticket.share_summary and drafted:
        answers = await shared_answers(turn)
        parts.append(_("The applicant agreed to share their draft's answers:"))
        parts.append(joined(answers, "\n") if answers else _("(no answers yet)"))
    else:
        parts.append(_("The applicant did not share their answers."))
    parts.append(reachable_by)
    return tuple(parts)
