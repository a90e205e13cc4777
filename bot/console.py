"""The console door: the same engine in a terminal, or fed by a pipe.

Each input line is one message. A line equal to a button's label presses that button; a number presses
the button with that number only when the latest reply offered choices (at a text question, with only
Back or Skip shown, "3" is the answer). ``/upload PATH`` sends a file; files the bot sends (the export's
PDF and ZIP) are written into ``export_dir`` (``goldcard-bot chat``: DATA_DIR/exports) and their paths
printed. Works without a Telegram token, on
the embedded SQLite default.
"""

from __future__ import annotations

import asyncio
import stat
import sys
from pathlib import Path
from typing import TextIO

from bot.engine.engine import Engine
from bot.engine.events import Attachment, Button, Event, EventKind, FileRef, Outcome
from bot.engine.intake import LocalFileFetcher
from bot.engine.state import Action, ButtonData
from bot.i18n import PLAIN, _, render

LEAVE_HINT = _("Type your answers, or the number of a button. Ctrl-D leaves.")
NAVIGATION = frozenset({Action.BACK, Action.KEEP, Action.SKIP})


class ConsoleDoor:
    def __init__(self, engine: Engine, user_id: int, *, lang: str | None = None,
                 stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, export_dir: Path | None = None) -> None:
        self.engine = engine
        self.export_dir = export_dir  # None: files are only announced (tests, pipes)
        self.user_id = user_id
        self.lang = lang
        self.stdin = stdin
        self.stdout = stdout
        self.buttons: list[Button] = []
        self.numbered = False  # the latest reply offered choices: a number presses one
        self.locale = lang or "en"
        if engine.services.fetcher is None:
            engine.services.fetcher = LocalFileFetcher()

    async def run(self) -> None:
        self.stdout.write(render(LEAVE_HINT, self.locale) + "\n\n")
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
        if text.isdigit() and self.numbered and 1 <= int(text) <= len(self.buttons):
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
        pressable = [button for reply in outcome.replies for button in reply.button_list() if button.data]
        if pressable or outcome.replies:
            self.buttons = pressable
            self.numbered = any((data := ButtonData.parse(b.data)) is None or data.action not in NAVIGATION
                                for b in pressable)
        if outcome.toast is not None:
            self.stdout.write(render(outcome.toast, outcome.locale, PLAIN) + "\n\n")
        number = 0
        for reply in outcome.replies:
            text = "\n\n".join(t for t in (render(part, outcome.locale, PLAIN) for part in reply.parts) if t)
            for attachment in reply.attachments:
                self.stdout.write(self.save(attachment) + "\n")
            if text:
                self.stdout.write(text + "\n")
            for row in reply.buttons:
                cells = []
                for button in row:
                    label = render(button.label, outcome.locale, PLAIN)
                    if button.url:
                        cells.append(f"{label}: {button.url}")
                    elif button.data:
                        number += 1
                        cells.append(f"[{number}] {label}")
                if cells:
                    self.stdout.write("  ".join(cells) + "\n")
            self.stdout.write("\n")
        self.stdout.flush()

    def save(self, attachment: Attachment) -> str:
        """Write a file the bot sent into ``export_dir``; the line that says where it is."""
        if self.export_dir is None:
            return f"[{attachment.filename}: {len(attachment.data)} bytes]"
        self.export_dir.mkdir(parents=True, exist_ok=True)
        path = self.export_dir / Path(attachment.filename).name
        path.write_bytes(attachment.data)
        return f"[{attachment.filename}: {len(attachment.data)} bytes → {path.resolve()}]"

def _regular_file_size(path: Path) -> int | None:
    """The size of a regular file at ``path``; None for a folder, a device (/dev/zero), a FIFO or nothing."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
