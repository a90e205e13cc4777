"""Commands: a registry of handlers by name. The engine's own (/start, /help, /language, /cancel, /status,
/menu) are here; features add theirs (bot.engine.core.Feature.commands: /privacy, /export, /reminders, /ask
…) when they are registered at the composition root. A feature's ``on_command`` hook sees every command
first (the help desk ends a chat with staff on /cancel, then the engine's /cancel follows).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine.core import CommandHandler, TurnCore
from bot.engine.state import Step
from bot.engine.status import status_lines
from bot.forms.verdict_text import headline, tab_line
from bot.i18n import _, normalize_locale

COMMAND_EXCERPT = 32  # characters of an unknown command quoted back
IN_A_FLOW = (Step.ASK, Step.CONFIRM, Step.PICK_EDIT, Step.BLOCKED, Step.REVIEW)


async def start(turn: TurnCore, args: str) -> None:
    payload = args.strip().lower()
    if payload.startswith("lang_") and (locale := normalize_locale(payload[5:])):
        turn.user.locale = locale
    if turn.user.locale is None and turn.conv.step in (Step.MENU, Step.LANGUAGE) and not turn.conv.flow:
        turn.conv.step = Step.LANGUAGE
        turn.new_prompt()
        turn.say(_("Welcome to Gold Card Guide! I help you prepare your Taiwan Employment Gold Card "
                   "application step by step, so that you can copy it into the official platform "
                   "in minutes."),
                 _("Please choose your language. You can change it at any time with /language."),
                 buttons=turn.language_buttons())
        return
    if payload in turn.flows:
        await turn.open_flow(turn.flows[payload])
        return
    if turn.conv.step in (*IN_A_FLOW, Step.SCREEN, Step.CONSENT):
        flow = turn.current_flow()
        if flow is not None and turn.conv.step in (Step.ASK, Step.CONFIRM, Step.PICK_EDIT, Step.BLOCKED,
                                                   Step.CONSENT):
            done, total = flow.progress(await turn.answers(flow))
            turn.say(_("Welcome back! You were at: {flow} ({done} of {total} answered). "
                       "Everything you entered is saved.", flow=flow.title, done=done, total=total))
        await turn.prompt_current()
        return
    await turn.show_menu(greeting=True)


async def show_help(turn: TurnCore, _args: str = "") -> None:
    turn.say(_("I prepare your Gold Card application with you, question by question, in the "
               "platform's own order and wording. Every answer is checked at once and saved, so you "
               "can stop and come back at any time."),
             _("Commands:\n/start: start or continue\n/status: where you are\n/language: English or "
               "Traditional Chinese\n/cancel: stop the current questions (answers are kept)\n"
               "/export: the copy sheet, PDF and ZIP\n/ask: ask a question\n/human: talk to a person\n"
               "/reminders: your reminders\n/privacy: how your data is handled\n/mydata: what is stored\n"
               "/delete: erase everything\n/help: this help"))


async def choose_language(turn: TurnCore, _args: str = "", card: bool = False) -> None:
    """The language picker; ``card``: asked from a card (the menu), which it then replaces."""
    turn.say(_("Choose your language:"), buttons=turn.language_buttons(), card=card)


async def cancel(turn: TurnCore, _args: str) -> None:
    if turn.conv.step in IN_A_FLOW:
        turn.say(_("Stopped. Everything you answered is kept: choose Continue in the menu or send "
                   "/start when you want to go on."))
    await turn.show_menu()


async def status(turn: TurnCore, _args: str) -> None:
    lines = await status_lines(turn)
    where = await turn.where()
    judged = await turn.verdict()
    if judged is not None:
        lines.extend((headline(judged), *(tab_line(tab, turn.locale) for tab in judged.tabs)))
    turn.say(_("Your progress:"), *lines, where, card=True)


async def menu(turn: TurnCore, _args: str) -> None:
    await turn.show_menu()


ENGINE_COMMANDS: Mapping[str, CommandHandler] = {
    "start": start,
    "help": show_help,
    "language": choose_language,
    "cancel": cancel,
    "status": status,
    "menu": menu,
}


def registry(turn: TurnCore) -> dict[str, CommandHandler]:
    """The engine's commands and every registered feature's (a feature's name wins: none overlap today)."""
    handlers = dict(ENGINE_COMMANDS)
    for feature in turn.services.features:
        handlers.update(feature.commands())
    return handlers


async def run_command(turn: TurnCore, command: str, args: str) -> None:
    for feature in turn.services.features:
        if await feature.on_command(turn, command, args):
            return
    handler = registry(turn).get(command)
    if handler is None:
        quoted = command if len(command) <= COMMAND_EXCERPT else command[:COMMAND_EXCERPT] + "…"
        turn.say(_("I do not know the command /{command}. Send /help to see what I can do.",
                   command=quoted))  # a short excerpt: never a long text echoed back
        return
    await handler(turn, args)
