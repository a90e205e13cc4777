"""The help desk: answers with sources at any point of a conversation, and a person when needed.

The engine calls these hooks; each returns whether it took the event. (Stubs until the help desk is
built: they take nothing.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.events import Event
    from bot.engine.state import ButtonData
    from bot.engine.turn import Turn


async def intercept_text(turn: Turn, text: str) -> bool:
    """Typed text before the dialog sees it: a question to answer, or a message for staff."""
    return False


async def on_command(turn: Turn, command: str, args: str) -> bool:
    """Help-desk commands (/ask, /human, staff commands)."""
    return False


async def on_action(turn: Turn, data: ButtonData) -> bool:
    """Help-desk buttons (an answer card, "did this help?", "ask a person"): valid on any message."""
    return False


async def staff_event(turn: Turn, event: Event) -> bool:
    """An event from the staff group (a reply in a ticket's topic, /close ...): handled here (replies for
    the staff chat in ``turn.replies``, messages for applicants through ``turn.services.notifier``), or
    False when it is not one."""
    return False
