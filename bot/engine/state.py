"""Shared state names (persisted as strings) and the button-data format.

A button's data is ``"<token>|<action>"``: the token is the conversation's prompt counter (base 36)
when the button was sent, so a press on an outdated message is recognised and answered with a hint
instead of being applied; ``~`` after it marks a button on a card (a card it leads to replaces that message).
Telegram allows 64 bytes of callback data; actions stay well below that.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Step(StrEnum):
    LANGUAGE = "language"  # first contact: choose a language
    MENU = "menu"  # main menu, no question pending
    ASK = "ask"  # a question of a flow is pending
    CONFIRM = "confirm"  # the flow's summary waits for confirmation
    PICK_EDIT = "pick_edit"  # choosing which answer to change
    BLOCKED = "blocked"  # an answer means the applicant cannot go on this way
    DONE = "done"  # the flow was confirmed
    CONSENT = "consent"  # the privacy notice waits for an answer
    NAME_DRAFT = "name_draft"  # typing the name of a new applicant
    REVIEW = "review"  # the review card of the whole application
    SCREEN = "screen"  # a flow's own screen (e.g. the documents tab); question = the screen's position


class Action(StrEnum):
    CHOICE = "c"  # c:<index of the choice>
    BACK = "back"
    KEEP = "keep"
    SKIP = "skip"
    MENU = "menu"
    LANGUAGE = "lang"  # lang:<locale>
    OPEN = "open"  # open:<flow>
    CONFIRM = "ok"
    EDIT = "edit"  # edit (list answers) or edit:<question key>
    HELP = "help"
    CONSENT = "consent"  # consent:yes|no
    DELETE = "delete"  # delete:yes|no
    REVIEW = "review"  # show the review card
    EXPORT = "export"  # the copy sheet, PDF and ZIP
    DOC = "doc"  # doc:<checklist item>: collect that document
    DOC_DONE = "docok"  # the pages received make the document
    DOCS = "docs"  # back to the checklist
    SUGGEST = "sg"  # sg:<suggested value>: a correction offered after a rejected answer
    TYPED = "typed"  # typed:s|q:<text>: text that read as a question was an answer (s) or a question (q)
    REUSE = "reuse"  # take the same field's answer from another flow
    APPLICANTS = "apps"  # the list of applicants (drafts)
    APPLICANT = "app"  # app:<draft id>|new|reset|reset-yes|list
    KEEP_DRAFT = "keepdraft"  # keepdraft:<draft id>: the owner keeps an idle draft (valid on any message)
    CANCEL_REMINDER = "rmx"  # rmx:<reminder id>; valid on any message, only for the presser's own reminders
    # the help desk's buttons (bot/helpdesk), valid on any message
    FAQ = "faq"  # faq:<ask id>:<entry id>: show that answer card
    FEEDBACK = "fb"  # fb:<ask id>:y|n: "did this help?"
    HUMAN = "human"  # human[:<ask id>]: ask a person
    SHARE = "share"  # share:y|n[:<ask id>]: open a ticket, showing staff the draft's answers or not
    DESK_WRITE = "dwrite"  # typed text goes to the help desk again
    DESK_BACK = "dback"  # typed text goes to the application again (the ticket stays open)
    CLOSE_TICKET = "tclose"  # tclose:<ticket id>: staff close a ticket


MAX_BUTTON_DATA = 64
CARD_MARK = "~"  # after the token: the button is on a card (bot/engine/edit_in_place.py)


def encode_token(seq: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if seq == 0:
        return "0"
    out = ""
    while seq:
        seq, rest = divmod(seq, 36)
        out = digits[rest] + out
    return out


@dataclass(frozen=True)
class ButtonData:
    token: str
    action: str
    arg: str = ""
    card: bool = False  # the button is on a card (menu, review, …): a card it leads to replaces that message

    def encode(self) -> str:
        data = f"{self.token}{CARD_MARK if self.card else ''}|{self.action}" + (f":{self.arg}" if self.arg else "")
        if len(data.encode()) > MAX_BUTTON_DATA:
            raise ValueError(f"button data too long: {data!r}")
        return data

    @classmethod
    def parse(cls, data: str) -> ButtonData | None:
        token, sep, rest = data.partition("|")
        if not sep or not token or not rest:
            return None
        action, _, arg = rest.partition(":")
        card = token.endswith(CARD_MARK) and len(token) > 1
        return cls(token[:-1] if card else token, action, arg, card)


def card_data(data: str) -> str:
    """A button's data marked as on a card (unchanged when it is not the engine's, or too long for the mark)."""
    parsed = ButtonData.parse(data)
    if parsed is None or parsed.card:
        return data
    try:
        return ButtonData(parsed.token, parsed.action, parsed.arg, card=True).encode()
    except ValueError:
        return data
