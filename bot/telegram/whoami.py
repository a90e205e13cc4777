"""``/whoami``: the chat id and the sender's user id, for setting up the help desk (``STAFF_CHAT_ID``,
``STAFF_IDS``). Answered by the door in any chat — a private chat or a group the bot is in, even before
``STAFF_CHAT_ID`` is set — without touching the engine or the database; the ids are shown, never logged."""

from __future__ import annotations

from bot.i18n import HTML, Code, _, normalize_locale, render

WHOAMI = _("Chat id: {chat}\nYour user id: {user}\n\nFor the help desk: put the staff group's chat id in "
           "STAFF_CHAT_ID and the staff members' user ids in STAFF_IDS (comma-separated).")


def whoami_reply(chat_id: int, user_id: int, language_code: str | None, default_locale: str = "en") -> str:
    """The answer in Telegram HTML, in the sender's language."""
    locale = normalize_locale(language_code) or default_locale
    return render(_(WHOAMI.msgid, chat=Code(str(chat_id)), user=Code(str(user_id))), locale, HTML)
