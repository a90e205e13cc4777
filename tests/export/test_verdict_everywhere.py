"""One verdict everywhere: for every rule across tabs, a draft that breaks it gets the same verdict from the
review card's checker (and /status, which calls the same), the chat export, the PDF text, ``export`` and
``check-draft`` (on draft.json, the ZIP and the PDF export writes); the fixed draft is complete in all."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.export.chat import copy_sheet_replies
from bot.forms.crosstab import CROSS_RULES
from bot.forms.draft import ApplicationDraft
from bot.forms.draft_io import review_findings, to_sections
from bot.forms.verdict import verdict
from bot.forms.verdict_text import headline
from bot.i18n import render
from tests.conftest import TODAY
from tests.export.conftest import DRAFTS, pdfium_text, squeezed

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        section, key = path.split(".")
        data[section][key] = value
    return edit


def _drop_document(item: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["documents"]["files"] = [f for f in data["documents"]["files"] if f["document"] != item]
    return edit


def _photo_warning(data: dict[str, Any]) -> None:
    photo = next(f for f in data["documents"]["files"] if f["document"] == "photo")
    photo["warnings"] = [{"en": "The background does not look plain white.", "zh": "背景看起來不是純白色。"}]


def _entered_on_a_visa(data: dict[str, Any]) -> None:
    data["opening"].update(inside_taiwan=True, entry_document="visitor_visa_60_restricted")
    data["visa_application"]["ever_issued_roc_visa"] = False


# rule id → (how the draft breaks it, the status it gets, the path of its finding)
CASES: dict[str, tuple[list[Edit], str, str]] = {
    "opening_confirmed": ([_set("opening.confirmed_on", None)], "incomplete", "opening.confirmed_on"),
    "identity_vs_passport": ([_set("basic_data.nationality", "US")], "problems", "opening.nationality_identity"),
    "visa_vs_entry": ([_entered_on_a_visa], "problems", "visa_application.ever_issued_roc_visa"),
    "passport_validity_plausible": ([_set("passport_data.passport_expiry_date", "2034-02-14")], "complete",
                                    "passport_data.passport_expiry_date"),
    "passport_valid_at_submission": ([_set("passport_data.passport_expiry_date", "2027-07-01"),
                                      _set("declaration.planned_submission_date", "2027-01-21")], "problems",
                                     "passport_data.passport_expiry_date"),
    "residence_address_later": ([_set("residence.residence_address", None)], "complete",
                                "residence.residence_address"),
    "route_vs_field": ([_set("field_of_expertise.qualification_route", "economics.1")], "problems",
                       "field_of_expertise.qualification_route"),
    "documents_required": ([_drop_document("employment_certificate")], "incomplete",
                           "documents.employment_certificate"),
    "documents_warning": ([_photo_warning], "complete", "documents.photo"),
}


def test_every_rule_across_tabs_has_a_case() -> None:
    assert {rule.id for rule in CROSS_RULES} <= set(CASES)


def _draft(edits: list[Edit]) -> dict[str, Any]:
    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    for edit in edits:
        edit(data)
    return data


def _line(text: str) -> str:
    """A headline as a PDF's text shows it: without spaces, from its first letter (emoji may differ)."""
    plain = squeezed(text)
    return plain[re.search(r"[A-Za-z\u4e00-\u9fff]", plain).start():]  # type: ignore[union-attr]


@pytest.mark.parametrize("case", [None, *CASES])
def test_the_same_verdict_everywhere(case: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edits, status, path = CASES[case] if case else ([], "complete", "")
    data = _draft(edits)
    draft = ApplicationDraft.model_validate(data)
    judged = verdict(draft, TODAY)
    findings = {f.path for f in (*judged.missing, *judged.problems, *judged.notes)}
    assert judged.status == status and (not path or path in findings), [render(f.message, "en") for f in
                                                                        judged.problems + judged.missing]
    if case:  # the finding comes from the rule across tabs itself (with its source)
        rule = "documents_required" if case == "documents_warning" else case
        assert any(f.rule == rule and f.source and f.path == path
                   for f in (*judged.missing, *judged.problems, *judged.notes))
    title = render(headline(judged), "en")
    # the review card and /status (the engine's checker on the chat's stored sections)
    sections = to_sections(draft)
    if draft.opening and draft.opening.confirmed_on:
        sections["opening"]["_confirmed"] = draft.opening.confirmed_on
    review = review_findings(sections, TODAY)
    assert review is not None and review.status == status
    assert {f.path for f in (*review.missing, *review.problems, *review.notes)} == findings
    # the chat export
    chat = "\n".join(render(part, "en") for reply in copy_sheet_replies(draft, "en", TODAY) for part in reply.parts)
    assert title in chat
    # goldcard-bot export: its message, and the PDF it writes
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "--draft", str(source), "--out", str(out), "--today", TODAY.isoformat()]) == 0
    assert title in capsys.readouterr().out
    assert _line(title) in squeezed("".join(pdfium_text((out / "copy-sheet.pdf").read_bytes())))
    # check-draft on every file export wrote
    written = [out / "draft.json", out / "copy-sheet.pdf", *out.glob("goldcard-export-*.zip")]
    assert len(written) == 3
    for file in written:
        code = main(["check-draft", str(file), "--json", "--today", TODAY.isoformat()])
        result = json.loads(capsys.readouterr().out)
        assert code == (0 if status == "complete" else 1), file.name
        assert result["status"] == status and {p["path"] for p in result["problems"]} == findings


def test_a_missing_document_is_never_complete(tmp_path: Path) -> None:
    draft = ApplicationDraft.model_validate(_draft([_drop_document("employment_certificate")]))
    judged = verdict(draft, TODAY)
    assert not judged.complete and judged.tab("documents") is not None
    assert "國內外服務證明" in {f.zh for f in judged.tab("documents").missing}  # type: ignore[union-attr]
