"""The conversation's storage and the shared draft: one maps onto the other; cross-tab findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.forms.draft_io import DraftShapeError, import_json, review_findings, to_draft, to_sections
from bot.i18n import render
from tests.conftest import TODAY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_stored_sections_round_trip_through_the_draft() -> None:
    sections = import_json((FIXTURES / "draft_complete.json").read_bytes())
    sections["opening"]["_confirmed"] = "2026-11-21"
    sections["qualification"] = {"salary_route": True}  # the bot's own: not part of the draft
    draft = to_draft(sections)
    assert draft.is_complete(TODAY)
    again = to_sections(draft)
    assert again == {k: {kk: vv for kk, vv in v.items() if not kk.startswith("_")}
                     for k, v in sections.items() if k != "qualification"}


def test_findings_name_invalid_values_across_tabs() -> None:
    sections = import_json((FIXTURES / "draft_complete.json").read_bytes())
    sections["passport_data"]["passport_issue_date"] = "1980-01-01"  # before the birth date
    judged = review_findings(sections, TODAY)
    assert judged is not None and not judged.complete
    assert "passport_data.passport_issue_date" in {f.path for f in judged.problems}
    confirmed = import_json((FIXTURES / "draft_complete.json").read_bytes())
    confirmed["opening"]["_confirmed"] = TODAY.isoformat()  # an import is confirmed again in the chat
    complete = review_findings(confirmed, TODAY)
    assert complete is not None and complete.complete, [render(f.message, "en") for f in complete.missing]


def test_not_a_draft_is_refused() -> None:
    with pytest.raises(DraftShapeError):
        import_json(b"[1, 2]")
    with pytest.raises(DraftShapeError):
        import_json(json.dumps({"basic_data": {"shoe_size": 44}}))


def test_the_qualification_route_and_salary_conversion_are_stored_and_printed() -> None:
    from bot.export.chat import copy_sheet_replies

    sections = import_json((FIXTURES / "draft_complete.json").read_bytes())
    sections["field_of_expertise"] = {"professional_field": "digital"}  # as the chat stores the tab
    sections["qualification"] = {"salary_route": "check", "salary_amount": "5200", "salary_currency": "EUR",
                                 "salary_period": "month", "salary_rate": "34.5", "salary_earned_in": "2026-09",
                                 "professional_field": "digital", "digital.2": True}
    draft = to_draft(sections, TODAY)
    expertise = draft.field_of_expertise
    assert expertise is not None and expertise.qualification_route == "digital.2"
    assert expertise.salary is not None and str(expertise.salary.monthly_twd) == "179400.00"
    assert (expertise.salary.amount, expertise.salary.currency, str(expertise.salary.rate_to_twd)) == (
        5200, "EUR", "34.5")
    text = "\n".join(render(part, "zh_TW") for reply in copy_sheet_replies(draft, "zh_TW", TODAY)
                     for part in reply.parts)
    assert "數位領域第2款" in text and "179400.00" in text and "34.5" in text and "EUR" in text
