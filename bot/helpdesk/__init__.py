"""The help desk: answers with sources at any point of a conversation, and a person when needed.

The engine calls these hooks; each returns whether it took the event. (Stubs until the help desk is
built: they take nothing.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.events import Event, Outcome
    from bot.engine.state import ButtonData
    from bot.engine.turn import Turn
    from storage.repositories import Store


async def intercept_text(turn: Turn, text: str) -> bool:
    """Typed text before the dialog sees it: a question to answer, or a message for staff."""
    return False


async def on_command(turn: Turn, command: str, args: str) -> bool:
    """Help-desk commands (/ask, /human, staff commands)."""
    return False


async def on_action(turn: Turn, data: ButtonData) -> bool:
    """Help-desk buttons (an answer card, "did this help?", "ask a person"): valid on any message."""
    return False


async def staff_event(store: Store, event: Event) -> Outcome | None:
    """An event from the staff group (a reply in a ticket's topic, /close ...); None if not one."""
    return None
