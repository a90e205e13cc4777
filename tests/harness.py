"""A chat with the engine for tests: send text or press buttons by label, read the rendered replies."""

from __future__ import annotations

from itertools import count

from bot.engine.engine import Engine
from bot.engine.events import Button, Event, EventKind, Outcome
from bot.i18n import PLAIN, render


class Chat:
    _updates = count(1)

    def __init__(self, engine: Engine, user_id: int = 7, language_code: str | None = "en") -> None:
        self.engine = engine
        self.user_id = user_id
        self.language_code = language_code
        self.locale = "en"
        self.buttons: list[Button] = []
        self.history: list[list[Button]] = []
        self.transcript: list[str] = []

    def _key(self) -> str:
        return f"test:{next(self._updates)}"

    async def deliver(self, event: Event) -> list[str]:
        outcome = await self.engine.handle(event)
        await self.engine.mark_delivered(outcome.delivery_key)
        return self.read(outcome)

    def read(self, outcome: Outcome) -> list[str]:
        self.locale = outcome.locale
        texts = []
        replacing = outcome.edit.replace_with if outcome.edit is not None else None  # a card edited into the next
        replies = (*((replacing,) if replacing is not None else ()), *outcome.replies)
        pressable = [button for reply in replies for button in reply.button_list()]
        if pressable:  # every message of this answer keeps its buttons pressable
            self.buttons = pressable
            self.history.append(pressable)
        for reply in replies:
            texts.append("\n\n".join(t for t in (render(p, outcome.locale, PLAIN) for p in reply.parts) if t))
        if outcome.toast is not None:  # a door shows it on the pressed button
            texts.append(render(outcome.toast, outcome.locale, PLAIN))
        self.transcript.extend(texts)
        return texts

    async def send(self, text: str) -> str:
        event = Event.from_text(self.user_id, text, update_key=self._key(), language_code=self.language_code)
        return "\n---\n".join(await self.deliver(event))

    async def press(self, label: str) -> str:
        return await self.press_button(self.find(label))

    async def press_button(self, button: Button) -> str:
        event = Event(self.user_id, EventKind.BUTTON, update_key=self._key(), button=button.data,
                      language_code=self.language_code)
        return "\n---\n".join(await self.deliver(event))

    def labels(self) -> list[str]:
        return [render(b.label, self.locale, PLAIN) for b in self.buttons]

    def find(self, label: str) -> Button:
        for button in self.buttons:
            if render(button.label, self.locale, PLAIN) == label:
                return button
        for button in self.buttons:
            if label in render(button.label, self.locale, PLAIN):
                return button
        raise AssertionError(f"no button {label!r} among {self.labels()}")
