"""The review card: every tab of the application with both labels and the values (monospace, so a tap
copies them), the answers the platform will not let change later on top, what is still missing, and
a Change button per tab that returns here after the edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.engine.copy_buttons import copy_rows
from bot.engine.events import Button
from bot.engine.flow import Flow, Question
from bot.engine.state import Action, Step
from bot.i18n import Bold, Msg, _, verbatim
from bot.webapp.chat import desk_buttons

if TYPE_CHECKING:
    from bot.engine.turn import Turn

def application_flows(turn: Turn) -> list[Flow]:
    return [flow for flow in turn.flows.values() if flow.part_of]


def flow_heading(turn: Turn, flow: Flow, number: int) -> Msg:
    if flow.label_zh and turn.locale == "zh_TW":
        return _("{number}. {title}", number=number, title=Bold(flow.label_zh))
    if flow.label_zh:
        return _("{number}. {title} · {platform}", number=number, title=flow.title, platform=Bold(flow.label_zh))
    return _("{number}. {title}", number=number, title=flow.title)


def answer_line(turn: Turn, question: Question, answers: dict[str, Any]) -> Msg:
    label = review_label(turn, question)
    if question.key not in answers:
        return _("{label}: ⚠ missing", label=label) if not question.is_optional(answers) else _(
            "{label}: (not answered)", label=label)
    value = answers[question.key]
    if value is None:
        return _("{label}: (left empty)", label=label)
    shown = turn.shown_value(question, value)
    return _("{label}: {value}", label=label, value=shown)


def review_label(turn: Turn, question: Question) -> Msg:
    """Both labels, so the same box is easy to find on the platform (zh_TW readers see the platform's)."""
    if question.label_zh and question.label_en and turn.locale != "zh_TW":
        return _("{english} ({platform})", english=question.label_en, platform=question.label_zh)
    return turn.short_label(question)


async def show_review(turn: Turn, before: tuple[Msg, ...] = ()) -> None:
    turn.conv.step = Step.REVIEW
    turn.conv.question = None
    turn.conv.return_to = None
    turn.conv.history = []
    turn.new_prompt()
    flows = application_flows(turn)
    answered = missing = 0
    unfinished: list[Flow] = []
    cards: list[tuple[tuple[Msg, ...], Button]] = []
    for number, flow in enumerate(flows, 1):
        view = await turn.answers(flow)
        if flow.unfinished is not None and flow.unfinished(view):
            unfinished.append(flow)
        visible = flow.visible(view)
        answered += sum(1 for q in visible if q.key in view)
        missing += sum(1 for q in visible if q.key not in view and not q.is_optional(view))
        lines = [answer_line(turn, q, view) for q in visible]
        extra = flow.summary(view)
        if flow.confirm is not None:
            lines.insert(0, _("These answers cannot be changed on the platform later."))
        parts = (flow_heading(turn, flow, number), *lines, *extra)
        cards.append((parts, turn.button(_("✏️ Change: {flow}", flow=verbatim(flow.label_zh) if flow.label_zh and
                                            turn.locale == "zh_TW" else flow.title), Action.EDIT, flow.name)))
    label = turn.store.label(await turn.draft())
    head = (*before, _("📋 Review: {label}", label=label),
            _("{answered} answers given, {missing} still missing.", answered=answered, missing=missing))
    change = [button for _parts, button in cards]  # one message: the tabs, then their Change buttons
    checker = turn.options.checker
    findings = checker(await turn.sections(), turn.today) if checker else ()
    closing: list[Msg] = list(findings)
    if missing:
        closing.append(_("Fill in what is missing with ▶ Continue in the menu, or tap Change on a tab."))
    elif unfinished:
        closing.append(_("Every question is answered; still to do: {what}.",
                         what=unfinished[0].title if turn.locale != "zh_TW" or not unfinished[0].label_zh
                         else verbatim(unfinished[0].label_zh)))
    else:
        closing.append(_("Everything the platform asks is answered. Tap a value to copy it when you fill in "
                         "the platform."))
    tabs = tuple(part for parts, _button in cards for part in parts)
    turn.say(*head, *tabs, *closing,
             buttons=(*copy_rows(tabs), *(tuple(change[i:i + 2]) for i in range(0, len(change), 2)),
                      (turn.button(_("📤 Export"), Action.EXPORT), turn.button(_("Main menu"), Action.MENU)),
                      *desk_buttons(turn)))
