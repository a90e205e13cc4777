"""Small pieces the help desk's modules share: token-free buttons, the ticket's label, the user's locale."""

from __future__ import annotations

from bot.engine.events import Button
from bot.engine.state import Action, ButtonData
from bot.i18n import LANGUAGE_NAMES, Msg, normalize_locale
from storage.models import User

TOKEN = "h"  # help-desk buttons carry no prompt token: they are valid on any message


def desk_button(label: Msg, action: Action, arg: str = "") -> Button:
    return Button(label, ButtonData(TOKEN, action, arg).encode())


def user_locale(user: User, default: str) -> str:
    return user.locale or normalize_locale(user.language_code) or default


def topic_title(ticket_id: int, locale: str) -> str:
    """A forum topic's name: the ticket number and the applicant's language, never a name."""
    return f"#{ticket_id} · {LANGUAGE_NAMES.get(locale, locale)}"


def parse_int(text: str) -> int | None:
    text = text.strip().lstrip("#")
    return int(text) if text.isdigit() and len(text) <= 12 else None
