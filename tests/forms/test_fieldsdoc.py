"""docs/fields.md is generated from the field metadata and must not drift."""

from __future__ import annotations

from pathlib import Path

from bot.forms.fieldsdoc import generate
from bot.forms.sections import SECTIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "fields.md"


def test_committed_doc_equals_generated_output() -> None:
    assert DOC.read_text(encoding="utf-8") == generate(), \
        "docs/fields.md is stale: run `python -m bot.forms.fieldsdoc > docs/fields.md`"


def test_doc_covers_every_field_with_rule_and_source() -> None:
    text = generate()
    for item in SECTIONS:
        assert f"(`{item.key}`)" in text
        for ref in item.fields():
            row = next(line for line in text.splitlines() if line.startswith(f"| `{ref.key}` | {ref.spec.zh}"))
            cells = [cell.strip() for cell in row.strip("|").split(" | ")]
            assert len(cells) == 6 and all(cells), row
