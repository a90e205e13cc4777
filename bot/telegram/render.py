"""What both Telegram doors share, without importing a Telegram library.

* Replies → Telegram messages: each :class:`~bot.engine.events.Reply` becomes one or more
  :class:`OutgoingMessage` (HTML text of at most 4096 characters, split at paragraph boundaries,
  inline keyboard on the last one; a card split so loses its buttons' card mark: it is never replaced).
* A note for the help desk's staff group → messages for its forum topic.
* The command menu, per language (``setMyCommands`` with and without ``language_code``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from bot.engine.events import Attachment, Event, EventKind, Outcome, Reply, StaffNote
from bot.engine.state import Action, ButtonData
from bot.i18n import HTML, PLAIN, Msg, _, render

MAX_MESSAGE_LENGTH = 4096  # Telegram's limit for a message text (after entity parsing)
PARAGRAPH = "\n\n"



class KeyboardButton(NamedTuple):
    """An inline button: a callback (``data``), a tap-to-copy text (``copy_text``) or a link (``url``)."""

    label: str
    data: str
    copy_text: str | None = None
    url: str | None = None


Keyboard = tuple[tuple[KeyboardButton, ...], ...]


@dataclass(frozen=True)
class OutgoingMessage:
    """One Telegram message to send: HTML text (parse mode HTML) and inline keyboard rows, or a file
    (``attachment``: a photo or a document, without text); ``thread_id``: the forum topic to post in."""

    html: str
    keyboard: Keyboard = ()
    attachment: Attachment | None = None
    thread_id: int | None = None
    copy_from: tuple[int, int] | None = None  # (chat, message) to copy with copyMessage instead of sending


# -- replies → messages ------------------------------------------------------------------------
def render_outcome(outcome: Outcome) -> list[OutgoingMessage]:
    """Every reply of ``outcome`` as messages, in order."""
    return [message for reply in outcome.replies for message in render_reply(reply, outcome.locale)]


def render_staff_note(note: StaffNote, locale: str, thread_id: int | None) -> list[OutgoingMessage]:
    """A note for the staff group, in the staff's language, in the forum topic ``thread_id`` (None: the
    group itself)."""
    messages = render_reply(Reply(parts=note.parts, buttons=note.buttons), locale)
    copy_of = getattr(note, "copy_of", None)  # an applicant's photo or file, after the note that announces it
    if copy_of is not None:
        messages.append(OutgoingMessage("", copy_from=copy_of))
    return [OutgoingMessage(m.html, m.keyboard, m.attachment, thread_id, m.copy_from) for m in messages]


def in_thread(messages: list[OutgoingMessage], thread_id: int | None) -> list[OutgoingMessage]:
    if thread_id is None:
        return messages
    return [OutgoingMessage(m.html, m.keyboard, m.attachment, thread_id, m.copy_from) for m in messages]


def render_reply(reply: Reply, locale: str, limit: int = MAX_MESSAGE_LENGTH) -> list[OutgoingMessage]:
    """One reply as one or more messages; the buttons go with the last one."""
    paragraphs = [text for text in (render(part, locale, HTML) for part in reply.parts) if text.strip()]
    keyboard = tuple(tuple(KeyboardButton(render(button.label, locale, PLAIN), button.data, button.copy_text,
                                          button.url) for button in row)
                     for row in reply.buttons if row)
    chunks = split_html(paragraphs, limit)
    files = [OutgoingMessage("", attachment=attachment) for attachment in reply.attachments]
    copy_of = getattr(reply, "copy_of", None)  # a staff member's photo or file, copied after the text
    if copy_of is not None:
        return [*files, *(OutgoingMessage(chunk) for chunk in chunks), OutgoingMessage("", keyboard, copy_from=copy_of)]
    if not chunks:
        if not keyboard:
            return files
        chunks = [render(CHOOSE_BELOW, locale, HTML)]
    if len(chunks) > 1 or files:  # a card in several messages is not replaced by the next card (edit in place)
        keyboard = tuple(tuple(button._replace(data=not_a_card(button.data)) for button in row) for row in keyboard)
    return files + [OutgoingMessage(chunk, keyboard if index == len(chunks) - 1 else ())
                    for index, chunk in enumerate(chunks)]


def not_a_card(data: str) -> str:
    """A button's data without the card mark: its message is only a part of a card, not to be replaced whole."""
    parsed = ButtonData.parse(data)
    return dataclasses.replace(parsed, card=False).encode() if parsed is not None and parsed.card else data


def edited_html(pressed_html: str | None, mark: Msg | None, locale: str) -> str | None:
    """The new text of a pressed message: its own text with ``mark`` (the chosen answer) under it; None
    when only its buttons go (no mark, the text unknown, or too long to add to)."""
    if not pressed_html or mark is None:
        return None
    html = f"{pressed_html}{PARAGRAPH}<b>{render(mark, locale, HTML)}</b>"
    return html if message_length(html) <= MAX_MESSAGE_LENGTH else None


TYPING = "typing"
UPLOAD_DOCUMENT = "upload_document"


def chat_action_for(event: Event) -> str:
    """The chat action shown while ``event`` takes long: ``upload_document`` for the export, else ``typing``."""
    if event.kind is EventKind.COMMAND and event.command == "export":
        return UPLOAD_DOCUMENT
    if event.kind is EventKind.BUTTON and (data := ButtonData.parse(event.button)) and data.action == Action.EXPORT:
        return UPLOAD_DOCUMENT
    return TYPING


def message_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units); measured on the HTML source, which is never
    shorter than the text it shows, so a chunk that fits here fits in Telegram."""
    return len(text.encode("utf-16-le")) // 2


def split_html(paragraphs: Iterable[str], limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Join paragraphs with blank lines into chunks of at most ``limit``; cut between paragraphs,
    else between lines, else between words (tags closed at the cut and opened again after it)."""
    paragraphs = list(paragraphs)
    if all(paragraphs):  # the usual reply fits whole: one join, one length (UTF-16 units ≤ 2 per character)
        whole = PARAGRAPH.join(paragraphs)
        if whole and (2 * len(whole) <= limit or message_length(whole) <= limit):
            return [whole]
    return _cut(paragraphs, limit)


def _cut(paragraphs: list[str], limit: int) -> list[str]:
    """Paragraph by paragraph: each joined to the chunk while it fits, else starting the next one."""
    chunks: list[str] = []
    current = ""
    for paragraph in paragraphs:
        for piece in _fit(paragraph, limit):
            candidate = f"{current}{PARAGRAPH}{piece}" if current else piece
            if message_length(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def _fit(paragraph: str, limit: int) -> list[str]:
    """A paragraph as pieces that each fit, cut preferably at a line break, else at a space, never
    inside a tag or an entity. Tags open at a cut are closed before it and opened again after it."""
    if message_length(paragraph) <= limit:
        return [paragraph]
    tokens = _TOKEN.findall(paragraph)
    pieces: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, opening tag) open where the next piece starts
    start = 0
    while start < len(tokens):
        prefix = "".join(tag for _name, tag in open_tags)
        stack = list(open_tags)
        size = message_length(prefix)
        end = start
        line_cut: tuple[int, list[tuple[str, str]]] | None = None  # after the last line break
        word_cut: tuple[int, list[tuple[str, str]]] | None = None  # after the last space
        while end < len(tokens):
            token = tokens[end]
            after = _apply_tag(stack, token)
            closing = "".join(f"</{name}>" for name, _tag in reversed(after))
            if end > start and size + message_length(token) + message_length(closing) > limit:
                break
            size += message_length(token)
            stack = after
            end += 1
            if token.isspace():
                if "\n" in token:
                    line_cut = (end, list(stack))
                word_cut = (end, list(stack))
        cut = end
        if end < len(tokens):  # the rest does not fit: prefer a line break, then a space, past half-way
            half = start + (end - start) // 2
            for candidate in (line_cut, word_cut):
                if candidate is not None and candidate[0] > half:
                    cut, stack = candidate
                    break
        body = tokens[start:cut]
        if cut < len(tokens) and body and body[-1].isspace():
            body = body[:-1]  # the cut replaces the space or line break
        closers = "".join(f"</{name}>" for name, _tag in reversed(stack))
        pieces.append(prefix + "".join(body) + closers)
        open_tags = stack
        start = cut
    return [piece for piece in pieces if piece]


_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|\s+|.", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*>")


def _apply_tag(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    match = _TAG.fullmatch(token)
    if match is None:
        return stack
    closing, name = match.group(1), match.group(2).lower()
    if not closing:
        return [*stack, (name, token)]
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0] == name:
            return stack[:index] + stack[index + 1:]
    return stack


# -- command menu ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CommandMenu:
    """The commands shown for one ``language_code`` (None: everyone without a menu of their own)."""

    language_code: str | None
    commands: tuple[tuple[str, str], ...]  # (command, description)


COMMANDS: tuple[tuple[str, Msg], ...] = (
    ("start", _("Start or continue your application")),
    ("help", _("How this bot works")),
    ("language", _("Switch between English and Traditional Chinese")),
    ("cancel", _("Stop the current questions (your answers are kept)")),
    ("status", _("See your progress")),
    ("export", _("Copy sheet, PDF and ZIP of your application")),
    ("ask", _("Ask a question about the Gold Card")),
    ("human", _("Talk to a person from the help desk")),
    ("reminders", _("Your reminders")),
    ("privacy", _("How your data is handled")),
    ("mydata", _("What is stored about you")),
    ("delete", _("Erase everything stored about you")),
)

# Telegram language code of a menu → the locale its descriptions are written in.
MENU_LOCALES: tuple[tuple[str | None, str], ...] = ((None, "en"), ("zh", "zh_TW"))


def command_menus() -> list[CommandMenu]:
    """The default (English) menu and the Chinese one (``language_code="zh"``, Traditional Chinese)."""
    return [CommandMenu(code, tuple((name, render(text, locale, PLAIN)) for name, text in COMMANDS))
            for code, locale in MENU_LOCALES]


# -- the door's own messages -------------------------------------------------------------------
CHOOSE_BELOW = _("Please choose:")
SOMETHING_WENT_WRONG = _("Sorry, something went wrong on my side. Please try again in a moment: "
                         "everything you answered before is saved.")
UNSUPPORTED_MESSAGE = _("Sorry, I can only read text messages, button presses, documents and photos.")
STAFF_UNREACHABLE = _("Sorry, your message could not reach the help desk just now. Please send it again in a "
                      "moment.")


def notice(message: Msg, locale: str) -> OutgoingMessage:
    return OutgoingMessage(render(message, locale, HTML))
