"""Every word of the desk's pages, through gettext (domain ``webapp``), rendered in the viewer's language and
handed to the templates (the templates hold no text of their own)."""

from __future__ import annotations

from bot.i18n import PLAIN, Msg, _, render

WORDS: dict[str, Msg] = {
    "title": _("Copy desk"),
    "loading": _("Loading your draft…"),
    "no_auth": _("Open this page from the bot: the menu button, or a one-time link from /desk for a computer."),
    "link_used": _("This link was already used or has expired. Send /desk to the bot for a new one."),
    "unknown_user": _("Start a chat with the bot first: there is no draft yet."),
    "verdict": _("Verdict"),
    "complete": _("Complete: every answer the platform asks is given."),
    "incomplete": _("Incomplete: some answers are missing."),
    "problems": _("Problems: some answers need a fix."),
    "tab_complete": _("complete"),
    "tab_incomplete": _("incomplete"),
    "tab_problems": _("problems"),
    "missing": _("Missing"),
    "problem_list": _("To fix"),
    "notes": _("Notes"),
    "copy_button": _("Copy"),
    "copied": _("Copied"),
    "copy_label": _("Copy the value of {field}"),
    "edit": _("Change"),
    "save": _("Save"),
    "cancel": _("Cancel"),
    "saved": _("Saved."),
    "not_answered": _("(not answered)"),
    "left_empty": _("(left empty)"),
    "locked": _("These answers cannot be changed on the platform later; change them in the chat."),
    "session": _("Platform session"),
    "session_help": _("The platform logs you out after 30 minutes. Start the timer when you log in; fields are "
                      "ticked as you copy them."),
    "start": _("Start the 30-minute timer"),
    "stop": _("Stop the timer"),
    "remaining": _("Time left"),
    "warn": _("25 minutes gone: save now on the platform."),
    "warn_no_save": _("25 minutes gone: this form has no save button, submit it now."),
    "no_save": _("This form has no save button on the platform: fill in the whole sequence below in one "
                 "sitting, then submit."),
    "in_progress": _("Now on"),
    "documents": _("Documents"),
    "download": _("Download {name}"),
    "status_missing": _("missing"),
    "status_in_progress": _("in progress"),
    "status_uploaded": _("ready"),
    "status_needs_fix": _("needs a fix"),
    "suggestions": _("Did you mean:"),
    "modes": _("Form"),
    "mode_application": _("New application"),
    "mode_data_change": _("Change of card data (資料異動)"),
    "mode_supplement": _("Supplement (補正)"),
    "error": _("Something went wrong; please try again."),
}


def words(locale: str) -> dict[str, str]:
    """The desk's words in ``locale`` (``{field}``/``{name}`` left for the page to fill)."""
    return {key: render(message, locale, PLAIN) for key, message in WORDS.items()}
