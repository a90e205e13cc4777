"""The bot's profile on Telegram, per language, without importing a Telegram library: the description
(shown in an empty chat, before /start) and the short description (the profile page and shared links),
the command menu for the help desk's staff group (chat scope), and the menu button (the command list).

Both doors publish it at start through the door core (:func:`bot.telegram.core.publish`: ``setMyDescription``,
``setMyShortDescription``, ``setMyCommands`` with ``BotCommandScopeChat``, ``setChatMenuButton``); a failure is
logged, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import PLAIN, Msg, _, render
from bot.telegram.render import MENU_LOCALES

DESCRIPTION = _("I prepare your Taiwan Employment Gold Card (就業金卡) application with you, question by question, in "
                "the official platform's order and wording, in English or Traditional Chinese. Every answer is "
                "checked at once; at the end you get a copy sheet, a PDF and a ZIP to fill in the platform in "
                "minutes. Not an official service of the Gold Card Office.")
SHORT_DESCRIPTION = _("Prepare your Taiwan Employment Gold Card application step by step, then copy it into the "
                      "platform.")
STAFF_COMMANDS: tuple[tuple[str, Msg], ...] = (
    ("tickets", _("Open tickets")),
    ("reply", _("Reply to a ticket: /reply N text")),
    ("close", _("Close a ticket: /close N")),
    ("stats", _("Help-desk statistics")),
)
MAX_DESCRIPTION, MAX_SHORT_DESCRIPTION = 512, 120  # Bot API limits


@dataclass(frozen=True)
class Profile:
    """What one ``language_code`` (None: the default) sees."""

    language_code: str | None
    description: str
    short_description: str


def profiles() -> list[Profile]:
    """The default (English) profile and the Chinese one (``language_code="zh"``)."""
    return [Profile(code, render(DESCRIPTION, locale, PLAIN)[:MAX_DESCRIPTION],
                    render(SHORT_DESCRIPTION, locale, PLAIN)[:MAX_SHORT_DESCRIPTION])
            for code, locale in MENU_LOCALES]


def staff_commands(locale: str) -> list[tuple[str, str]]:
    """The staff group's command menu, in the staff's language."""
    return [(name, render(text, locale, PLAIN)) for name, text in STAFF_COMMANDS]
