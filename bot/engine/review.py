"""The review card: every tab of the application with both labels and the values (monospace, so a tap
copies them), the answers the platform will not let change later on top, and a Change button per tab
that returns here after the edit. Whether anything is missing or wrong is the shared verdict's
(:mod:`bot.forms.verdict`, through ``turn.verdict()``): its headline, each tab's status and its findings,
then the no-refund warning before Export.
"""

from __future__ import annotations

from typing import Any

from bot.engine.copy_buttons import copy_rows
from bot.engine.core import TurnCore
from bot.engine.events import Button
from bot.engine.flow import Flow, InputKind, Question
from bot.engine.state import Action, Step
from bot.forms.countries import country
from bot.forms.verdict_text import NO_REFUND, headline, tab_line, verdict_lines
from bot.i18n import Bold, Code, Msg, _, is_chinese, localized, verbatim


def application_flows(turn: TurnCore) -> list[Flow]:
    return [flow for flow in turn.flows.values() if flow.part_of]


def flow_heading(turn: TurnCore, flow: Flow, number: int) -> Msg:
    if flow.label_zh and is_chinese(turn.locale):
        return _("{number}. {title}", number=number, title=Bold(flow.label_zh))
    if flow.label_zh:
        return _("{number}. {title} · {platform}", number=number, title=flow.title, platform=Bold(flow.label_zh))
    return _("{number}. {title}", number=number, title=flow.title)


def answer_line(turn: TurnCore, question: Question, answers: dict[str, Any]) -> Msg:
    label = review_label(turn, question)
    if question.key not in answers:
        return _("{label}: ⚠ missing", label=label) if not question.is_optional(answers) else _(
            "{label}: (not answered)", label=label)
    value = answers[question.key]
    if value is None:
        return _("{label}: (left empty)", label=label)
    shown = country_value(value) if question.kind is InputKind.COUNTRY else turn.shown_value(question, value)
    return _("{label}: {value}", label=label, value=shown)


def country_value(value: Any) -> Msg | Code:
    """A stored country code as its names (西班牙 / Spain), never the bare ISO code."""
    found = country(str(value))
    if found is None:
        return Code(str(value))
    return localized(f"{found.en} ({found.zh})", found.zh) if found.en != found.zh else verbatim(found.zh)


def review_label(turn: TurnCore, question: Question) -> Msg:
    """Both labels, so the same box is easy to find on the platform (zh_TW readers see the platform's)."""
    if question.label_zh and question.label_en and not is_chinese(turn.locale):
        return _("{english} ({platform})", english=question.label_en, platform=question.label_zh)
    return turn.short_label(question)


async def show_review(turn: TurnCore, before: tuple[Msg, ...] = ()) -> None:
    turn.conv.step = Step.REVIEW
    turn.conv.question = None
    turn.conv.return_to = None
    turn.conv.history = []
    turn.new_prompt()
    judged = await turn.verdict()
    cards: list[tuple[tuple[Msg, ...], Button]] = []
    for number, flow in enumerate(application_flows(turn), 1):
        view = await turn.answers(flow)
        lines = [answer_line(turn, q, view) for q in flow.visible(view)]
        if flow.confirm is not None:
            lines.insert(0, _("These answers cannot be changed on the platform later."))
        tab = judged.tab(flow.name) if judged is not None else None
        status = (tab_line(tab, turn.locale),) if tab is not None else ()
        parts = (flow_heading(turn, flow, number), *status, *lines, *flow.summary(view))
        cards.append((parts, turn.button(_("✏️ Change: {flow}", flow=verbatim(flow.label_zh) if flow.label_zh and
                                            is_chinese(turn.locale) else flow.title), Action.EDIT, flow.name)))
    label = turn.store.label(await turn.draft())
    head = (*before, _("📋 Review: {label}", label=label), *((headline(judged),) if judged else ()))
    change = [button for _parts, button in cards]  # one message: the tabs, then their Change buttons
    closing: list[Msg] = list(verdict_lines(judged, turn.locale)[1:]) if judged is not None else [
        _("Some stored answers no longer fit the platform's form; check the tabs again.")]
    rows: list[tuple[Button, ...]] = []
    opening = next((flow for flow in application_flows(turn) if flow.confirm is not None), None)
    if opening is not None and not (await turn.answers(opening)).get("_confirmed"):
        rows.append((turn.button(_("✅ Check and confirm the opening answers"), Action.OPEN, opening.name),))
    if judged is not None and judged.complete:
        closing.append(_("Everything the platform asks is answered. Tap a value to copy it when you fill in "
                         "the platform."))
    elif judged is not None:
        closing.append(_("Fill in what is missing with ▶ Continue in the menu, or tap Change on a tab."))
    closing.append(NO_REFUND)
    tabs = tuple(part for parts, _button in cards for part in parts)
    turn.say(*head, *tabs, *closing,
             buttons=(*copy_rows(tabs), *(tuple(change[i:i + 2]) for i in range(0, len(change), 2)), *rows,
                      (turn.button(_("📤 Export"), Action.EXPORT), turn.button(_("Main menu"), Action.MENU)),
                      *turn.feature_rows()), card=True)
