"""Compact keyboards: short labels share a row (two or three to a row), long ones get their own, and no
button is offered twice; the main menu's before/after flows grouped under one entry.

    rows = arrange(buttons, locale)          # 3 per row up to 10 characters, 2 up to 18, else 1
    rows = without_repeats(rows, locale)     # "Male" once, even when a suggestion repeats a choice
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot.engine.core import TurnCore
from bot.engine.events import Button
from bot.engine.state import Action
from bot.i18n import PLAIN, _, render

if TYPE_CHECKING:
    from bot.engine.flow import Flow

Rows = tuple[tuple[Button, ...], ...]
THREE_UP_TO, TWO_UP_TO = 10, 18  # label width (a Chinese character counts twice) for 3 or 2 to a row
MAX_MENU_ROWS = 6
OTHER_FLOWS = "more"  # menu:more opens the flows before and after the application


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def arrange(buttons: Sequence[Button], locale: str) -> Rows:
    """``buttons`` in order, as many to a row as their longest label allows."""
    if not buttons:
        return ()
    widest = max(width(render(button.label, locale, PLAIN)) for button in buttons)
    per_row = 3 if widest <= THREE_UP_TO else 2 if widest <= TWO_UP_TO else 1
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))


def without_repeats(rows: Iterable[tuple[Button, ...]], locale: str) -> Rows:
    """The rows with every button whose label or data came before left out (empty rows dropped)."""
    seen_labels: set[str] = set()
    seen_data: set[str] = set()
    kept: list[tuple[Button, ...]] = []
    for row in rows:
        fresh: list[Button] = []
        for button in row:
            label = render(button.label, locale, PLAIN).removeprefix("✓ ").strip().casefold()
            if label in seen_labels or (button.data and button.data in seen_data):
                continue
            seen_labels.add(label)
            if button.data:
                seen_data.add(button.data)
            fresh.append(button)
        if fresh:
            kept.append(tuple(fresh))
    return tuple(kept)


def grouped_flows(turn: TurnCore) -> list[Flow]:
    """Flows in the menu that neither belong to the application nor lead into it (registration, submission,
    supplement, after approval …): shown under one entry of the main menu."""
    def leads_in(flow: Flow) -> bool:
        following = turn.flows.get(flow.next_flow) if flow.next_flow else None
        return flow.next_flow is not None and (following is None or following.in_menu)

    return [flow for flow in turn.flows.values() if not flow.part_of and flow.in_menu and not leads_in(flow)]


async def menu_tail(turn: TurnCore, used: int) -> list[tuple[Button, ...]]:
    """The main menu's rows after the ``used`` rows of Continue/Review: flows that lead into the application,
    the others too when the menu stays within MAX_MENU_ROWS (else one entry for them), then Applicants,
    Language and Help in one row."""
    grouped = grouped_flows(turn)
    rows: list[tuple[Button, ...]] = [
        (await turn.flow_button(flow),) for flow in turn.flows.values()
        if not flow.part_of and flow.in_menu and flow not in grouped]
    desk = turn.feature_rows()  # e.g. the Mini App's row, when the desk is configured
    if used + len(rows) + len(grouped) + len(desk) + 1 <= MAX_MENU_ROWS:
        rows.extend([(await turn.flow_button(flow),) for flow in grouped])
    elif grouped:
        rows.append((turn.button(_("🗂 Before and after applying"), Action.MENU, OTHER_FLOWS),))
    rows.extend(desk)
    rows.append((turn.button(_("👥 Applicants"), Action.APPLICANTS), turn.button(_("🌐 Language"), Action.LANGUAGE),
                 turn.button(_("❓ Help"), Action.HELP)))
    return rows


async def show_other_flows(turn: TurnCore) -> None:
    """The flows before and after the application, one to a row, and back to the main menu."""
    turn.new_prompt()
    rows = [(await turn.flow_button(flow),) for flow in grouped_flows(turn)]
    turn.say(_("Before and after applying: registering on the platform, after you submit, supplements, the card "
               "itself."), buttons=(*rows, (turn.button(_("⬅ Main menu"), Action.MENU),)), card=True)
