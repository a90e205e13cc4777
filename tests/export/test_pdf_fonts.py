"""The PDF prints every character an applicant types: Traditional and Simplified Han, Latin with
diacritics, Japanese kana and Hangul (Noto Sans TC, then SC, KR and Noto Sans as fallbacks)."""

from __future__ import annotations

import json

from bot.export.bundle import build_export
from bot.export.font import covered, printable
from bot.forms.draft import ApplicationDraft
from tests.conftest import TODAY
from tests.export.conftest import DRAFTS, pdfium_text, squeezed

TYPED = {
    "chinese_name": "陈大卫",  # Simplified
    "english_given_name": "José Łukasz Ærø Şahin Nguyễn",  # Latin with diacritics
    "occupation": "山田はなこ カタカナ 김민준 韓以森",  # kana, Hangul, Traditional
}


def test_every_typed_character_is_covered() -> None:
    for text in TYPED.values():
        assert printable(text) == text
    assert ord("😀") not in covered() and printable("A😀") == "A?"  # what no font has still becomes ?


def test_the_pdf_text_has_every_typed_character() -> None:
    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    data["basic_data"].update(TYPED)
    bundle = build_export(ApplicationDraft.model_validate(data), locale="en", today=TODAY)
    text = squeezed("".join(pdfium_text(bundle.pdf)))
    for typed in TYPED.values():
        assert squeezed(typed) in text, typed
    assert "?大?" not in text
