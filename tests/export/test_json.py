"""The JSON export: an envelope around the draft as `goldcard-bot schema` describes it; reading it back."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.export.json_file import (
    FORMAT,
    ImportRefused,
    draft_data,
    export_json,
    parse_export,
    read_export,
)
from bot.forms.draft import load_draft
from bot.forms.draft_io import import_json
from bot.forms.schema import draft_json_schema
from bot.i18n import render
from bot.i18n_catalogs import simplified_characters
from tests.conftest import TODAY
from tests.export.conftest import DRAFTS, draft_of


def test_envelope_holds_the_draft_its_schema_version_date_and_label(sample: str) -> None:
    draft = draft_of(sample)
    text = export_json(draft, generated=TODAY, label="Ethan")
    data = json.loads(text)
    assert list(data) == ["format", "format_version", "generated", "label", "draft"]
    assert data["format"] == FORMAT and data["format_version"] == 1
    assert data["generated"] == "2026-11-21" and data["label"] == "Ethan"
    body = data["draft"]
    assert body["schema_version"] == 1
    schema = draft_json_schema()
    assert list(body) == list(schema["properties"])  # every section, in the schema's order
    assert load_draft(json.dumps(body)) == draft  # the draft itself is what check-draft reads
    assert "韓以森" in text  # readable Chinese, not \\u escapes
    assert text.endswith("}\n")


def test_the_same_draft_gives_the_same_bytes() -> None:
    first = export_json(draft_of("complete"), generated=TODAY, label=None)
    again = export_json(read_export(first).draft, generated=TODAY, label=None)
    assert first == again


def test_read_export_accepts_the_envelope_and_a_bare_draft(sample: str) -> None:
    draft = draft_of(sample)
    exported = read_export(export_json(draft, generated=date(2026, 1, 2), label="  Ethan\n Hunt\x07 "))
    assert exported.draft == draft
    assert exported.label == "Ethan Hunt"  # control characters and runs of spaces cleaned
    assert exported.generated == date(2026, 1, 2)
    bare = read_export(DRAFTS[sample].read_bytes())
    assert bare.draft == draft and bare.label is None and bare.generated is None


def test_parse_export_gives_the_chats_storage() -> None:
    text = export_json(draft_of("complete"), generated=TODAY, label="x")
    assert parse_export(text.encode()) == import_json(DRAFTS["complete"].read_bytes())
    assert parse_export(text)["passport_data"]["passport_number"] == "C01X00T47"


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x89PNG\r\n\x1a\n", "not JSON"),
    (b"[1, 2, 3]", "not a JSON object"),
    (b'{"format": "something-else", "draft": {}}', "unknown format"),
    (json.dumps({"format": FORMAT, "format_version": 2, "draft": {}}).encode(), "newer format"),
    (json.dumps({"format": FORMAT, "format_version": 1, "draft": {}, "extra": 1}).encode(), "unknown keys"),
    (json.dumps({"format": FORMAT, "format_version": 1, "draft": [1]}).encode(), "no draft"),
    (json.dumps({"format": FORMAT, "format_version": 1,
                 "draft": {"basic_data": {"shoe_size": 44}}}).encode(), "not a draft"),
    (json.dumps({"basic_data": {"date_of_birth": 19900503}}).encode(), "not a draft"),
    (b" " * (1024 * 1024 + 1), "too large"),
])
def test_what_is_not_a_draft_export_is_refused_with_a_message(data: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused) as caught:
        read_export(data)
    assert caught.value.reason == reason
    english, chinese = render(caught.value.message, "en"), render(caught.value.message, "zh_TW")
    assert english.startswith("This ") and english != chinese  # said to the user, in their language
    assert not simplified_characters(chinese) and any("\u4e00" <= ch <= "\u9fff" for ch in chinese)
    if reason == "not a draft":
        assert caught.value.details  # names the places ...
        assert all("44" not in detail and "19900503" not in detail for detail in caught.value.details)  # not values


def test_an_incomplete_draft_reads_back_fine() -> None:
    exported = read_export(export_json(draft_of("incomplete"), generated=TODAY, label=None))
    assert not exported.draft.is_complete(TODAY)
    assert "passport_data" in exported.draft.missing()


def test_draft_data_keeps_unstarted_sections_as_null() -> None:
    data = draft_data(draft_of("incomplete"))
    assert data["residence"] is None and data["submission"] is None
