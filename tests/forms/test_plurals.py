"""Counts in words through ngettext, in both languages: "1 year" / "3 years", "1 note" / "2 notes",
"1 page" / "2 pages" (頁, 年, 則 in Chinese, which has one form) — never "year(s)" or "1 pages"."""

from __future__ import annotations

from bot.dialogs.supplement_files import _file_lines
from bot.forms import fees
from bot.forms.verdict_text import headline
from bot.i18n import render


def test_fee_years() -> None:
    one, three = fees.application_fee("H", 1), fees.application_fee("H", 3)
    assert one is not None and three is not None
    assert "for 1 year." in render(one.explanation, "en") and "for 3 years." in render(three.explanation, "en")
    assert "1 年新臺幣" in render(one.explanation, "zh_TW")
    special = fees.application_fee("A", 1)
    assert special is not None and "for 1 year, plus" in render(special.explanation, "en")


def test_verdict_notes() -> None:
    class Fake:
        def __init__(self, notes: int, complete: bool) -> None:
            self.missing, self.problems, self.notes, self.complete = [], [], ["n"] * notes, complete

    assert "(1 note to read)" in render(headline(Fake(1, True)), "en")  # type: ignore[arg-type]
    assert "(2 notes to read)" in render(headline(Fake(2, True)), "en")  # type: ignore[arg-type]
    assert render(headline(Fake(1, False)), "en").endswith("0 to fix, 1 note.")  # type: ignore[arg-type]
    assert "提醒 2 則" in render(headline(Fake(2, False)), "zh_TW")  # type: ignore[arg-type]


def test_supplement_file_pages() -> None:
    lines = _file_lines([{"file_name": "a.pdf", "size": 1500, "pages": 1},
                         {"file_name": "b.pdf", "size": 10, "pages": 2}])
    assert [render(line, "en") for line in lines] == ["1. a.pdf: 2 KB, 1 page", "2. b.pdf: 10 B, 2 pages"]
    assert render(lines[0], "zh_TW") == "1. a.pdf：2 KB，1 頁"
