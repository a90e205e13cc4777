"""The export as a feature of the chat (registered in ``bot/features.py``): /export and its button show the
one-message export (:mod:`bot.engine.export_menu`), a part's button sends that part (valid on any message),
and a draft.json sent in the chat is imported (:mod:`bot.engine.export_chat`)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine.core import ActionHandler, CommandHandler, Feature, TurnCore
from bot.engine.effects import BuildExport
from bot.engine.events import Event, Reply
from bot.engine.intake import Services
from bot.engine.state import Action, ButtonData


class Export(Feature):
    def commands(self) -> Mapping[str, CommandHandler]:
        return {"export": _show}

    def actions(self) -> Mapping[str, ActionHandler]:
        return {Action.EXPORT: _show_pressed}

    async def on_press(self, turn: TurnCore, data: ButtonData) -> bool:
        if data.action != Action.EXPORT or not data.arg:
            return False
        from bot.engine import export_menu  # lazy for start-up: the export's PDF library loads only when used

        await export_menu.send_part(turn, data.arg)
        return True

    async def on_file(self, turn: TurnCore, event: Event) -> bool:
        if turn.prepared is None or turn.prepared.import_data is None:
            return False
        from bot.engine import export_chat  # lazy for start-up: the export's PDF library loads only when used

        await export_chat.import_file(turn, turn.prepared.import_data)
        return True

    async def build(self, effect: BuildExport, services: Services) -> tuple[Reply, ...] | None:
        from bot.export.effect import build_export  # lazy for start-up: the export's PDF library loads when used

        return await build_export(effect, services)


async def _show(turn: TurnCore, _args: str) -> None:
    from bot.engine import export_menu  # lazy for start-up: the export's PDF library loads only when used

    await export_menu.show_export(turn)


async def _show_pressed(turn: TurnCore, data: ButtonData) -> bool:
    await _show(turn, "")
    return True
