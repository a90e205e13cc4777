"""The conversation's storage and the shared draft: one maps onto the other; cross-tab findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.dialogs.draft_io import DraftShapeError, import_json, review_findings, to_draft, to_sections
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
