"""The dialogs: one flow per module, declared as data; ``FLOWS`` lists them in menu order.

The application runs: opening questions → 系統使用聲明事項 (STEP 10) → 基本資料 → 護照資料 → 簽證申請(繳驗護照)
→ 居留申請 → the qualification check (the bot's own, before the field is chosen) → 領域專長 → 文件上傳 → review.
The flows before and after the application (registration, 完成送出, supplement, after approval, change of
card data, Taiwan Jobs) come from :mod:`bot.dialogs.journey` and follow in the menu.
"""

from __future__ import annotations

import dataclasses

from bot.dialogs.application import TAB_ORDER, tab_flows
from bot.dialogs.declaration import DECLARATION
from bot.dialogs.eligibility import OPENING
from bot.dialogs.journey import journey_flows
from bot.dialogs.qualification import QUALIFICATION
from bot.engine.flow import Flow


def _flows() -> dict[str, Flow]:
    tabs = {flow.name: flow for flow in tab_flows()}
    tabs["residence"] = dataclasses.replace(tabs["residence"], next_flow=QUALIFICATION.name)
    return {flow.name: flow for flow in (
        dataclasses.replace(OPENING, next_flow=DECLARATION.name),
        dataclasses.replace(DECLARATION, next_flow=TAB_ORDER[0]),
        *tabs.values(),
        dataclasses.replace(QUALIFICATION, next_flow="field_of_expertise"),
        *journey_flows(),
    )}


FLOWS: dict[str, Flow] = _flows()
