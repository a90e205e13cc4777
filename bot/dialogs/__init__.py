"""The dialogs: one flow per module, declared as data; ``FLOWS`` lists them in menu order.

The application runs: opening questions → 系統使用聲明事項 (STEP 10) → 基本資料 → 護照資料 → 簽證申請(繳驗護照)
→ 居留申請 → the qualification check (the bot's own, before the field is chosen) → 領域專長 → 文件上傳 → review.
The flows before and after the application (registration, 完成送出, supplement, after approval, change of
card data, Taiwan Jobs) come from :mod:`bot.dialogs.journey` and follow in the menu.
"""

from __future__ import annotations

import dataclasses
from itertools import pairwise

from bot.dialogs.application import tab_flows
from bot.dialogs.declaration import DECLARATION
from bot.dialogs.eligibility import OPENING
from bot.dialogs.journey import journey_flows
from bot.dialogs.qualification import QUALIFICATION
from bot.engine.flow import Flow

APPLICATION_CHAIN: tuple[str, ...] = (
    "opening", "declaration", "basic_data", "passport_data", "visa_application", "residence", "qualification",
    "field_of_expertise", "documents",
)
"""The application's flows in the order the applicant walks them: each leads to the next once complete
(``Flow.next_flow``, set here only); the last leads to the review card."""


def _flows() -> dict[str, Flow]:
    following = dict(pairwise(APPLICATION_CHAIN))
    return {flow.name: dataclasses.replace(flow, next_flow=following[flow.name]) if flow.name in following else flow
            for flow in (OPENING, DECLARATION, *tab_flows(), QUALIFICATION, *journey_flows())}


FLOWS: dict[str, Flow] = _flows()
