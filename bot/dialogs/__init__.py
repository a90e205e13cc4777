"""The dialogs: one flow per module, declared as data; ``FLOWS`` lists them in menu order."""

from __future__ import annotations

import dataclasses

from bot.dialogs.application import TAB_ORDER, tab_flows
from bot.dialogs.eligibility import OPENING
from bot.engine.flow import Flow

FLOWS: dict[str, Flow] = {flow.name: flow for flow in (
    dataclasses.replace(OPENING, next_flow=TAB_ORDER[0]),
    *tab_flows(),
)}
