"""The features plugged into the engine, in the order their hooks are asked: registered once at the
composition root (``bot.app.build_app``), the way the CLI registers its areas' commands. The engine
(bot/engine's turn, router, commands) imports none of them.

    Export      /export, its parts' buttons, a draft.json sent in the chat (first: an import is never a
                screenshot for staff)
    HelpDesk    /ask, /human, staff commands, typed questions, talking to staff, the staff group
    Privacy     /privacy, /mydata, /delete
    Reminders   /reminders, a reminder's Cancel
    CopyDesk    /desk, the Mini App's button under the menu and the review card
"""

from __future__ import annotations

from bot.engine.core import Feature
from bot.engine.privacy import Privacy
from bot.export.feature import Export
from bot.helpdesk.config import DeskConfig
from bot.helpdesk.plugin import HelpDesk
from bot.reminders.chat import Reminders
from bot.webapp.chat import CopyDesk


def all_features(desk: DeskConfig | None = None) -> tuple[Feature, ...]:
    """Every feature of the bot; ``desk``: the help desk's configuration (the doors attach it later)."""
    return (Export(), HelpDesk(desk), Privacy(), Reminders(), CopyDesk())
