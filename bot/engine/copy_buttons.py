"""Tap-to-copy buttons (Bot API ``copy_text``) for the values a reply shows: every line ``{label}: {value}``
whose value is shown as code gets a button labelled by the field that copies the exact value (the copy
sheet, the review card).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.engine.events import Button, Reply
from bot.i18n import Code, Msg, verbatim

MAX_COPY_TEXT = 256  # Bot API: CopyTextButton.text is 1-256 characters


def copy_rows(parts: tuple[Msg, ...]) -> tuple[tuple[Button, ...], ...]:
    """A copy button per value shown in ``parts``, two to a row."""
    buttons = [Button(label, "", copy_text=value) for label, value in copy_values(parts)]
    return tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))


def with_copy_buttons(reply: Reply) -> Reply:
    """``reply`` with a tap-to-copy button for each value it shows (two to a row), labelled by the field."""
    rows = copy_rows(reply.parts)
    if not rows:
        return reply
    return Reply(parts=reply.parts, buttons=(*reply.buttons, *rows), attachments=reply.attachments)


def copy_values(parts: tuple[Msg, ...]) -> Iterator[tuple[Msg, str]]:
    """(label, exact value) of every line ``{label}: {value}`` whose value is shown as code."""
    for part in parts:
        yield from _lines(part)


def _lines(message: Msg) -> Iterator[tuple[Msg, str]]:
    label = message.params.get("label")
    value = _code(message.params.get("value"))
    if label is not None and value is not None and 0 < len(value) <= MAX_COPY_TEXT:
        yield (label if isinstance(label, Msg) else verbatim(str(label))), value
        return
    for param in message.params.values():
        if isinstance(param, Msg):
            yield from _lines(param)


def _code(value: Any) -> str | None:
    if isinstance(value, Code):
        return value.value
    if isinstance(value, Msg):
        return next((found for param in value.params.values() if (found := _code(param)) is not None), None)
    return None
