"""The new application's tabs (seed 001 STEP 11-19; platform.md §2.2), in platform order, each built
from its forms section: 基本資料 → 護照資料 → 簽證申請(繳驗護照) → 居留申請 → 領域專長.

The opening questions (bot/dialogs/eligibility.py) lead into the first tab once confirmed; the last
tab leads to the review card.
"""

from __future__ import annotations

from bot.dialogs.from_forms import section_flow
from bot.engine.flow import Flow

APPLICATION = "application"
TAB_ORDER = ("basic_data", "passport_data", "visa_application", "residence", "field_of_expertise")


def tab_flows() -> tuple[Flow, ...]:
    following = (*TAB_ORDER[1:], None)
    return tuple(
        section_flow(key, next_flow=next_key, part_of=APPLICATION,
                     skip=frozenset({"salary"}) if key == "field_of_expertise" else frozenset())
        for key, next_key in zip(TAB_ORDER, following, strict=True)
    )
