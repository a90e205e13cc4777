"""The new application's tabs (seed 001 STEP 11-19; platform.md §2.2), in platform order, each built
from its forms section: 基本資料 → 護照資料 → 簽證申請(繳驗護照) → 居留申請 → 領域專長.

The opening questions (bot/dialogs/eligibility.py) lead into the first tab once confirmed; the last
tab (文件上傳, the document checklist) leads to the review card.
"""

from __future__ import annotations

import dataclasses

from bot.dialogs.from_forms import section_flow
from bot.dialogs.reminding import passport_validity
from bot.engine.documents_tab import DOCUMENTS_SCREEN, checklist_lines, checklist_of
from bot.engine.flow import Answers, Flow
from bot.forms.sections import section

APPLICATION = "application"
TAB_ORDER = ("basic_data", "passport_data", "visa_application", "residence", "field_of_expertise", "documents")


def documents_flow() -> Flow:
    """文件上傳: the personal checklist and the uploads (bot/engine/documents_tab.py)."""
    item = section("documents")

    def unfinished(answers: Answers) -> bool:
        return bool(checklist_of(answers).missing)

    return Flow(name="documents", title=item.en, label_zh=item.zh, questions=(), part_of=APPLICATION,
                personal=True, screen=DOCUMENTS_SCREEN, summary=checklist_lines, unfinished=unfinished)


def tab_flows() -> tuple[Flow, ...]:
    question_tabs = TAB_ORDER[:-1]  # the order they lead to each other: APPLICATION_CHAIN (bot/dialogs/__init__.py)
    tabs = [section_flow(key, part_of=APPLICATION,
                         skip=frozenset({"salary", "qualification_route"}) if key == "field_of_expertise"
                         else frozenset())
            for key in question_tabs]
    # the passport's expiry date: a reminder before it falls under 6 months of validity
    tabs = [dataclasses.replace(tab, on_answer=passport_validity) if tab.name == "passport_data" else tab
            for tab in tabs]
    return (*tabs, documents_flow())
