"""The console door: the same engine in a terminal, or fed by a pipe.

Each input line is one message. A line equal to a button's shown number or its label presses that
button (of the latest message with buttons); ``/upload PATH`` sends a file. Buttons are printed with
their numbers. Works without a Telegram token, on the embedded SQLite default.
"""

from __future__ import annotations

import asyncio
import stat
import sys
from pathlib import Path
from typing import TextIO

from bot.engine.engine import Engine
from bot.engine.events import Button, Event, EventKind, FileRef, Outcome
from bot.engine.intake import LocalFileFetcher
from bot.i18n import PLAIN, _, render


class ConsoleDoor:
    def __init__(self, engine: Engine, user_id: int, *, lang: str | None = None,
                 stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
        self.engine = engine
        self.user_id = user_id
        self.lang = lang
        self.stdin = stdin
        self.stdout = stdout
        self.buttons: list[Button] = []
        self.locale = lang or "en"
        if engine.services.fetcher is None:
            engine.services.fetcher = LocalFileFetcher()

    async def run(self) -> None:
        await self.send(Event.from_text(self.user_id, f"/start lang_{self.lang}" if self.lang else "/start",
                                        language_code=self.lang))
        interactive = self.stdin.isatty()
        while True:
            if interactive:
                self.stdout.write("> ")
                self.stdout.flush()
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                break
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            event = self.to_event(text)
            if event is None:
                self.stdout.write(render(_("That is not a file that can be sent: give the path of a regular file "
                                           "(a PDF or an image), not a folder or a device."), self.locale, PLAIN)
                                  + "\n\n")
                continue
            await self.send(event)

    def to_event(self, text: str) -> Event | None:
        """The event for an input line; None (after saying why) for ``/upload`` of what is not a file."""
        stripped = text.strip()
        if stripped.startswith("/upload "):
            path = Path(stripped[len("/upload "):].strip()).expanduser()
            size = _regular_file_size(path)
            if size is None:
                return None
            # the size is announced like Telegram's: over 20 MB the engine refuses before reading anything
            return Event(self.user_id, EventKind.FILE, file=FileRef(str(path), path.name, size),
                         language_code=self.lang)
        pressed = self.match_button(stripped)
        if pressed is not None:
            return Event(self.user_id, EventKind.BUTTON, button=pressed.data, language_code=self.lang)
        return Event.from_text(self.user_id, text, language_code=self.lang)

    def match_button(self, text: str) -> Button | None:
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            return self.buttons[int(text) - 1]
        wanted = text.casefold()
        return next((b for b in self.buttons if render(b.label, self.locale).casefold() == wanted), None)

    async def send(self, event: Event) -> None:
        outcome = await self.engine.handle(event)
        self.show(outcome)
        await self.engine.mark_delivered(outcome.delivery_key)

    def show(self, outcome: Outcome) -> None:
        """Print the replies; buttons are numbered across all of them, and all stay pressable."""
        self.locale = outcome.locale
        pressable = [button for reply in outcome.replies for button in reply.button_list()]
        if pressable:
            self.buttons = pressable
        number = 0
        for reply in outcome.replies:
            text = "\n\n".join(t for t in (render(part, outcome.locale, PLAIN) for part in reply.parts) if t)
            for attachment in reply.attachments:
                self.stdout.write(f"[{attachment.filename}: {len(attachment.data)} bytes]\n")
            if text:
                self.stdout.write(text + "\n")
            if reply.buttons:
                for row in reply.buttons:
                    cells = []
                    for button in row:
                        number += 1
                        cells.append(f"[{number}] {render(button.label, outcome.locale, PLAIN)}")
                    self.stdout.write("  ".join(cells) + "\n")
            self.stdout.write("\n")
        self.stdout.flush()


def _regular_file_size(path: Path) -> int | None:
    """The size of a regular file at ``path``; None for a folder, a device (/dev/zero), a FIFO or nothing."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
