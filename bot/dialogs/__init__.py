"""The dialogs: one flow per module, declared as data; ``FLOWS`` lists them in menu order."""

from __future__ import annotations

from bot.dialogs.eligibility import OPENING
from bot.engine.flow import Flow

FLOWS: dict[str, Flow] = {flow.name: flow for flow in (OPENING,)}
