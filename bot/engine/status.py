"""/status that is true: the current applicant's flows only (the application's tabs, and any other flow
once started), each counted the way its tab counts — the documents tab by its checklist items."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from bot.engine.flow import Flow, TurnView
from bot.i18n import Msg, _


@runtime_checkable
class CountedScreen(Protocol):
    """A screen that counts its own progress (the documents tab: its checklist items)."""

    def progress(self, answers: dict[str, Any]) -> tuple[int, int]: ...


def progress(flow: Flow, answers: dict[str, Any]) -> tuple[int, int]:
    """(done, total) of ``flow``: its screen's own count when it has one (the documents checklist)."""
    if isinstance(flow.screen, CountedScreen):
        return flow.screen.progress(answers)
    return flow.progress(answers)


async def status_lines(turn: TurnView) -> list[Msg]:
    lines: list[Msg] = []
    for flow in turn.flows.values():
        answers = await turn.answers(flow)
        own = (await turn.sections()).get(flow.name)
        if not flow.part_of and not own:
            continue  # never started: not part of this applicant's progress
        done, total = progress(flow, answers)
        if answers.get("_confirmed"):
            lines.append(_("{flow}: confirmed ✓", flow=flow.title))
        else:
            lines.append(_("{flow}: {done} of {total} answered", flow=flow.title, done=done, total=total))
    return lines
