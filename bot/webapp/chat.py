"""The desk in the chat: a button that opens the Mini App (menu, review card, export) and ``/desk``, which
sends a one-time link for a computer's browser. Only when ``WEBAPP_URL`` is set (``EngineOptions.webapp_url``).

A button whose data starts with :data:`WEB_APP` is drawn by the Telegram doors as a ``web_app`` button
opening the URL after the prefix; nothing here imports a Telegram library.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine.core import CommandHandler, Feature, TurnCore
from bot.engine.events import Button
from bot.i18n import Code, _
from bot.webapp.links import LINK_LIFETIME, issue_link, login_url

WEB_APP = "webapp:"


def web_app_url(data: str) -> str | None:
    """The URL of a Mini App button's data, None for an ordinary button."""
    return data[len(WEB_APP):] if data.startswith(WEB_APP) else None


class CopyDesk(Feature):
    """The copy desk as a feature of the chat (registered in ``bot/features.py``): /desk, and its button under
    the menu and the review card."""

    def commands(self) -> Mapping[str, CommandHandler]:
        return {"desk": send_desk_link}

    def rows(self, turn: TurnCore) -> tuple[tuple[Button, ...], ...]:
        return desk_buttons(turn)


def desk_buttons(turn: TurnCore) -> tuple[tuple[Button, ...], ...]:
    """A row with the Mini App's button, or nothing when the desk is not configured."""
    url = turn.options.webapp_url
    return ((Button(_("🖥 Open the copy desk"), WEB_APP + url),),) if url else ()


async def send_desk_link(turn: TurnCore, _args: str = "") -> None:
    """``/desk``: a one-time link for a desktop browser (stored hashed in this turn's transaction)."""
    url = turn.options.webapp_url
    if not url:
        turn.say(_("The copy desk is not switched on for this bot."))
        return
    token = await issue_link(turn.store.session, turn.user.id)
    turn.say(_("Your copy desk for a computer: open this link in the browser you fill the platform in. It works "
               "once, within {minutes} minutes, and only for you; send /desk again for a new one.",
               minutes=int(LINK_LIFETIME.total_seconds() // 60)),
             _("{link}", link=Code(login_url(url, token))),
             buttons=desk_buttons(turn))
